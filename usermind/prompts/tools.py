"""Tool prompts: choosing a tool and its arguments, and re-ranking recommendations."""

from __future__ import annotations

from pydantic import BaseModel, Field

from usermind.prompts.library import register_prompt


class ToolChoice(BaseModel):
    tool: str
    arguments_json: str = Field(description="JSON object of argument values")


@register_prompt("tool_select", ("profile", "tools", "evidence", "message"), ToolChoice)
def tool_select(*, profile: str, tools: str, evidence: str, message: str) -> str:
    """``profile`` and ``tools`` are JSON; ``evidence`` is why a platform is preferred."""
    return (
        f"User profile: {profile}\nCandidate tools: {tools}\n"
        f"Preference evidence: {evidence}\nFill missing parameters from the profile. "
        f"Request: {message}\nReturn the tool name and its arguments as JSON."
    )


class Rerank(BaseModel):
    order: list[str] = Field(description="candidate item ids, best first")


@register_prompt("recommend_rerank", ("request", "candidates"), Rerank)
def recommend_rerank(*, request: str, candidates: str) -> str:
    """``candidates``: the ranked items as JSON."""
    return (
        f"The user asked: {request}\n"
        f"Candidates, ranked by their taste with filter-bubble avoidance: {candidates}\n"
        "Reorder the candidate ids best first for this user and request; keep diverse picks high."
    )
