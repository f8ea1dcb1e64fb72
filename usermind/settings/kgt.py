"""The ``kgt`` section: knobs of the knowledge-graph tuning editor (``[kgt]`` in the config)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class KGTConfig(BaseModel):
    """Knobs of Algorithm 1 (KGT, arXiv 2405.19686); the ``[kgt]`` section of the settings."""

    model_config = ConfigDict(extra="forbid")

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
