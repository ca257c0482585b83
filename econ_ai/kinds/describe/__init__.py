"""Kind ``describe``: the study's descriptive tables and figure series, as tidy records."""

from econ_ai.kinds.describe.options import (OPTION_KEYS, TERM_OPTIONS, DescribeModel,
                                            DescribeOptions, DescribeSpec, check)
from econ_ai.kinds.registry import Kind

PLUGIN = Kind(
    name="describe",
    spec_schema=DescribeSpec,
    model_schema=DescribeModel,
    options=DescribeOptions,
    option_keys=OPTION_KEYS,
    term_options=TERM_OPTIONS,
    check=check,
    prepare="econ_ai.kinds.describe.prepare:prepare",
    estimator="econ_ai.kinds.describe.estimator:Describe",
    default_stats=("nobs", "r2", "r2_within", "pseudo_r2", "loglik", "returns_to_scale", "vcov", "clusters"),
)
