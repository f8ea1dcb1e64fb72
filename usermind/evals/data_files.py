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
