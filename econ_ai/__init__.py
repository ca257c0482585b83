"""econ_ai: reproduce and extend Dumont & Rayp (2025) from declarative YAML model specs.

The public API loads lazily (``import econ_ai`` stays light)::

    import econ_ai as ea
    spec = ea.load_spec("specs/08_growth.yaml")
    res = ea.run(spec)                         # or ea.run(spec, data=df)
    res2 = ea.run(spec.replace(controls=[...]))
    print(ea.etable([res, res2], "markdown"))

The embedded default data is synthetic: a starter population calibrated to the study's
published aggregates, not the real microdata.
"""

from __future__ import annotations

_API = ("Spec", "load_spec", "load_data", "run", "fe_ols", "logit", "production_function", "top_quantile",
        "describe", "etable", "sweep")
_RESULTS = ("Result", "ResultSet")
_ERRORS = ("EconAIError", "SpecError", "DataError", "EstimationError")

__all__ = [*_API, *_RESULTS, *_ERRORS, "__version__"]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("econ_ai")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def __getattr__(name: str):
    if name == "__version__":
        return _version()
    if name in _API:
        from econ_ai import api

        return getattr(api, name)
    if name in _RESULTS:
        from econ_ai import results

        return getattr(results, name)
    if name in _ERRORS:
        from econ_ai import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'econ_ai' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(__all__)
