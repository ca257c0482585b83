"""Spec layer: YAML text -> RawSpec (with line numbers) -> frozen ModelSpec."""
