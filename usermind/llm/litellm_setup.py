"""Import litellm offline and register the embedded local provider exactly once."""

from __future__ import annotations

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("LITELLM_TELEMETRY", "False")

import litellm  # noqa: E402

from usermind.llm.local_model import LOCAL_PROVIDER  # noqa: E402

litellm.telemetry = False
litellm.suppress_debug_info = True


def register_local_provider() -> None:
    """Make ``local/<name>`` model strings resolve to the embedded GGUF models."""
    if any(entry.get("provider") == LOCAL_PROVIDER for entry in litellm.custom_provider_map):
        return
    from usermind.llm.local_provider import LocalProvider

    litellm.custom_provider_map = [
        *litellm.custom_provider_map,
        {"provider": LOCAL_PROVIDER, "custom_handler": LocalProvider()},
    ]


register_local_provider()

__all__ = ["litellm", "LOCAL_PROVIDER", "register_local_provider"]
