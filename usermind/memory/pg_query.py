"""What one query ranks on: the rows (on SQLite the user's cached index, on Postgres the query's
candidates), the query's analysis and vector, and on Postgres the word expansion's terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from usermind.memory.people import person_stems
from usermind.memory.query import QueryInfo
from usermind.memory.text import content_terms
from usermind.memory.user_index import UserIndex

if TYPE_CHECKING:
    from usermind.memory.system import MemorySystem


class Found(NamedTuple):
    user_index: UserIndex
    info: QueryInfo
    query_vec: np.ndarray
    expansion: list[str] | None = None  # Postgres: the expansion's stems (None: none searched)


def on_postgres(mem: MemorySystem, user_id: str, query: str, ids: list[str] | None, reach: int = 1) -> Found:
    """The query's candidates (or the rows ``ids``, to verify) with the expansion they were found with
    (:mod:`usermind.memory.pg_words`), and the turns within ``reach`` of each candidate in its session.
    No connection is held while anything is embedded."""
    assert mem.pg is not None and mem.pg_words is not None
    corpus = mem.pg.corpus(user_id)
    mem.pg_words.complete(user_id, corpus)
    info = mem.analyse(query, corpus.speakers)
    query_vec = mem._query_vector(info)
    terms = content_terms(info.text)
    if ids is not None and (reused := mem.pg.recalled(user_id, query, corpus, ids)) is not None:
        return Found(reused, info, query_vec)  # verifying what was just recalled: the same rows
    question = None
    if ids is None:
        question = mem.pg_words.question(user_id, info, mem.query_vectors.vectors, mem.config)
    with mem.db.pinned():  # one pooled connection for the few statements that find and load the rows
        lexical = mem.pg.bm25(user_id, terms, corpus)
        if ids is not None:
            return Found(mem.pg.index_of(user_id, ids, terms, lexical=lexical), info, query_vec)
        expansion = mem.pg_words.expansion(user_id, question, lexical, mem.config) if question else []
        people = person_stems(info.people) if info.wants_bearing else []
        index = mem.pg.candidates(
            user_id,
            query_vec,
            terms,
            info.speakers,
            lexical=lexical,
            expansion=expansion,
            people=people,
            reach=reach,
        )
        mem.pg.remember_recall(user_id, query, corpus, index)
    return Found(index, info, query_vec, expansion)
