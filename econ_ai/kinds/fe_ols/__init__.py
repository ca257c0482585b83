"""Kind ``fe_ols``: OLS with absorbed fixed effects and iid / HC1 / cluster-robust errors."""

from econ_ai.kinds.fe_ols.options import OPTION_KEYS, FeOlsModel, FeOlsOptions, FeOlsSpec
from econ_ai.kinds.registry import Kind

PLUGIN = Kind(
    name="fe_ols",
    spec_schema=FeOlsSpec,
    model_schema=FeOlsModel,
    options=FeOlsOptions,
    option_keys=OPTION_KEYS,
    regression=True,
    prepare="econ_ai.kinds.fe_ols.prepare:prepare",
    estimator="econ_ai.kinds.fe_ols.estimator:FeOLS",
    default_stats=("nobs", "r2", "r2_within", "vcov", "clusters"),
    figure="econ_ai.report.figures:coefplot",
)
