"""The prompt registry (name -> builder, its fields and answer model) and per-agent overrides.

A prompt is a builder function of keyword fields that returns the text sent to the model.  An
override replaces the builder: a template file whose ``{field}`` placeholders are the builder's
fields (``prompts.fact_extraction = "my_extraction.txt"`` in the config), or a callable taking the
same keywords (``Agent(user, prompts={"fact_extraction": my_builder})``).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from usermind.errors import ConfigError

Builder = Callable[..., str]
PromptOverride = str | Path | Builder


@dataclass(frozen=True)
class Prompt:
    """One registered prompt: ``build(**fields)`` -> text; ``answer`` is the structured reply's model."""

    name: str
    build: Builder
    fields: tuple[str, ...]
    answer: type[BaseModel] | None = None


_registry: dict[str, Prompt] = {}
_loaded: list[bool] = []


def register_prompt(
    name: str, fields: tuple[str, ...], answer: type[BaseModel] | None = None
) -> Callable[[Builder], Builder]:
    """Decorator: register ``build`` as the prompt ``name`` (its keyword ``fields``, its ``answer``)."""

    def wrap(build: Builder) -> Builder:
        _registry[name] = Prompt(name, build, fields, answer)
        return build

    return wrap


def _builtins() -> None:
    if not _loaded:
        _loaded.append(True)
        from usermind.prompts import kgt, memory, persona, structured, tools  # noqa: F401 - they register


def get_prompt(name: str) -> Prompt:
    _builtins()
    if name not in _registry:
        raise ConfigError(f"unknown prompt {name!r}; registered: {', '.join(prompt_names())}")
    return _registry[name]


def prompt_names() -> list[str]:
    _builtins()
    return sorted(_registry)


def _template(name: str, path: Path) -> Builder:
    prompt = get_prompt(name)
    try:
        text = path.expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"prompts.{name}: cannot read template {path}: {exc}") from None
    try:
        used = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError as exc:
        raise ConfigError(f"prompts.{name}: template {path} is not a format string: {exc}") from None
    unknown = sorted(used - set(prompt.fields))
    if unknown:
        raise ConfigError(
            f"prompts.{name}: template {path} uses {{{unknown[0]}}}; available: {', '.join(prompt.fields)}"
        )
    return lambda **fields: text.format(**fields)


class PromptLibrary:
    """The built-in prompts with some replaced; checked when built (one-line errors)."""

    def __init__(self, overrides: Mapping[str, PromptOverride] | None = None):
        self._builders: dict[str, Builder] = {}
        for name, override in (overrides or {}).items():
            get_prompt(name)
            self._builders[name] = override if callable(override) else _template(name, Path(override))

    def render(self, name: str, **fields: object) -> str:
        build = self._builders.get(name) or get_prompt(name).build
        return build(**fields)

    @contextmanager
    def active(self) -> Iterator[None]:
        """Use this library for every prompt rendered in this context (a turn, a consolidation)."""
        token = _active.set(self)
        try:
            yield
        finally:
            _active.reset(token)


DEFAULT = PromptLibrary()
_active: ContextVar[PromptLibrary | None] = ContextVar("usermind_prompts", default=None)


def render(name: str, **fields: object) -> str:
    """The text of prompt ``name`` from the active library (the built-in prompts outside an agent)."""
    return (_active.get() or DEFAULT).render(name, **fields)


def answer_model(name: str) -> type[BaseModel]:
    answer = get_prompt(name).answer
    if answer is None:
        raise ConfigError(f"prompt {name!r} is answered in free text, not a structured model")
    return answer
