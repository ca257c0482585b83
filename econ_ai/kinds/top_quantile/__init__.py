"""Kind ``top_quantile``: representation of groups among the top (1 - q) of all firms."""

from econ_ai.kinds.registry import Kind
from econ_ai.kinds.top_quantile.options import (OPTION_KEYS, TERM_OPTIONS, TopQuantileModel,
                                                TopQuantileOptions, TopQuantileSpec, check)

PLUGIN = Kind(
    name="top_quantile",
    spec_schema=TopQuantileSpec,
    model_schema=TopQuantileModel,
    options=TopQuantileOptions,
    option_keys=OPTION_KEYS,
    term_options=TERM_OPTIONS,
    check=check,
    prepare="econ_ai.kinds.top_quantile.prepare:prepare",
    estimator="econ_ai.kinds.top_quantile.estimator:TopQuantile",
    default_stats=("nobs", "r2", "r2_within", "pseudo_r2", "loglik", "returns_to_scale", "vcov", "clusters"),
)
