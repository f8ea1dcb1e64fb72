"""One Self-ReCheck call of the memory system: the LLM verifier where configured, for messages about
the user or asking for something (falling back to the rules when the model fails), else the rules
over each memory's signals, with how much the user's memories support a claim the message makes
("remember when I ...")."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import numpy as np

from usermind.errors import ModelError
from usermind.memory.models import Memory, Verification
from usermind.memory.signals import memory_signals, with_bearing
from usermind.memory.text import content_terms
from usermind.memory.user_index import UserIndex
from usermind.memory.verify import guarded, verify_rules
from usermind.memory.verify_llm import verify_llm

if TYPE_CHECKING:
    from usermind.memory.system import MemorySystem

log = logging.getLogger(__name__)


def verify_memories(mem: MemorySystem, user_id: str, query: str, memories: list[Memory]) -> Verification:
    """Which of ``memories`` to use for ``query``, whether to personalize, and the guards."""
    index, info, query_vec, _ = mem._index_for(user_id, query, [m.id for m in memories])
    cfg = mem.config.verify
    uses = mem.usage.recent_counts(user_id, cfg.repetition_window)
    with mem._index_lock():
        claim = None if info.claim is None else _claim_support(mem, user_id, index, info.claim)
    if mem.config.llm_verify and mem.llm is not None and memories and (info.personal or info.request):
        # a message neither about the user nor asking for something (a general question) gets no
        # memory from the rules; the model is asked only about the others
        try:
            result = verify_llm(mem.llm, query, memories)
            return guarded(result, info, uses=uses, claim_support=claim, cfg=cfg)
        except ModelError as exc:
            log.warning("LLM verification failed (%s); using the rule verifier", exc)
    with mem._index_lock():
        terms = content_terms(info.text)
        signals = [memory_signals(index, query_vec, info, terms, m) for m in memories]
        if info.wants_bearing:
            basis = mem.bearing.basis
            info, signals = with_bearing(index, query_vec, memories, signals, basis, mem.config, info)
    return verify_rules(info, memories, signals, uses=uses, claim_support=claim, cfg=cfg)


def _claim_support(mem: MemorySystem, user_id: str, index: UserIndex, claim: str) -> float:
    """The best cosine of the claim to any of the user's memories (0.0 without any)."""
    vector: np.ndarray = mem._embed_query(claim)
    if mem.pg is not None:
        return mem.pg.max_dense(user_id, vector)
    return float((index.vectors.matrix @ vector).max()) if len(index) else 0.0
