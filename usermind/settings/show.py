"""The effective settings as ``key = value  # source`` lines, secrets masked."""

from __future__ import annotations

import json
from typing import Any

from pydantic import SecretStr

from usermind.settings.load import LoadedSettings
from usermind.settings.sources import leaves

MASK = "********"


def _shown(value: Any) -> str:
    if isinstance(value, SecretStr):
        return json.dumps(MASK if value.get_secret_value() else "")
    return json.dumps(value, default=str)


def effective(loaded: LoadedSettings) -> list[tuple[str, str, str]]:
    """``(dotted key, shown value, source)`` for every setting, in the model's field order."""
    tree = loaded.settings.model_dump(mode="python")
    return [(key, _shown(value), loaded.source_of(key)) for key, value in leaves(tree).items()]


def render(loaded: LoadedSettings) -> str:
    rows = effective(loaded)
    width = max(len(key) + len(value) for key, value, _ in rows) + 3
    return "\n".join(f"{f'{key} = {value}':<{width}} # {source}" for key, value, source in rows)


def parse_assignments(pairs: list[str]) -> dict[str, Any]:
    """``["memory.recall_facts=false", "model=openai/x"]`` -> a nested layer (``null`` means None)."""
    from usermind.errors import ConfigError
    from usermind.settings.sources import put

    layer: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set expects KEY=VALUE, got {pair!r}")
        put(layer, key.strip(), None if value.strip().lower() in {"null", "none"} else value)
    return layer
