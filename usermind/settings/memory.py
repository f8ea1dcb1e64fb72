"""The memory section: fusion weights, verification thresholds, recall depth (``[memory]`` in the config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FusionWeights(BaseModel):
    """Weights of the linear fusion in :func:`usermind.memory.scoring.fuse`."""

    model_config = ConfigDict(extra="forbid")

    dense: float = Field(1.0, ge=0)
    lexical: float = Field(0.5, ge=0)
    neighbour: float = Field(0.55, ge=0, description="share of the best adjacent turn's score borrowed")
    speaker: float = Field(0.2, ge=0, description="bonus when the query names the turn's speaker")
    temporal: float = Field(0.10, ge=0, description="bonus inside a time window the query names")
    fact: float = Field(0.02, ge=0, description="bonus for distilled facts over raw turns")
    question: float = Field(
        0.6,
        ge=0,
        description="penalty x the share of a turn's words that ask a question (its reply holds the answer)",
    )
    informative: float = Field(
        0.03,
        ge=0,
        description="bonus x log(1 + the content words of a memory): a turn that says more is more often the "
        "one that holds an answer",
    )
    expansion: float = Field(
        0.15,
        ge=0,
        description="weight of the third lexical query: the user's own words most like the question's "
        "(word vectors, SQLite; see usermind.memory.vocabulary), BM25 normalised to 0..1",
    )
    session: float = Field(0.2, ge=0, description="share of the best base score of the turn's session")
    feedback: float = Field(
        0.5, ge=0, description="weight of the second lexical hop (feedback terms) within the lexical score"
    )


class VerifyConfig(BaseModel):
    """LLM-free Self-ReCheck thresholds (set on our own fixtures in tests/memory, never on benchmarks)."""

    model_config = ConfigDict(extra="forbid")

    min_dense: float = Field(0.20, description="a memory about the user is kept from this cosine up ...")
    speaker_dense: float = Field(
        0.15,
        description="... or from this cosine for a memory said by a speaker the message names "
        "(the name is left out of the query embedding)",
    )
    min_overlap: float = Field(0.30, description="... or from this IDF-weighted share of the message's words")
    neighbour_keep: float = Field(0.45, description="... or when its adjacent turn is this similar")
    strong_dense: float = Field(0.42, description="cosine that counts as a direct match (claims, repetition)")
    generic_dense: float = Field(
        0.62, description="a general message is personalised only on a near paraphrase"
    )
    generic_overlap: float = Field(0.5, description="... that also shares this share of its words")
    domain_weight: float = Field(
        0.5, ge=0, description="a request's bearing = cosine + this x agreement of life-domain profiles"
    )
    domain_temperature: float = Field(0.1, gt=0, description="softmax temperature of the domain profiles")
    example_weight: float = Field(
        1.0,
        ge=0,
        description="... + this x likeness to the preferences of the example requests most like the request "
        "(usermind/memory/bearing/pairs.json; 0: off)",
    )
    example_neighbours: int = Field(10, ge=1, description="how many example requests are consulted")
    example_temperature: float = Field(0.1, gt=0, description="softmax temperature of their weights")
    hub_weight: float = Field(
        1.0,
        ge=0,
        description="... less this x how much more a statement bears on the example requests than the "
        "example preferences do (its mean bearing on the hub_top it bears on most; 0: off)",
    )
    hub_top: int = Field(100, ge=1, description="how many example requests a statement's hubness averages")
    request_likeness: float = Field(
        0.33,
        description="a request for the user alone weighs their statements only when its cosine to one of the "
        "example requests reaches this (how-tos and writing tasks do not; 0: every request)",
    )
    pref_floor: float = Field(0.45, description="a stated preference bears on a request from this bearing up")
    pref_margin: float = Field(0.04, ge=0, description="... and within this of the best stated preference")
    pref_max: int = Field(
        2, ge=1, description="most stated preferences (by source statement) kept per request"
    )
    repetition_limit: int = Field(3, ge=1, description="uses within the window that trigger the guard")
    repetition_window: int = Field(6, ge=1, description="how many recent replies the guard looks at")


class MemoryConfig(BaseModel):
    """Everything a :class:`~usermind.memory.MemorySystem` can be configured with."""

    model_config = ConfigDict(extra="forbid")

    weights: FusionWeights = Field(default_factory=FusionWeights)
    verify: VerifyConfig = Field(default_factory=VerifyConfig)
    candidate_pool: int = Field(
        100, ge=10, description="Postgres: dense and lexical candidates found per query (first stage)"
    )
    candidate_rows: int = Field(
        60,
        ge=10,
        description="Postgres: the best candidates by dense + lexical score loaded (with their session "
        "neighbours) and scored in full",
    )
    model: str | None = Field(
        None,
        description="litellm model string of the memory's LLM steps (re-check, extraction, decomposition); "
        "None: the agent's model",
    )
    llm_verify: bool = Field(False, description="use the LLM extractive re-check when an LLM is configured")
    llm_extraction: bool = Field(False, description="use the LLM to extract facts when one is configured")
    llm_decompose: bool = Field(
        False,
        description="with an LLM configured, split each question into a few search queries (cached) and "
        "merge their recalls with the question's own (multi-hop questions)",
    )
    decompose_parts: int = Field(3, ge=1, le=8, description="most search queries a question is split into")
    extraction_batch: int = Field(24, ge=1, description="turns per LLM extraction call")
    recall_facts: bool = True
    feedback_docs: int = Field(
        5, ge=0, description="first hits whose rare words seed the second hop (0: off)"
    )
    context_from: int | None = Field(
        10,
        ge=1,
        description="a recall of more memories than this fills the slots past it favouring the turns around "
        "its best hits (usermind.memory.context_slots; None: off)",
    )
    context_hits: int = Field(5, ge=1, description="... around this many of the best hits ...")
    context_turns: int = Field(2, ge=1, description="... within this many turns of their session ...")
    context_bonus: float = Field(0.15, ge=0, description="... with this bonus on their fused score")
    feedback_terms: int = Field(10, ge=1, description="words the second hop searches for")
    expansion_terms: int = Field(10, ge=1, description="most related words the expansion searches for")
    expansion_floor: float = Field(
        0.3, description="a word joins the expansion from this likeness (cosine less the generic share)"
    )
    expansion_generic: float = Field(
        0.3, ge=0, description="share of a word's cosine to the vocabulary's mean word taken off its likeness"
    )
    expansion_max_share: float = Field(
        0.05, gt=0, le=1, description="words in more than this share of the memories are not searched for"
    )
    dense_without_speakers: bool = Field(
        True,
        description="embed the query without the speaker names it mentions (scored by the speaker bonus)",
    )
    preference_pool: int = Field(
        4,
        ge=0,
        description="slots of a request's recall reserved for the stated preferences that bear on it most",
    )
    message_kinds: bool = Field(
        True,
        description="also tell requests and statements about the user by a classifier over the message's "
        "embedding, where the wording rules miss them (fitted on first use from examples in the package)",
    )
    half_precision_from: int | None = Field(
        20_000,
        ge=0,
        description="memories from which the dense scan reads a compact copy (int8 with a scale per row, "
        "float16 where torch lacks the int8 kernel) and re-scores the best in float32 (None: always float32)",
    )
    heap_keep_mb: int | None = Field(
        64,
        ge=0,
        description="glibc: freed memory kept on the heap for reuse, in MB, so recall's score arrays are "
        "not page-faulted afresh each query (0 or None: the C library's defaults)",
    )
    blas_threads: int | None = Field(
        1, ge=1, description="cap on numpy's BLAS threads for vector search (None leaves it alone)"
    )
