"""Reading saved results JSON (``econ-ai table``) with errors that name the file.

``read_results(path)`` -> ResultSet, or a DataError for a missing, unreadable, empty, invalid
(with line and column), non-object or not-econ_ai JSON file.
"""

from __future__ import annotations

import json
from pathlib import Path

from econ_ai.errors import DataError

WHAT = "the JSON that 'econ-ai run --format json' or 'econ-ai reproduce' writes"


def read_results(path: str | Path):
    from econ_ai.results import ResultSet

    p, shown = Path(path), str(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError("results file not found", file=shown) from None
    except IsADirectoryError:
        raise DataError(f"is a folder; expected a results file ({WHAT})", file=shown) from None
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start}); expected {WHAT}",
                        file=shown) from None
    except OSError as exc:
        raise DataError(f"cannot read the results file: {exc.strerror or exc}", file=shown) from None
    if not text.strip():
        raise DataError(f"empty results file; expected {WHAT}", file=shown)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"invalid JSON: {exc.msg}", file=shown, line=exc.lineno,
                        column=exc.colno) from None
    except RecursionError:
        raise DataError("invalid JSON: nested too deeply", file=shown) from None
    if not isinstance(data, dict):
        raise DataError(f"expected a JSON object (one spec's results), found a "
                        f"{type(data).__name__}; expected {WHAT}", file=shown)
    if "models" not in data:
        raise DataError(f"no 'models' key: not an econ_ai results file; expected {WHAT}",
                        file=shown)
    try:
        return ResultSet.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise DataError(f"not a valid econ_ai results file ({type(exc).__name__}: {exc})",
                        file=shown) from None
