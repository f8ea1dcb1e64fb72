"""A registry of tools: register by decorator or spec, export schemas, validate and execute calls."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError, create_model

from usermind.errors import UsermindError
from usermind.tools.spec import ToolCall, ToolResult, ToolSpec


class ToolError(UsermindError):
    """A tool name is unknown or registered twice."""


def args_model_from_function(func: Callable[..., Any], model_name: str) -> type[BaseModel]:
    """A pydantic model with one field per parameter of ``func`` (annotations and defaults kept)."""
    fields: dict[str, Any] = {}
    hints = typing.get_type_hints(func, include_extras=True)  # resolves `from __future__ import annotations`
    for name, param in inspect.signature(func).parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        annotation = hints.get(name, str)
        default = param.default if param.default is not inspect.Parameter.empty else ...
        fields[name] = (annotation, default)
    return create_model(model_name, **fields)


class ToolRegistry:
    """Named tools, grouped by function; the source of schemas for LLMs and LangChain."""

    def __init__(self) -> None:
        self._tools: dict[str, ToolSpec] = {}

    def register(self, spec: ToolSpec) -> ToolSpec:
        if spec.name in self._tools:
            raise ToolError(f"tool {spec.name!r} is already registered")
        self._tools[spec.name] = spec
        return spec

    def tool(
        self,
        *,
        description: str | None = None,
        platform: str = "default",
        group: str = "",
        name: str | None = None,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator: register a function; its signature becomes the argument model."""

        def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
            tool_name = name or func.__name__
            doc = description or inspect.getdoc(func) or tool_name.replace("_", " ")
            model = args_model_from_function(func, f"{tool_name.title().replace('_', '')}Args")
            self.register(
                ToolSpec(
                    name=tool_name,
                    description=doc,
                    platform=platform,
                    group=group,
                    args_model=model,
                    func=func,
                )
            )
            return func

        return decorate

    def get(self, name: str) -> ToolSpec:
        try:
            return self._tools[name]
        except KeyError:
            raise ToolError(
                f"unknown tool {name!r}; known: {', '.join(sorted(self._tools)) or 'none'}"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def __len__(self) -> int:
        return len(self._tools)

    def specs(self) -> list[ToolSpec]:
        return list(self._tools.values())

    def groups(self) -> dict[str, list[ToolSpec]]:
        """Tools by group key; a group with several members offers a choice of platform."""
        out: dict[str, list[ToolSpec]] = {}
        for spec in self._tools.values():
            out.setdefault(spec.group_key, []).append(spec)
        return out

    def equivalents(self, name: str) -> list[ToolSpec]:
        """Every tool in the same group as ``name`` (itself included)."""
        return self.groups()[self.get(name).group_key]

    def openai_tools(self, names: list[str] | None = None) -> list[dict[str, Any]]:
        """The ``tools=`` argument for OpenAI/litellm function calling."""
        return [self.get(n).openai_schema() for n in (names or list(self._tools))]

    def langchain_tool(self, name: str):
        """A LangChain ``StructuredTool`` wrapping the tool (usable in a LangGraph ToolNode)."""
        from langchain_core.tools import StructuredTool

        spec = self.get(name)
        if spec.func is None:
            raise ToolError(f"tool {name!r} has no Python callable to wrap")
        return StructuredTool.from_function(
            func=spec.func, name=spec.name, description=spec.description, args_schema=spec.args_model
        )

    def validate(self, call: ToolCall) -> BaseModel:
        """Validated arguments; raises pydantic ``ValidationError``."""
        return self.get(call.name).args_model.model_validate(call.arguments)

    def execute(self, call: ToolCall) -> ToolResult:
        """Validate the arguments and run the tool; errors come back in the result, never raised."""
        if call.name not in self._tools:
            return ToolResult(
                name=call.name, ok=False, arguments=call.arguments, error=f"unknown tool {call.name!r}"
            )
        spec = self._tools[call.name]

        def failed(error: str, arguments: dict[str, Any]) -> ToolResult:
            return ToolResult(
                name=spec.name, platform=spec.platform, ok=False, arguments=arguments, error=error
            )

        try:
            args = spec.args_model.model_validate(call.arguments)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "arguments"
            return failed(f"invalid argument {where}: {first['msg']}", call.arguments)
        if spec.func is None:
            return failed(f"tool {spec.name!r} has no Python callable", call.arguments)
        values = args.model_dump()
        try:
            output = spec.func(**values)
        except Exception as exc:  # a tool's own failure is reported to the model, not raised
            return failed(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", values)
        return ToolResult(name=spec.name, platform=spec.platform, ok=True, arguments=values, output=output)
