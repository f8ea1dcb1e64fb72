"""Where settings come from, lowest to highest: defaults, the config file, ``USERMIND_…`` (and the
older ``NEO4J_…``/``USERMIND_TEST_MOCK_…``) environment variables, CLI flags, ``Agent(...)``."""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource
from pydantic_settings.exceptions import SettingsError

from usermind.errors import ConfigError

ENV_PREFIX = "USERMIND_"
# environment variables older than the settings tree: variable -> dotted key
LEGACY_ENV = {
    "NEO4J_URI": "graph.neo4j.uri",
    "NEO4J_USER": "graph.neo4j.user",
    "NEO4J_PASSWORD": "graph.neo4j.password",
    "NEO4J_DATABASE": "graph.neo4j.database",
    "USERMIND_DATABASE_URL": "database.url",
    "USERMIND_TEST_MOCK_RESPONSE": "llm.mock_response",
    "USERMIND_TEST_MOCK_DELAY": "llm.mock_delay",
}
# what the CLI entry point parsed (--config, --set, flags); read by every load in this process
_cli_layer: ContextVar[dict[str, Any] | None] = ContextVar("usermind_cli_layer", default=None)
_cli_config: ContextVar[Path | None] = ContextVar("usermind_cli_config", default=None)
_loading: ContextVar[bool] = ContextVar("usermind_settings_loading", default=False)


def config_path(
    explicit: str | os.PathLike[str] | None = None, home: str | os.PathLike[str] | None = None
) -> Path:
    """The config file: ``explicit`` (``--config``), else ``$USERMIND_CONFIG``, else ``config.toml`` in
    the home folder (``home``, ``$USERMIND_HOME`` or ``~/.usermind``).  It need not exist."""
    chosen = explicit or _cli_config.get() or os.environ.get("USERMIND_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    folder = home or os.environ.get("USERMIND_HOME") or Path.home() / ".usermind"
    return Path(folder).expanduser() / "config.toml"


def read_file(path: Path, required: bool = False) -> dict[str, Any]:
    """The config file's tables (empty when it does not exist, unless ``required``)."""
    if not path.is_file():
        if required or path.exists():
            raise ConfigError(f"config file {path} does not exist or is not a file")
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None


def read_env(settings_cls: type[BaseSettings]) -> dict[str, Any]:
    """``USERMIND_…`` variables, nested (``USERMIND_MEMORY__WEIGHTS__DENSE`` -> memory.weights.dense)."""
    try:
        return EnvSettingsSource(settings_cls, env_prefix=ENV_PREFIX, env_nested_delimiter="__")()
    except SettingsError as exc:
        field = str(exc).split('"')[1] if '"' in str(exc) else "?"
        raise ConfigError(
            f"invalid settings: {field} (from env {ENV_PREFIX}{field.upper()}): not valid JSON for a section"
        ) from None


def read_legacy_env() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for var, key in LEGACY_ENV.items():
        if var in os.environ:
            put(values, key, os.environ[var])
    return values


def put(tree: dict[str, Any], dotted: str, value: Any) -> None:
    """Set ``tree[a][b][c] = value`` for ``dotted = "a.b.c"``."""
    *parents, leaf = dotted.split(".")
    for name in parents:
        tree = tree.setdefault(name, {})
    tree[leaf] = value


def leaves(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a.b.c": value}`` for every leaf of a nested dict (a dict-typed setting's keys included)."""
    out: dict[str, Any] = {}
    for name, value in tree.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and value:
            out |= leaves(value, key + ".")
        else:
            out[key] = value
    return out


def merge(low: dict[str, Any], high: dict[str, Any]) -> dict[str, Any]:
    out = dict(low)
    for name, value in high.items():
        if isinstance(value, dict) and isinstance(out.get(name), dict):
            out[name] = merge(out[name], value)
        else:
            out[name] = value
    return out


def set_cli_layer(values: dict[str, Any], config: Path | None = None) -> None:
    """Called by the CLI entry point: ``--set``/flags and ``--config`` for every load in this process."""
    _cli_layer.set(values)
    _cli_config.set(config)


def cli_layer() -> dict[str, Any]:
    return _cli_layer.get() or {}


class _Layer(PydanticBaseSettingsSource):
    """A fixed dict as a pydantic-settings source (silent while :func:`load` merges layers itself)."""

    def __init__(self, settings_cls: type[BaseSettings], read: Any):
        super().__init__(settings_cls)
        self._read = read

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ returns the whole layer

    def __call__(self) -> dict[str, Any]:
        return {} if _loading.get() else self._read()


def sources_for(settings_cls: type[BaseSettings], init: PydanticBaseSettingsSource) -> tuple[Any, ...]:
    """The sources of a plain ``Settings(...)``: keywords > CLI > env > older env > config file."""
    return (
        init,
        _Layer(settings_cls, cli_layer),
        _Layer(settings_cls, lambda: read_env(settings_cls)),
        _Layer(settings_cls, read_legacy_env),
        _Layer(settings_cls, lambda: read_file(config_path())),
    )


class loading:
    """While active, ``Settings(**merged)`` validates only what it is given."""

    def __enter__(self) -> None:
        self._token = _loading.set(True)

    def __exit__(self, *exc: object) -> None:
        _loading.reset(self._token)
