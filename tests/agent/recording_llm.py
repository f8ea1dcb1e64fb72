"""A litellm ``mock_response`` client that records what the agent sends to the model."""

from typing import Any

from usermind.llm.client import LLMClient


class RecordingClient(LLMClient):
    """Replies with ``replies`` in turn (the last one repeats) and records the messages and options."""

    def __init__(self, replies: list[str]):
        super().__init__("openai/gpt-4o-mini", mock_response=replies[0], retries=0)
        self.replies = replies
        self.calls: list[tuple[list[dict[str, str]], dict[str, Any]]] = []

    def complete(self, messages, **kwargs):  # type: ignore[override]
        self.litellm_kwargs["mock_response"] = self.replies[min(len(self.calls), len(self.replies) - 1)]
        self.calls.append((messages, kwargs))
        return super().complete(messages, **kwargs)
