"""Schema version and migrations of a Postgres database: the version lives in ``usermind_schema``.

A new database gets every store's tables at :data:`~usermind.storage.migrations.LATEST` in one
transaction (Postgres DDL is transactional); later versions append to :data:`MIGRATIONS`.  A
transaction-scoped advisory lock makes concurrent openers migrate once.  A database newer than this
package, or one whose tables lack columns it reads, is refused with a one-line error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from usermind.errors import DatabaseUnavailable, StorageError
from usermind.storage.dialect import ddl_to_postgres
from usermind.storage.migrations import _baseline_ddl, _v2_ddl, expected_columns, statements, words_ddl
from usermind.storage.postgres_lex_stats import lex_stats_5

if TYPE_CHECKING:
    from usermind.storage.postgres import PostgresDatabase

_LOCK_KEY = 0x75736D64  # "usmd": the advisory lock of schema changes
_VERSION_DDL = "CREATE TABLE IF NOT EXISTS usermind_schema (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)"


def _created_at_3() -> str:
    """Every table as schema version 3 has it (the SQLite migrations 1-3 folded into one)."""
    return _baseline_ddl() + _v2_ddl()


def _search_columns_4() -> str:
    """Full-text search columns (Postgres only): the stemmed terms of each turn and fact as a tsvector
    with a GIN index, and their count (BM25's document length).  The pgvector ``embedding`` column
    and its HNSW index need the embedder's dimension: :mod:`usermind.memory.pg_search` adds them."""
    out = ""
    for table in ("mem_turns", "mem_facts"):
        out += (
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS lex tsvector;\n"
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS nterms INTEGER;\n"
            f"CREATE INDEX IF NOT EXISTS {table}_lex ON {table} USING gin (lex);\n"
        )
    return out


# version -> DDL reaching it from the version before (a new database starts at the first entry): a
# script in the stores' portable form, or a list of statements already in Postgres form; Postgres
# versions run ahead of SQLite's from 4 on (4: search columns, 5: per-user term statistics, 6: SQLite's
# 4, mem_words; its pgvector column comes with the embedder's dimension: usermind.memory.pg_search)
MIGRATIONS: list[tuple[int, Callable[[], str | list[str]]]] = [
    (3, _created_at_3),
    (4, _search_columns_4),
    (5, lex_stats_5),
    (6, words_ddl),
]
LATEST = MIGRATIONS[-1][0]


def ensure_vector_extension(db: PostgresDatabase) -> None:
    """``CREATE EXTENSION IF NOT EXISTS vector``, or a one-line error naming the database."""
    try:
        if not db.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'"):
            db.execute("CREATE EXTENSION IF NOT EXISTS vector")
    except StorageError as exc:
        reason = str(exc).split(": ", 1)[-1]
        raise DatabaseUnavailable(
            f"database {db.label} lacks the pgvector extension (CREATE EXTENSION vector failed: {reason}); "
            "install pgvector on the server or have an administrator run CREATE EXTENSION vector"
        ) from None


def stored_version(db: PostgresDatabase) -> int:
    if not db.has_table("usermind_schema"):
        return 0
    rows = db.query("SELECT version FROM usermind_schema WHERE id = 1")
    return int(rows[0][0]) if rows else 0


def _refuse_newer(db: PostgresDatabase, found: int) -> None:
    if found > LATEST:
        raise DatabaseUnavailable(
            f"database {db.label} has schema version {found}, newer than this usermind supports "
            f"({LATEST}): upgrade usermind"
        )


def migrate(db: PostgresDatabase) -> int:
    """Bring ``db`` to :data:`LATEST`; returns the version it had before."""
    found = stored_version(db)
    _refuse_newer(db, found)
    ensure_vector_extension(db)
    if found < LATEST:
        with db.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))
            conn.execute(ddl_to_postgres(_VERSION_DDL))
            row = conn.execute("SELECT version FROM usermind_schema WHERE id = 1").fetchone()
            current = int(row[0]) if row else 0
            _refuse_newer(db, current)
            for version, ddl in MIGRATIONS:
                if version > current:
                    script = ddl()
                    native = script if isinstance(script, list) else None
                    for statement in native or [ddl_to_postgres(s) for s in statements(str(script))]:
                        conn.execute(statement)
            conn.execute(
                "INSERT INTO usermind_schema (id, version) VALUES (1, ?) "
                "ON CONFLICT (id) DO UPDATE SET version = excluded.version",
                (LATEST,),
            )
    check_columns(db)
    return found


def check_columns(db: PostgresDatabase) -> None:
    for table, columns in expected_columns().items():
        missing = sorted(columns - set(db.columns(table)))
        if missing:
            raise DatabaseUnavailable(
                f"database {db.label} does not match schema version {LATEST}: table {table} lacks "
                f"column(s) {', '.join(missing)}"
            )
