"""SQLite-flavoured SQL to Postgres: ``?`` to ``%s``, ``rowid`` to the ``_rowid`` identity column every
Postgres table gets, SQLite column types to Postgres ones.  Translations are cached per statement."""

from __future__ import annotations

import re
from functools import lru_cache

ROWID = "_rowid"  # insertion order on Postgres (SQLite's implicit rowid); never exported
# Postgres-only search columns of mem_turns/mem_facts (pgvector embedding, tsvector, term count):
# derived from each row's vec and text, never exported, rebuilt after an import
DERIVED = frozenset({"embedding", "lex", "nterms"})

_CREATE_TABLE = re.compile(r"(CREATE TABLE IF NOT EXISTS\s+\w+\s*\()", re.IGNORECASE)
_TYPES = (
    (re.compile(r"\bBLOB\b", re.IGNORECASE), "BYTEA"),
    (re.compile(r"\bREAL\b", re.IGNORECASE), "DOUBLE PRECISION"),
    (re.compile(r"\bINTEGER\b", re.IGNORECASE), "BIGINT"),
)
_ROWID = re.compile(r"\browid\b", re.IGNORECASE)


def _outside_quotes(sql: str, fix) -> str:
    """Apply ``fix`` to the parts of ``sql`` that are not inside '...' or "..." literals."""
    parts = re.split(r"('(?:[^']|'')*'|\"[^\"]*\")", sql)
    return "".join(p if i % 2 else fix(p) for i, p in enumerate(parts))


@lru_cache(maxsize=1024)
def to_postgres(sql: str) -> str:
    """A statement in Postgres form (parameters ``%s``; every ``%`` doubled: always run it with a
    parameter sequence, even an empty one)."""

    def fix(part: str) -> str:
        return _ROWID.sub(ROWID, part.replace("?", "%s"))

    return _outside_quotes(sql.replace("%", "%%"), fix)


def ddl_to_postgres(ddl: str) -> str:
    """A ``CREATE TABLE/INDEX IF NOT EXISTS`` script in Postgres form; every table gains ``_rowid``."""

    def fix(part: str) -> str:
        for pattern, replacement in _TYPES:
            part = pattern.sub(replacement, part)
        return _CREATE_TABLE.sub(rf"\1 {ROWID} BIGINT GENERATED ALWAYS AS IDENTITY,", part)

    return _outside_quotes(ddl, fix)
