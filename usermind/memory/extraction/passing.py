"""Statements made in passing with the subject left out ("Celiac here. How do I sharpen knives?"), as
facts in the user's own words.  The wording rules find the sentences that may be such statements
(:func:`usermind.memory.passing.elided_parts`); the message-kind classifier, on each sentence's own
embedding, decides which are.  A first-person statement in passing needs no fact: the turn itself is
stored as a statement (:func:`usermind.memory.passing.states_in_passing`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from usermind.memory.extraction.candidates import IN_PASSING, Candidate, normalise
from usermind.memory.models import Turn
from usermind.memory.passing import elided_parts, said_around

if TYPE_CHECKING:
    from usermind.memory.kinds import MessageKinds
    from usermind.protocols import Embedder


def elided_statements(turns: list[Turn], kinds: MessageKinds | None, embedder: Embedder) -> list[Candidate]:
    """A candidate fact for each sentence of the user's ``turns`` that the classifier reads as a
    statement about the user (none without a classifier)."""
    if kinds is None:
        return []
    parts = [(turn, part) for turn in turns if turn.role == "user" for part in elided_parts(turn.text)]
    if not parts:
        return []
    texts = [part for _, part in parts]
    said = kinds.are_statements(texts, embedder.embed(texts))
    statements = {
        (turn.id, said_around(turn.text, part)): turn
        for (turn, part), yes in zip(parts, said, strict=True)
        if yes
    }
    return [
        Candidate(
            subject=turn.speaker or "User",
            predicate=IN_PASSING,
            object=normalise(text)[:200],
            text=text,
            confidence=0.6,
            source_ids=[turn.id],
            valid_from=turn.ts,
        )
        for (_, text), turn in statements.items()
    ]
