"""The repair turn sent when a structured reply does not validate against its answer model."""

from __future__ import annotations

from usermind.prompts.library import register_prompt


@register_prompt("json_repair", ("error",))
def json_repair(*, error: str) -> str:
    """``error``: the first line of the validation error."""
    return f"That reply was invalid ({error}). Reply with only the corrected JSON object."
