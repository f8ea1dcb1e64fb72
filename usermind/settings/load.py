"""One load of the settings tree with the source of every value, and one-line errors naming both."""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from usermind.errors import ConfigError
from usermind.settings.model import MIRRORED, Settings
from usermind.settings.sources import (
    ENV_PREFIX,
    LEGACY_ENV,
    cli_layer,
    config_path,
    leaves,
    loading,
    merge,
    read_env,
    read_file,
    read_legacy_env,
)

AGENT = "Agent(...)"


class LoadedSettings(BaseModel):
    """The effective settings and, per dotted key that was set, where its value came from."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    settings: Settings
    sources: dict[str, str]

    def source_of(self, key: str) -> str:
        """The source of ``key`` (or of the nearest enclosing key that was set); ``default`` otherwise."""
        return source_of(self.sources, key)


def source_of(sources: dict[str, str], key: str) -> str:
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        found = sources.get(".".join(parts[:end]))
        if found:
            return found
    return "default"


def _mirror(layer: dict[str, Any]) -> dict[str, Any]:
    """A layer that sets a mirrored section key sets its flat twin too, so the higher layer wins."""
    layer = dict(layer)
    for flat, (section, key) in MIRRORED:
        inner = layer.get(section)
        if isinstance(inner, dict) and key in inner and flat not in layer:
            layer[flat] = inner[key]
    return layer


def _env_label(key: str) -> str:
    legacy = {dotted: var for var, dotted in LEGACY_ENV.items() if var in os.environ}
    if key in legacy and not os.environ.get(ENV_PREFIX + key.upper().replace(".", "__")):
        return f"env {legacy[key]}"
    return "env " + ENV_PREFIX + key.upper().replace(".", "__")


def load_settings(
    *,
    config: str | os.PathLike[str] | None = None,
    home: str | os.PathLike[str] | None = None,
    settings: Settings | None = None,
    overrides: dict[str, Any] | None = None,
) -> LoadedSettings:
    """Defaults < config file < env < CLI < ``settings``'s explicitly set fields < ``overrides``.

    Raises :class:`ConfigError` (one line) naming the first invalid key, its value and its source."""
    path = config_path(config, home)
    layers: list[tuple[str, dict[str, Any]]] = [
        (f"file {path}", read_file(path, required=config is not None)),
        ("legacy-env", read_legacy_env()),
        ("env", read_env(Settings)),
        ("cli --set", cli_layer()),
    ]
    if settings is not None:
        layers.append(("Agent(settings=...)", settings.model_dump(exclude_unset=True)))
    layers.append((AGENT, dict(overrides or {})))
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for label, layer in layers:
        layer = _mirror(layer)
        merged = merge(merged, layer)
        for key in leaves(layer):
            sources[key] = _env_label(key) if label in {"env", "legacy-env"} else label
    try:
        with loading():
            return LoadedSettings(settings=Settings(**merged), sources=sources)
    except ValidationError as exc:
        raise _one_line(exc, merged, sources) from None


def _one_line(exc: ValidationError, merged: dict[str, Any], sources: dict[str, str]) -> ConfigError:
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"]) or "settings"
    source = source_of(sources, key)
    value = error.get("input")
    shown = "" if isinstance(value, dict) or error["type"] == "missing" else f" = {value!r}"
    if error["type"] == "extra_forbidden":
        return ConfigError(f"invalid settings: unknown key {key} (from {source})")
    return ConfigError(f"invalid settings: {key}{shown} (from {source}): {error['msg']}")
