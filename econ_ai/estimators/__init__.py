"""Estimators: Design -> Result. Heavy libraries are imported inside the estimator modules."""
