"""Pydantic descriptions of tools, tool calls and tool results."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ToolSpec(BaseModel):
    """One callable tool: its name, what it does, where it runs and the pydantic model of its arguments.

    ``group`` names a set of functionally equivalent tools (``shop.search`` on two platforms);
    ``platform`` is what distinguishes them, and what the user's preference is learned over.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
    description: str
    platform: str = "default"
    platform_description: str = Field(
        "", description="what sets this platform apart (matched to the profile)"
    )
    group: str = ""
    args_model: type[BaseModel]
    json_schema: dict[str, Any] | None = Field(
        None, description="parameters as given, for tools defined by a schema"
    )
    func: Callable[..., Any] | None = Field(default=None, exclude=True)

    @property
    def group_key(self) -> str:
        """The group name, or the tool's own name when it has no equivalents."""
        return self.group or self.name

    def parameters_schema(self) -> dict[str, Any]:
        """JSON schema of the arguments in function-calling form (``type: object``, properties, required)."""
        if self.json_schema is not None:
            return self.json_schema
        schema = self.args_model.model_json_schema()
        return {
            "type": "object",
            "properties": schema.get("properties", {}),
            "required": schema.get("required", []),
            **({"$defs": schema["$defs"]} if "$defs" in schema else {}),
        }

    def openai_schema(self) -> dict[str, Any]:
        """The entry for an OpenAI/litellm ``tools=`` list."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": f"{self.description} (platform: {self.platform})",
                "parameters": self.parameters_schema(),
            },
        }

    def match_text(self) -> str:
        """Text that an incoming message is embedded against, without the platform's name (equivalent
        tools on different platforms should match a message alike)."""
        params = ", ".join(self.parameters_schema().get("properties", {}))
        text = f"{self.name.replace('_', ' ')}: {self.description} ({params})"
        return re.sub(re.escape(self.platform), "", text, flags=re.I) if self.platform != "default" else text


class ToolCall(BaseModel):
    """A request to run one tool with arguments."""

    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class ToolResult(BaseModel):
    """The outcome of a tool call: ``ok`` with ``output`` or not ``ok`` with a one-line ``error``."""

    name: str
    platform: str = "default"
    ok: bool
    arguments: dict[str, Any] = Field(default_factory=dict)
    output: Any = None
    error: str | None = None
