"""``remember``: distil pending turns into facts, reconcile them, and mark the turns done — one
transaction per batch, so a crash loses nothing and a rerun does not duplicate (idempotent)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from usermind.errors import ModelError
from usermind.memory.episodic import EpisodicStore
from usermind.memory.extraction.candidates import Candidate
from usermind.memory.extraction.llm import extract_llm
from usermind.memory.extraction.passing import elided_statements
from usermind.memory.extraction.rules import extract_rules
from usermind.memory.models import Fact, FactChange, Turn
from usermind.memory.reconcile import opposite_predicate, plan
from usermind.memory.semantic import SemanticStore
from usermind.storage.db import new_id, now_ts

if TYPE_CHECKING:
    from usermind.protocols import ChatModel, Embedder

log = logging.getLogger(__name__)


def _batches(turns: list[Turn], size: int) -> list[list[Turn]]:
    """Consecutive turns of the same session, at most ``size`` per batch."""
    out: list[list[Turn]] = []
    for turn in turns:
        if out and out[-1][-1].session_id == turn.session_id and len(out[-1]) < size:
            out[-1].append(turn)
        else:
            out.append([turn])
    return out


class Consolidator:
    def __init__(
        self,
        episodic: EpisodicStore,
        semantic: SemanticStore,
        embedder: Embedder,
        llm: ChatModel | None = None,
        *,
        use_llm: bool = False,
        batch_size: int = 24,
        on_fact=None,
        on_invalidate=None,
        kinds=None,
    ):
        self.episodic = episodic
        self.semantic = semantic
        self.embedder = embedder
        self.llm = llm
        self.use_llm = use_llm and llm is not None
        self.batch_size = batch_size
        self.on_fact = on_fact or (lambda user_id, fact, vector: None)
        self.on_invalidate = on_invalidate or (lambda user_id, fact_id: None)
        self.kinds = kinds  # the message-kind classifier: statements said in passing (rules path)

    def candidates(self, batch: list[Turn]) -> tuple[list[Candidate], str]:
        """Candidates of one batch and the method that produced them (``llm`` or ``rules``)."""
        if self.use_llm and self.llm is not None:
            try:
                return extract_llm(self.llm, batch), "llm"
            except ModelError as exc:
                log.warning("LLM extraction failed (%s); using the rule extractor for this batch", exc)
        rules = [c for turn in batch for c in extract_rules(turn)]
        return rules + elided_statements(batch, self.kinds, self.embedder), "rules"

    def run(self, user_id: str) -> list[FactChange]:
        changes: list[FactChange] = []
        while True:
            pending = self.episodic.pending(user_id)
            if not pending:
                return changes
            for batch in _batches(pending, self.batch_size):
                candidates, method = self.candidates(batch)
                changes += self._apply(user_id, batch, candidates, method)

    def _apply(
        self, user_id: str, batch: list[Turn], candidates: list[Candidate], method: str = "rules"
    ) -> list[FactChange]:
        vectors: Any = self.embedder.embed([c.text for c in candidates]) if candidates else []
        changes: list[FactChange] = []
        added: list[tuple[Fact, object]] = []
        invalidated: list[str] = []
        with self.semantic.db.transaction() as conn:
            for candidate, vector in zip(candidates, vectors, strict=True):
                same = self.semantic.with_key(user_id, candidate.subject, candidate.predicate)
                other = opposite_predicate(candidate.predicate)
                opposite = self.semantic.with_key(user_id, candidate.subject, other) if other else []
                decision = plan(
                    candidate,
                    [f for f in same if f.id not in invalidated],
                    [f for f in opposite if f.id not in invalidated],
                )
                fact = Fact(
                    id=new_id("f"),
                    user_id=user_id,
                    subject=candidate.subject,
                    predicate=candidate.predicate,
                    object=candidate.object,
                    text=candidate.text,
                    confidence=candidate.confidence,
                    source_ids=candidate.source_ids,
                    valid_from=candidate.valid_from,
                    recorded_at=now_ts(),
                    method=method,
                )
                if decision.confirm is not None:
                    self.semantic.add_sources(
                        conn,
                        user_id,
                        decision.confirm,
                        candidate.source_ids,
                        max(decision.confirm.confidence, candidate.confidence),
                    )
                    changes.append(FactChange(op="noop", fact=decision.confirm, reason=decision.reason))
                    continue
                by = fact.id if decision.add else candidate.source_ids[0]
                for old in decision.invalidate:
                    self.semantic.invalidate(conn, user_id, old.id, candidate.valid_from, by)
                    invalidated.append(old.id)
                if decision.add:
                    self.semantic.insert(conn, fact, vector)
                    added.append((fact, vector))
                previous = decision.invalidate[0] if decision.invalidate else None
                shown = fact if decision.add else (previous or fact)
                if decision.op != "noop" or decision.add:
                    changes.append(
                        FactChange(op=decision.op, fact=shown, previous=previous, reason=decision.reason)
                    )
            self.episodic.mark_extracted(user_id, [t.id for t in batch], conn=conn)
        for fact_id in invalidated:
            self.on_invalidate(user_id, fact_id)
        for fact, vector in added:
            self.on_fact(user_id, fact, vector)
        return changes
