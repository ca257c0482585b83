"""Kind ``logit``: binary logit with cluster-robust errors, average marginal effects and odds
ratios."""

from econ_ai.kinds.logit.options import OPTION_KEYS, LogitModel, LogitOptions, LogitSpec
from econ_ai.kinds.registry import Kind

PLUGIN = Kind(
    name="logit",
    spec_schema=LogitSpec,
    model_schema=LogitModel,
    options=LogitOptions,
    option_keys=OPTION_KEYS,
    regression=True,
    prepare="econ_ai.kinds.logit.prepare:prepare",
    estimator="econ_ai.kinds.logit.estimator:Logit",
    default_stats=("nobs", "pseudo_r2", "loglik", "vcov", "clusters"),
    figure="econ_ai.report.figures:coefplot",
)
