"""Pull one JSON object out of model text (code fences, chatter before and after)."""

from __future__ import annotations

import json
from typing import Any


def parse_json_object(text: str) -> dict[str, Any]:
    """The first complete JSON object in ``text``; :class:`ValueError` if there is none."""
    if not text or not text.strip():
        raise ValueError("empty reply")
    decoder = json.JSONDecoder()
    for start, char in enumerate(text):
        if char != "{":
            continue
        try:
            value, _ = decoder.raw_decode(text[start:])
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    raise ValueError("reply contains no JSON object")
