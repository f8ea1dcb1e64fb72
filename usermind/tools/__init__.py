"""Tools: pydantic-described callables, groups of equivalent tools, learned per-user preferences.

Heavy imports (numpy, the embedder, langchain_core) stay inside the functions that need them.
"""

from usermind.tools.preferences import PreferenceEvent, ToolPreferenceStore
from usermind.tools.registry import ToolRegistry
from usermind.tools.select import ToolSelection, select_tools
from usermind.tools.spec import ToolCall, ToolResult, ToolSpec

__all__ = [
    "PreferenceEvent",
    "ToolCall",
    "ToolPreferenceStore",
    "ToolRegistry",
    "ToolResult",
    "ToolSelection",
    "ToolSpec",
    "select_tools",
]
