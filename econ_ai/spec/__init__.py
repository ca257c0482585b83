"""Spec layer: YAML text -> RawSpec (with line numbers) -> frozen ModelSpec.

``load_spec``, ``compile_text`` and ``validate_columns`` (from ``econ_ai.spec.compile``)
are re-exported lazily so ``import econ_ai.spec`` stays light (no pydantic until used).
"""

_EXPORTS = {"load_spec", "compile_text", "validate_columns"}


def __getattr__(name: str):
    if name in _EXPORTS:
        from econ_ai.spec import compile as _compile

        return getattr(_compile, name)
    raise AttributeError(f"module 'econ_ai.spec' has no attribute '{name}'")
