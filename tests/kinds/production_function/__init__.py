"""Tests of econ_ai.kinds.production_function.estimator (a package so test basenames cannot clash)."""
