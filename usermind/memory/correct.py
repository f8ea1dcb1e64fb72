"""A user's correction of a fact: a new manual version; the old one is invalidated, not deleted."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from usermind.errors import ConfigError
from usermind.memory.models import Fact, FactChange
from usermind.storage.db import new_id

if TYPE_CHECKING:
    from usermind.memory.system import MemorySystem


def correct_fact(
    mem: MemorySystem, user_id: str, fact_id: str, text: str, obj: str | None = None
) -> FactChange:
    """Replace the current fact ``fact_id`` with ``text`` (its object ``obj``, default the text):
    the new version keeps the key and provenance; the old gets ``valid_to`` and ``invalidated_by``,
    so the fact's history shows both.  Raises :class:`ConfigError` for an unknown or old fact."""
    old = mem.semantic.get(user_id, fact_id)
    if old is None:
        raise ConfigError(f"no fact {fact_id!r} for this user")
    if old.valid_to is not None:
        raise ConfigError(
            f"fact {fact_id!r} was already replaced by {old.invalidated_by!r}; correct that one"
        )
    text = text.strip()
    if not text:
        raise ConfigError("the corrected text is empty")
    now = time.time()
    new = Fact(
        id=new_id("f"),
        user_id=user_id,
        subject=old.subject,
        predicate=old.predicate,
        object=(obj or text).strip(),
        text=text,
        confidence=1.0,
        source_ids=list(old.source_ids),
        valid_from=now,
        recorded_at=now,
        method="manual",
    )
    vector = mem.embedder.embed([text])[0]
    with mem.cache.lock, mem.db.transaction() as conn:
        mem.semantic.insert(conn, new, vector)
        mem.semantic.invalidate(conn, user_id, old.id, now, new.id)
        mem.cache.drop(user_id)
    return FactChange(op="update", fact=new, previous=old, reason="corrected by the user")
