"""LM scoring for KGT through any object with ``.logprobs(prompt, continuations)`` (the frozen LM)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

from usermind.graphs.kgt.models import AnswerScores, Candidate
from usermind.graphs.kgt.prompts import continuation, fact_text, reasoning_prompt, retrieval_prompt
from usermind.graphs.models import entity_key


class Scorer(Protocol):
    def logprobs(self, prompt: str, continuations: list[str]) -> list[float]: ...


class TripleSpec(Protocol):
    head: str
    relation: str
    tail: str


def retrieval_scores(llm: Scorer, query: str, head: str, relations: Sequence[str]) -> dict[str, float]:
    """log P_LM(r | "To answer the query: q, I need information e_q") for each distinct relation."""
    distinct = list(dict.fromkeys(relations))
    values = llm.logprobs(retrieval_prompt(query, head), [continuation(r) for r in distinct])
    return dict(zip(distinct, values, strict=True))


def reasoning_score(llm: Scorer, query: str, facts: list[str], answer: str) -> float:
    """log P_LM(a | the reasoning prompt with ``facts``)."""
    return llm.logprobs(reasoning_prompt(query, facts), [continuation(answer)])[0]


def score_candidates(
    llm: Scorer,
    query: str,
    answer: str,
    head: str,
    existing: Sequence[tuple[str, TripleSpec]],
    new: Sequence[tuple[str, TripleSpec]],
    margin: float = math.inf,
) -> list[Candidate]:
    """LM scores for the existing e_q-triples S (keyed) and the candidate triples H (keyed).

    Every triple gets a retrieval score; the reasoning score P(a|q,z) is computed for H and for
    the existing triples whose retrieval score is within ``margin`` of H's best (G_q) — the others
    can neither enter the loss nor be removed.  A member of H already in S is marked in the graph.
    """
    existing_keys = {key for key, _ in existing}
    new_keys = {key for key, _ in new}
    merged = dict(new)
    merged.update(dict(existing))  # an existing triple keeps its id
    retrieval = retrieval_scores(llm, query, head, [t.relation for t in merged.values()])
    relations = {entity_key(t.relation) for _, t in new}
    best = max(retrieval[t.relation] for _, t in new) if new else math.inf
    out = []
    for key, t in merged.items():
        scored = (
            key in new_keys or retrieval[t.relation] >= best - margin or entity_key(t.relation) in relations
        )
        reasoning = (
            reasoning_score(llm, query, [fact_text(t.head, t.relation, t.tail)], answer) if scored else None
        )
        out.append(
            Candidate(
                key=key,
                head=t.head,
                relation=t.relation,
                tail=t.tail,
                in_graph=key in existing_keys,
                is_new=key in new_keys,
                retrieval=retrieval[t.relation],
                reasoning=reasoning,
                triple_id=getattr(t, "id", None),
            )
        )
    return out


def answer_scores(llm: Scorer, query: str, facts: list[str], candidates: Sequence[str]) -> AnswerScores:
    """log P_LM(candidate | query, facts) for each candidate answer."""
    distinct = list(dict.fromkeys(c.strip() for c in candidates))
    values = llm.logprobs(reasoning_prompt(query, facts), [continuation(c) for c in distinct])
    return AnswerScores(query=query, facts=list(facts), scores=dict(zip(distinct, values, strict=True)))
