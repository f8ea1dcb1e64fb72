"""Turns whose source has no time: stored as unknown, never dated against the epoch, migrated safely."""

import sqlite3

import numpy as np

from usermind.memory import MemorySystem, TurnIn
from usermind.memory.decay import DecayPolicy, MemoryRecord, _stale_reason
from usermind.memory.extraction.candidates import Candidate
from usermind.storage import Database

OLD_TURNS = """CREATE TABLE mem_turns (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, session_id TEXT NOT NULL,
seq INTEGER NOT NULL, role TEXT NOT NULL, speaker TEXT, text TEXT NOT NULL, caption TEXT, ts REAL NOT NULL,
source_id TEXT, extracted INTEGER NOT NULL DEFAULT 0, vec BLOB NOT NULL, UNIQUE (user_id, seq))"""


def test_a_database_with_not_null_ts_is_migrated_and_keeps_its_rows(tmp_path, embedder):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(OLD_TURNS)
    vec = np.zeros(384, dtype=np.float32).tobytes()
    conn.execute(
        "INSERT INTO mem_turns VALUES ('t_1','ann','s',0,'user',NULL,'I like tea.',NULL,1.5e9,NULL,0,?)",
        (vec,),
    )
    conn.commit()
    conn.close()
    db = Database(path)
    mem = MemorySystem(db, embedder)
    mem.add_turns("ann", [TurnIn(session_id="obs", text="Ann has a garden.", ts="unknown")])
    assert [(t.text, t.ts) for t in mem.episodic.list("ann")] == [
        ("I like tea.", 1.5e9),
        ("Ann has a garden.", None),
    ]
    notnull = {r["name"]: r["notnull"] for r in db.query("PRAGMA table_info(mem_turns)")}
    assert notnull["ts"] == 0
    db.close()


def test_unknown_age_is_never_stale_and_facts_hold_from_recording():
    record = MemoryRecord(id="t_1", kind="turn", ts=None)
    assert _stale_reason(record, DecayPolicy(), now=2e9) is None
    assert _stale_reason(MemoryRecord(id="t_2", kind="turn", ts=1.0), DecayPolicy(), now=2e9) is not None
    fact = Candidate(
        subject="Ann", predicate="has", object="garden", text="Ann has a garden.", valid_from=None
    )
    assert fact.valid_from > 1.7e9
