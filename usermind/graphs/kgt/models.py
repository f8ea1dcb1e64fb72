"""Pydantic models of the KGT editor: configuration, candidate triples, the edit plan, the result."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from usermind.settings.kgt import KGTConfig as KGTConfig  # the ``kgt`` section of the settings tree


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
