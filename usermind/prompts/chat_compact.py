"""The compact prompt layout for small local models: one instruction line with the reply language
pinned, the kept memories as short third-person facts (quoted data in their own message), no chat
history (a tiny model copies its earlier replies, good or bad)."""

from __future__ import annotations

from typing import Any

from usermind.agent.grounded import is_statement
from usermind.agent.person import fact_to_third_person
from usermind.prompts.chat import tool_block
from usermind.prompts.data_frame import data_message, frame

MAX_FACTS = 6


def reply_language(message: str, pinned: str | None = None) -> str:
    """``pinned`` if set; else English for a message in Latin-ASCII letters, else the message's own."""
    if pinned:
        return pinned
    letters = [c for c in message if c.isalpha()]
    ascii_share = sum(c.isascii() for c in letters) / len(letters) if letters else 1.0
    return "English" if ascii_share >= 0.9 else "the language of the user's message"


def compact_facts(memories: list[dict[str, Any]]) -> list[str]:
    facts: list[str] = []
    for m in memories:
        if m.get("kind") == "turn" and not is_statement(m["text"]):
            continue  # an earlier question or request is not a fact about the user
        fact = fact_to_third_person(m["text"]).rstrip(".")
        if fact and fact.lower() not in (f.lower() for f in facts):
            facts.append(fact)
    return facts[:MAX_FACTS]


def instruction(language: str, *, has_facts: bool, notes: list[str], strict: bool = False) -> str:
    line = f"You are a helpful assistant. Reply in {language}, in one or two short sentences."
    if strict:
        line = f"You are a helpful assistant. Reply in {language}, in one short sentence."
    if has_facts:
        line += " Use the facts about the user when they help."
    return " ".join([line, *notes])


def build_compact_messages(
    *,
    message: str,
    memories: list[dict[str, Any]],
    notes: list[str],
    tool_results: list[dict[str, Any]] | None = None,
    language: str = "English",
    strict: bool = False,
) -> list[dict[str, str]]:
    facts = compact_facts(memories)
    system = instruction(language, has_facts=bool(facts), notes=notes, strict=strict)
    data = data_message(
        [
            ("facts", frame("facts", facts, "Facts about the user:")),
            ("tool_results", tool_block(tool_results or [])),
        ]
    )
    return [{"role": "system", "content": system}, *data, {"role": "user", "content": message}]
