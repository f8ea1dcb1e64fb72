"""The stored schema version (``PRAGMA user_version``) and the ordered migrations that reach it.

Version 0 is a database of the previous release (tables created by each store, no version).
Opening a database runs every migration above its version, each in its own ``BEGIN IMMEDIATE``
transaction (so two processes opening an old database migrate it once); a database newer than
this package, or one whose tables lack columns this version needs, is refused with a one-line
:class:`~usermind.errors.StorageError` instead of failing later with a raw ``sqlite3`` error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from usermind.errors import DatabaseUnavailable, StorageError

if TYPE_CHECKING:
    from usermind.storage.db import Database


def statements(ddl: str) -> list[str]:
    """Split a DDL script into complete statements (``executescript`` would commit mid-migration)."""
    out, current = [], ""
    for line in ddl.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return [s for s in out if s.strip(" ;\n")]


def _baseline_ddl() -> str:
    """Every store's tables as the previous release created them (imported late: no import cycle)."""
    from usermind.graphs.driver.networkx_driver import SCHEMA as GRAPH
    from usermind.memory.schema import DDL as MEMORY
    from usermind.persona.store import _DDL as PERSONA
    from usermind.tools.preferences import _DDL as TOOLS

    return MEMORY + GRAPH + PERSONA + TOOLS


# turns whose vector is still to be computed (durable-first ingest stores them with an empty vec)
_PENDING_VECTOR_INDEX = (
    "CREATE INDEX IF NOT EXISTS mem_turns_novec ON mem_turns (user_id, seq) WHERE length(vec) = 0;\n"
)


def _v2_ddl() -> str:
    from usermind.storage.coherence import DDL as VERSIONS

    return VERSIONS + _PENDING_VECTOR_INDEX


def _v3_ddl() -> str:
    """Turns may have an unknown time (``ts`` NULL; it was NOT NULL): SQLite cannot drop a
    constraint, so the table is rebuilt with its rows and indexes."""
    from usermind.memory.schema import TURNS_INDEXES, TURNS_TABLE

    return (
        "ALTER TABLE mem_turns RENAME TO mem_turns_before_unknown_ts;\n"
        + TURNS_TABLE
        + "INSERT INTO mem_turns SELECT * FROM mem_turns_before_unknown_ts;\n"
        + "DROP TABLE mem_turns_before_unknown_ts;\n"
        + TURNS_INDEXES
        + _PENDING_VECTOR_INDEX
    )


def words_ddl() -> str:
    """Each user's vocabulary with its word vectors (:mod:`usermind.memory.words`)."""
    from usermind.memory.schema import WORDS_TABLE

    return WORDS_TABLE


# version -> DDL producing it from the version before; append, never edit a released entry
MIGRATIONS: list[tuple[int, Callable[[], str]]] = [
    (1, _baseline_ddl),
    (2, _v2_ddl),
    (3, _v3_ddl),
    (4, words_ddl),
]
LATEST = MIGRATIONS[-1][0]


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database) -> int:
    """Bring ``db`` to :data:`LATEST`; returns the version it had before."""
    conn, name = db.conn, db.path.name
    found = schema_version(conn)
    if found > LATEST:
        raise DatabaseUnavailable(
            f"database {name} has schema version {found}, newer than this usermind supports ({LATEST}): "
            "upgrade usermind"
        )
    for version, ddl in MIGRATIONS:
        if version <= found:
            continue
        with db.lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if schema_version(conn) < version:  # another process may have migrated meanwhile
                    for statement in statements(ddl()):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {version}")
            except sqlite3.Error as exc:
                conn.execute("ROLLBACK")
                raise StorageError(
                    f"cannot migrate database {name} to schema version {version}: {exc}"
                ) from None
            conn.execute("COMMIT")
    check_columns(db)
    return found


_expected: dict[str, set[str]] | None = None


def expected_columns() -> dict[str, set[str]]:
    """Columns of every table at :data:`LATEST`, read from a scratch in-memory database."""
    global _expected
    if _expected is None:
        scratch = sqlite3.connect(":memory:")
        for _, ddl in MIGRATIONS:
            for statement in statements(ddl()):
                scratch.execute(statement)
        tables = [r[0] for r in scratch.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        _expected = {t: {c[1] for c in scratch.execute(f'PRAGMA table_info("{t}")')} for t in tables}
        scratch.close()
    return _expected


def check_columns(db: Database) -> None:
    """Refuse a database whose tables lack columns this version reads (damaged or hand-edited)."""
    for table, columns in expected_columns().items():
        have = {c[1] for c in db.conn.execute(f'PRAGMA table_info("{table}")')}
        missing = sorted(columns - have)
        if missing:
            raise StorageError(
                f"database {db.path.name} does not match schema version {LATEST}: table {table} lacks "
                f"column(s) {', '.join(missing)}; restore a backup or export and import the users"
            )
