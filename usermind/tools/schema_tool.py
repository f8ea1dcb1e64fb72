"""Tools described by a function-calling JSON schema (``{name, description, parameters: {type: object,
properties, required}}``) rather than by a Python function: their arguments get a pydantic model built
from the schema, so they are validated like any registered tool."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from usermind.tools.spec import ToolSpec

_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "array": list,
    "object": dict,
}


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow")


def args_model_from_schema(name: str, parameters: dict[str, Any]) -> type[BaseModel]:
    """A pydantic model of the schema's properties (required ones required; unknown types: Any)."""
    properties = parameters.get("properties") or {}
    required = set(parameters.get("required") or [])
    fields: dict[str, Any] = {}
    for param, prop in properties.items():
        kind = _TYPES.get(str((prop or {}).get("type")), Any)
        annotation = kind if param in required else kind | None
        default = ... if param in required else None
        fields[f"p_{param}"] = (annotation, Field(default, alias=param))
    model = re.sub(r"\W", "_", name)[:60] or "tool"
    return create_model(f"{model}_args", __base__=_Loose, **fields)


def spec_from_schema(tool: dict[str, Any], *, platform: str | None = None, platform_description: str = "",
                     name: str | None = None, group: str = "") -> ToolSpec:  # fmt: skip
    """A :class:`ToolSpec` for a schema-described tool (platform: the tool's ``platform`` unless given;
    ``name`` overrides the tool's own, e.g. to keep
    names unique when two platforms use the same one)."""
    parameters = tool.get("parameters") or {}
    parameters = {
        "type": "object",
        "properties": dict(parameters.get("properties") or {}),
        "required": list(parameters.get("required") or []),
    }
    tool_name = name or str(tool["name"])
    return ToolSpec(
        name=tool_name,
        description=str(tool.get("description", "")),
        platform=platform or str(tool.get("platform") or "default"),
        platform_description=platform_description,
        group=group,
        args_model=args_model_from_schema(tool_name, parameters),
        json_schema=parameters,
    )
