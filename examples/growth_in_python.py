"""A first session with econ_ai in Python (run it: ``.venv/bin/python examples/growth_in_python.py``).

Load the synthetic starters panel, fit the study's growth regression, add a control, compare
the two fits in one table and export it as LaTeX. The embedded data is SYNTHETIC: a starter
population calibrated to the published aggregates of Dumont & Rayp (2025), not the real
microdata. ``SCALE`` picks a fraction of that population (1.0 = the full 157k firms).
"""

import os
from pathlib import Path

import econ_ai as ea

SCALE = float(os.environ.get("ECON_AI_EXAMPLE_SCALE", "0.1"))
OUT = Path(os.environ.get("ECON_AI_EXAMPLE_OUT", "output/examples"))

# 1. the synthetic starters panel: one row per firm and year, as a pandas DataFrame
starters = ea.load_data("starters", scale=SCALE)
print(f"starters panel: {len(starters):,} firm-years, {starters['firm'].nunique():,} firms")

# 2. the growth regression of the study: turnover growth on the AI dummy, controls at t-1,
#    NACE-3 and year effects absorbed, standard errors clustered by firm
base = ea.fe_ols(
    starters,
    outcome="growth(turnover)",
    regressors=["ai"],
    controls=["lag(log(employees))", "lag(log1p(tangible_assets))"],
    absorb=["nace3", "year"],
    vcov={"cluster": ["firm"]},
    panel={"unit": "firm", "time": "year"},
    sample=["has_employee == 1", "year between 2011 and 2023"],
    name="Baseline",
)
print(base.summary())
print(base.tidy()[["term", "estimate", "std_error", "p_value"]])

# 3. the same regression as a spec, and a variant with one more control (validated again)
spec = ea.load_spec({
    "kind": "fe_ols", "title": "Turnover growth of AI starters",
    "panel": {"unit": "firm", "time": "year"},
    "sample": ["has_employee == 1", "year between 2011 and 2023"],
    "regressors": ["ai"],
    "controls": ["lag(log(employees))", "lag(log1p(tangible_assets))"],
    "absorb": ["nace3", "year"], "vcov": {"cluster": ["firm"]},
    "models": [{"name": "+ intangibles", "outcome": "growth(turnover)"}],
})
more = ea.run(spec.replace(controls=[*spec.to_dict()["controls"], "lag(log1p(intangible_assets))"]),
              data=starters)

# 4. both fits in one table, and the LaTeX for a paper
labels = {"ai": "AI starter"}
print(ea.etable([base, more], "markdown", keep=["ai"], labels=labels))
OUT.mkdir(parents=True, exist_ok=True)
(OUT / "growth.tex").write_text(ea.etable([base, more], "latex", keep=["ai"], labels=labels), encoding="utf-8")
print(f"LaTeX table written to {OUT / 'growth.tex'}")
