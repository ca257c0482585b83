"""Kind ``production_function``: OLS, FE, Olley-Pakes, Levinsohn-Petrin, ACF and Wooldridge."""

from econ_ai.kinds.production_function.options import (OPTION_KEYS, TERM_OPTIONS, ProductionModel,
                                                       ProductionOptions, ProductionSpec, check)
from econ_ai.kinds.registry import Kind

PLUGIN = Kind(
    name="production_function",
    spec_schema=ProductionSpec,
    model_schema=ProductionModel,
    options=ProductionOptions,
    option_keys=OPTION_KEYS,
    term_options=TERM_OPTIONS,
    check=check,
    prepare="econ_ai.kinds.production_function.prepare:prepare",
    estimator="econ_ai.kinds.production_function.estimator:ProductionFunction",
    default_stats=("nobs", "r2", "r2_within", "pseudo_r2", "loglik", "returns_to_scale", "vcov", "clusters"),
    figure="econ_ai.report.figures:coefplot",
)
