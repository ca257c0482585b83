"""Tests of econ_ai.estimators.productivity (a package so test basenames cannot clash)."""
