"""SQLite tables of the memory system; every one is keyed and queried by ``user_id``."""

from __future__ import annotations

from usermind.storage.contract import Storage

SCHEMA_NAME = "memory_v1"

TURNS_TABLE = """
CREATE TABLE IF NOT EXISTS mem_turns (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    role TEXT NOT NULL,
    speaker TEXT,
    text TEXT NOT NULL,
    caption TEXT,
    ts REAL,
    source_id TEXT,
    extracted INTEGER NOT NULL DEFAULT 0,
    vec BLOB NOT NULL,
    UNIQUE (user_id, seq)
);
"""
TURNS_INDEXES = """
CREATE INDEX IF NOT EXISTS mem_turns_pending ON mem_turns (user_id, extracted, seq);
CREATE INDEX IF NOT EXISTS mem_turns_session ON mem_turns (user_id, session_id, seq);
"""

# schema version 4 (SQLite) / 6 (Postgres): the words of each user's memories with their vectors (word
# expansion; on Postgres also a pgvector ``embedding`` column, added by usermind.memory.pg_search)
WORDS_TABLE = """
CREATE TABLE IF NOT EXISTS mem_words (
    user_id TEXT NOT NULL,
    word TEXT NOT NULL,
    vec BLOB NOT NULL,
    PRIMARY KEY (user_id, word)
);
"""

DDL = (
    TURNS_TABLE
    + TURNS_INDEXES
    + """
CREATE TABLE IF NOT EXISTS mem_facts (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    predicate TEXT NOT NULL,
    object TEXT NOT NULL,
    text TEXT NOT NULL,
    confidence REAL NOT NULL,
    source_ids TEXT NOT NULL,
    valid_from REAL NOT NULL,
    valid_to REAL,
    invalidated_by TEXT,
    recorded_at REAL NOT NULL,
    method TEXT NOT NULL,
    vec BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS mem_facts_key ON mem_facts (user_id, subject, predicate);

CREATE TABLE IF NOT EXISTS mem_usage (
    user_id TEXT NOT NULL,
    reply_no INTEGER NOT NULL,
    memory_id TEXT NOT NULL,
    ts REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS mem_usage_user ON mem_usage (user_id, reply_no);
"""
)


def ensure(db: Storage) -> None:
    db.ensure_schema(SCHEMA_NAME, DDL)
