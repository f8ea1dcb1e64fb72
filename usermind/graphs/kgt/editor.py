"""The KGT editor: Algorithm 1 of Knowledge Graph Tuning applied to a user's :class:`KnowledgeGraph`.

The LM is frozen and only scores; personalisation is done by adding and removing triples. Every
change is logged through the graph (what, why, loss before/after) under one group id, so
``graph.revert_group(result.group_id)`` undoes a whole edit.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from usermind.errors import ConfigError, ModelError
from usermind.graphs.graph import KnowledgeGraph
from usermind.graphs.kgt.extract import Extraction, extract, llm_relations
from usermind.graphs.kgt.loss import plan_edits
from usermind.graphs.kgt.models import AnswerScores, Candidate, KGTConfig, KGTResult, TripleRef
from usermind.graphs.kgt.prompts import triple_fact
from usermind.graphs.kgt.retrieve import FactRetriever
from usermind.graphs.kgt.scoring import Scorer, answer_scores, reasoning_score, score_candidates
from usermind.graphs.models import Provenance, Triple, entity_key
from usermind.storage.db import new_id

if TYPE_CHECKING:
    from usermind.protocols import ChatModel

log = logging.getLogger(__name__)


class _Spec(BaseModel):
    head: str
    relation: str
    tail: str


def triple_key(head: str, relation: str, tail: str) -> str:
    """The identity key of a triple as text (normalised head | relation | tail)."""
    return "|".join(entity_key(x) for x in (head, relation, tail))


def _ref(triple: Triple) -> TripleRef:
    return TripleRef(id=triple.id, head=triple.head, relation=triple.relation, tail=triple.tail)


class KGTEditor:
    """Tune one user's graph from (query, feedback answer) pairs; the LM only scores."""

    def __init__(self, graph: KnowledgeGraph, llm: Scorer, config: KGTConfig | None = None):
        self.graph = graph
        self.llm = llm
        self.config = config or KGTConfig()

    # ------------------------------------------------------------------ extraction
    def _use_llm(self) -> bool:
        mode = self.config.llm_relations
        if mode == "never" or not hasattr(self.llm, "structured"):
            return False
        return mode == "always" or not getattr(self.llm, "is_local", True)

    def extract(self, query: str, answer: str) -> Extraction:
        """e_q, e_a and up to ``max_candidates`` relations (templates, plus the LLM when enabled)."""
        try:
            found = extract(query, answer)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        relations = list(found.relations)
        if self._use_llm():
            try:
                relations += llm_relations(
                    cast("ChatModel", self.llm), query, found.head, found.answer, self.config.max_candidates
                )
            except ModelError as exc:  # the template relation still stands
                log.warning("KGT relation extraction fell back to templates: %s", exc)
        unique = list({entity_key(r): r for r in reversed(relations)}.values())[::-1]
        return found.model_copy(update={"relations": unique[: self.config.max_candidates]})

    # ---------------------------------------------------------------------- tuning
    def candidates(self, query: str, found: Extraction) -> list[Candidate]:
        """H and the current e_q-triples S, each scored by the LM."""
        head_key = entity_key(found.head)
        existing = [
            (triple_key(t.head, t.relation, t.tail), t)
            for t in self.graph.triples()
            if entity_key(t.head) == head_key
        ]
        new = [
            (triple_key(found.head, r, found.answer), _Spec(head=found.head, relation=r, tail=found.answer))
            for r in found.relations
        ]
        return score_candidates(
            self.llm, query, found.answer, found.head, existing, new, self.config.relevance_margin
        )

    def tune(self, query: str, answer: str, feedback_id: str | None = None) -> KGTResult:
        """Algorithm 1: add/remove triples until the loss is at most epsilon; every edit logged."""
        start = time.perf_counter()
        found = self.extract(query, answer)
        candidates = self.candidates(query, found)
        prior = reasoning_score(self.llm, query, [], found.answer)
        plan = plan_edits(candidates, self.config, prior)
        by_key = {c.key: c for c in candidates}
        group_id = new_id("kgt")
        added: list[TripleRef] = []
        removed: list[TripleRef] = []
        edit_ids: list[str] = []
        provenance = Provenance(feedback_ids=[feedback_id] if feedback_id else [], source=self.config.source)
        for step in plan.steps:
            c = by_key[step.key]
            meta: dict[str, Any] = {
                "source": self.config.source,
                "group_id": group_id,
                "loss_before": step.loss_before,
                "loss_after": step.loss_after,
            }
            if step.op == "add":
                reason = f"KGT: feedback {found.answer!r} to {query!r}; log P(a|q,z)={c.reasoning:.3f}"
                edit = self.graph.add(
                    Triple(head=c.head, relation=c.relation, tail=c.tail, provenance=provenance),
                    reason=reason,
                    **meta,
                )
                assert edit.after is not None
                added.append(_ref(edit.after))
            else:
                assert c.triple_id is not None
                reason = (
                    f"KGT: conflicts with feedback {found.answer!r} to {query!r}; "
                    f"log P(a|q,z)={c.reasoning:.3f}"
                )
                edit = self.graph.remove(c.triple_id, reason=reason, **meta)
                assert edit.before is not None
                removed.append(_ref(edit.before))
            edit_ids.append(edit.id)
        return KGTResult(
            query=query,
            answer=found.answer,
            head_entity=found.head,
            added=added,
            removed=removed,
            loss_before=plan.loss_before,
            loss_after=plan.loss_after,
            converged=plan.converged,
            group_id=group_id,
            edit_ids=edit_ids,
            seconds=time.perf_counter() - start,
        )

    def revert(self, result: KGTResult) -> None:
        """Undo every edit of one :meth:`tune` call."""
        self.graph.revert_group(result.group_id, reason=f"revert KGT edit {result.group_id}")


def predict_answer(
    llm: Scorer,
    query: str,
    triples: Sequence[Triple],
    candidates: Sequence[str],
    retriever: FactRetriever | None = None,
) -> AnswerScores:
    """Score candidate answers to ``query`` given the facts the retriever finds among ``triples``."""
    facts = [triple_fact(t) for t in (retriever or FactRetriever()).retrieve(query, triples)]
    return answer_scores(llm, query, facts, candidates)


def answer_with_graph(
    llm: Scorer,
    graph: KnowledgeGraph,
    query: str,
    candidates: Sequence[str],
    retriever: FactRetriever | None = None,
) -> str:
    """The candidate answer the frozen LM prefers given the user's graph facts for ``query``."""
    return predict_answer(llm, query, graph.triples(), candidates, retriever).best
