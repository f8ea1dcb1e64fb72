"""Pydantic models of the KGT editor: configuration, candidate triples, the edit plan, the result."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class KGTConfig(BaseModel):
    """Knobs of Algorithm 1 (KGT, arXiv 2405.19686)."""

    epsilon: float = Field(1.0, gt=0, description="stop once the loss L is at or below this")
    min_prob: float = Field(
        1e-6, gt=0, lt=1, description="retrieval probability of a triple not in the graph"
    )
    relevance_margin: float = Field(
        1.0,
        ge=0,
        description="G_q keeps existing e_q-triples whose retrieval log-score is within this many "
        "nats of the best candidate's (the ones that compete with it for retrieval)",
    )
    conflict_margin: float = Field(
        1.0,
        ge=0,
        description="an existing triple conflicts with the answer when it lowers log P(a|q) by at "
        "least this many nats compared with no facts; only conflicting triples are removed",
    )
    max_candidates: int = Field(3, ge=1, description="at most this many candidate triples H")
    max_removals: int = Field(3, ge=0, description="at most this many triples removed per edit")
    llm_relations: Literal["auto", "always", "never"] = Field(
        "auto", description="extract relations with an LLM prompt: auto = only for a non-local model"
    )
    source: str = "kgt"


class Candidate(BaseModel):
    """One triple the optimiser reasons about, with its two LM scores.

    ``retrieval`` is log P_LM(relation | "To answer the query: q, I need information e_q"),
    ``reasoning`` is log P_LM(answer | question, the triple as the only fact).
    """

    key: str
    head: str
    relation: str
    tail: str
    in_graph: bool
    is_new: bool = Field(description="a member of H (extracted from the feedback), not of G_q")
    retrieval: float
    reasoning: float | None = Field(None, description="None when not scored (not in H or G_q)")
    triple_id: str | None = None


class PlanStep(BaseModel):
    """One add or remove decided by the optimiser, with the loss around it."""

    op: Literal["add", "remove"]
    key: str
    loss_before: float
    loss_after: float


class EditPlan(BaseModel):
    """The outcome of Algorithm 1 on precomputed scores (no graph or model involved)."""

    steps: list[PlanStep]
    loss_before: float
    loss_after: float
    converged: bool


class TripleRef(BaseModel):
    """A triple as reported in a result."""

    id: str
    head: str
    relation: str
    tail: str


class KGTResult(BaseModel):
    """What one :meth:`KGTEditor.tune` call changed."""

    query: str
    answer: str
    head_entity: str
    added: list[TripleRef]
    removed: list[TripleRef]
    loss_before: float
    loss_after: float
    converged: bool
    group_id: str
    edit_ids: list[str]
    seconds: float

    @property
    def changed(self) -> int:
        return len(self.added) + len(self.removed)


class AnswerScores(BaseModel):
    """Log-probabilities of candidate answers given a query and the facts retrieved for it."""

    query: str
    facts: list[str]
    scores: dict[str, float]

    @property
    def best(self) -> str:
        return max(self.scores, key=lambda k: self.scores[k])
