"""Reading a benchmark's JSON file with one-line errors that name the file and the problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from usermind.errors import DataFileError


def read_json(path: str | Path, benchmark: str) -> Any:
    """The parsed content of ``path``; :class:`DataFileError` if it is missing, unreadable or not JSON."""
    file = Path(path)
    if not file.is_file():
        raise DataFileError(f"{benchmark} file not found: {file}")
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(f"{benchmark} file {file} is not valid JSON: {exc}") from None


def describe_json(data: Any) -> str:
    """What a parsed JSON value is, for errors: its top-level type and first keys."""
    if isinstance(data, dict):
        keys = ", ".join(repr(k) for k in list(data)[:4])
        return f"an object with {len(data)} keys ({keys})" if data else "an empty object"
    if isinstance(data, list):
        if not data:
            return "an empty list"
        first = data[0]
        inner = (
            f"an object with keys ({', '.join(repr(k) for k in list(first)[:4])})"
            if isinstance(first, dict)
            else f"of type {type(first).__name__}"
        )
        return f"a list of {len(data)} items whose first is {inner}"
    return f"a JSON {type(data).__name__}"
