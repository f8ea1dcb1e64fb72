"""Self-ReCheck with an LLM: the OP-Bench paper's extractive re-check over the retrieved block."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from usermind.memory.models import DroppedMemory, Memory, Verification
from usermind.prompts import render
from usermind.prompts.memory import NONE_MARKER

if TYPE_CHECKING:
    from usermind.protocols import ChatModel


def build_prompt(message: str, memories: list[Memory]) -> str:
    block = "\n".join(f"[{i}] {m.text}" for i, m in enumerate(memories, 1))
    return render("memory_recheck", message=message, memories=block)


def parse_kept(output: str, memories: list[Memory]) -> set[int]:
    """Indices (0-based) of the memories the model copied back, by number or by verbatim text."""
    if NONE_MARKER in output.upper() and not re.search(r"\[\d+\]", output):
        return set()
    kept = {int(n) - 1 for n in re.findall(r"\[(\d+)\]", output) if 0 < int(n) <= len(memories)}
    lowered = output.lower()
    kept |= {i for i, m in enumerate(memories) if len(m.text) > 12 and m.text.lower()[:80] in lowered}
    return kept


def verify_llm(llm: ChatModel, message: str, memories: list[Memory], max_tokens: int = 400) -> Verification:
    """One extractive LLM call; raises the client's errors so the caller can fall back to rules."""
    if not memories:
        return Verification(personalize=False, reason="nothing was recalled", mode="llm")
    output = llm.complete(
        [{"role": "user", "content": build_prompt(message, memories)}], max_tokens=max_tokens, temperature=0.0
    )
    chosen = parse_kept(output, memories)
    kept = [m for i, m in enumerate(memories) if i in chosen]
    dropped = [
        DroppedMemory(memory=m, reason="the re-check did not find it directly useful")
        for i, m in enumerate(memories)
        if i not in chosen
    ]
    reason = (
        f"the LLM re-check kept {len(kept)} of {len(memories)} memories"
        if kept
        else "the LLM re-check found no relevant context"
    )
    return Verification(kept=kept, dropped=dropped, personalize=bool(kept), reason=reason, mode="llm")
