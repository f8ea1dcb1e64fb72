"""A valid, non-default value for every setting in the tree, and its env/TOML spellings."""

from __future__ import annotations

import json
import types
import typing
from typing import Any

from pydantic import BaseModel, SecretStr

from usermind.settings import Settings

SPECIAL = {
    "model": "openai/gpt-4o-mini",
    "embedding_model": "openai/text-embedding-3-small",
    "kgt_scorer": "openai/gpt-4o-mini",
    "graph_backend": "neo4j",
    "graph.backend": "neo4j",
    "generation": "compact",
    "embedding.precision": "float32",
    "embedding.query_precision": "same",
    "kgt.llm_relations": "never",
    "kgt.min_prob": 1e-5,
    "prompts": None,  # covered by the prompt-library tests (keys must name a registered prompt)
}


def _value(key: str, annotation: Any, default: Any) -> Any:
    if key in SPECIAL:
        return SPECIAL[key]
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = args[0]
    if annotation is bool:
        return not default
    if annotation is int:
        return (default or 1) + 1
    if annotation is float:
        return round(default / 2, 4) if default else 0.5
    if annotation is SecretStr:
        return "s3cret-value"
    if annotation is str:
        return f"{default or 'set'}-x" if "uri" not in key and "url" not in key else "bolt://127.0.0.1:1"
    raise AssertionError(f"no test value for {key}: {annotation}")


def every_setting(model: type[BaseModel] = Settings, prefix: str = "") -> dict[str, Any]:
    """``{dotted key: value}`` for every leaf setting (mirrored section twins left to the flat key)."""
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = prefix + name
        if key in {"memory.llm_verify", "memory.llm_extraction", "graph.backend"}:
            continue
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out |= every_setting(annotation, key + ".")
            continue
        value = _value(key, annotation, field.get_default(call_default_factory=True))
        if value is not None:
            out[key] = value
    return out


def nested(values: dict[str, Any]) -> dict[str, Any]:
    from usermind.settings.sources import put

    tree: dict[str, Any] = {}
    for key, value in values.items():
        put(tree, key, value)
    return tree


def env_text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def toml_text(tree: dict[str, Any], table: str = "") -> str:
    scalars = [f"{k} = {json.dumps(v)}" for k, v in tree.items() if not isinstance(v, dict)]
    lines = ([f"[{table}]"] if table and scalars else []) + scalars
    for name, value in tree.items():
        if isinstance(value, dict):
            lines.append(toml_text(value, f"{table}.{name}" if table else name))
    return "\n".join(lines)


def read(settings: Settings, key: str) -> Any:
    value: Any = settings
    for part in key.split("."):
        value = getattr(value, part)
    return value.get_secret_value() if isinstance(value, SecretStr) else value
