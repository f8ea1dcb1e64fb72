"""Export every row a user has in every store, and import such a file under another user id.

The export enumerates the tables at run time (every table with a ``user_id`` column, plus the
LangGraph ``checkpoints`` and ``writes`` of the user's threads ``USER:SESSION``), so a store added
later is exported without changes here.  Blobs are base64 (``{"$b64": ...}``).  Import rewrites the
user id everywhere it is stored, checkpoint contents included, in one transaction.
"""

from __future__ import annotations

import base64
import time
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from usermind.config import validate_user_id
from usermind.errors import DataFileError
from usermind.storage.checkpoints import CHECKPOINT_TABLES
from usermind.storage.coherence import renew
from usermind.storage.contract import Storage
from usermind.storage.dialect import DERIVED, ROWID
from usermind.storage.migrations import LATEST

FORMAT = "usermind-export"
# cache tokens, derived term counts, word vectors (usermind.memory.words): rebuilt, not moved
BOOKKEEPING = ("user_versions", "mem_lex_stats", "mem_words")
_BLOB = "$b64"


class ExportFile(BaseModel):
    """The file ``usermind export`` writes and ``usermind import`` reads."""

    format: Literal["usermind-export"]
    schema_version: int
    user_id: str
    exported_at: float = 0.0
    tables: dict[str, list[dict[str, Any]]]
    checkpoints: dict[str, list[dict[str, Any]]] = {}


def _encode(value: Any) -> Any:
    return {_BLOB: base64.b64encode(value).decode("ascii")} if isinstance(value, bytes) else value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {_BLOB}:
        return base64.b64decode(value[_BLOB])
    return value


def _row(row: Any) -> dict[str, Any]:
    return {k: _encode(row[k]) for k in row.keys() if k != ROWID and k not in DERIVED}


def _checkpoint_tables(db: Storage) -> list[str]:
    return [t for t in CHECKPOINT_TABLES[db.dialect] if db.has_table(t)]


def _thread_filter(user_id: str) -> tuple[str, tuple[int, str]]:
    prefix = f"{user_id}:"
    return "substr(thread_id, 1, ?) = ?", (len(prefix), prefix)


def export_user(db: Storage, user_id: str) -> dict[str, Any]:
    """Every row of ``user_id`` in every store of this home, with the schema version."""
    validate_user_id(user_id)
    tables = {
        table: [
            _row(r) for r in db.query(f'SELECT * FROM "{table}" WHERE user_id = ? ORDER BY rowid', (user_id,))
        ]
        for table in sorted(db.user_tables())
        if table not in BOOKKEEPING
    }
    where, params = _thread_filter(user_id)
    order = "rowid" if db.dialect == "sqlite" else "thread_id"  # the savers' own tables: no _rowid
    checkpoints = {
        table: [_row(r) for r in db.query(f'SELECT * FROM "{table}" WHERE {where} ORDER BY {order}', params)]
        for table in _checkpoint_tables(db)
    }
    data = ExportFile(
        format=FORMAT,
        schema_version=LATEST,
        user_id=user_id,
        exported_at=time.time(),
        tables=tables,
        checkpoints=checkpoints,
    )
    return data.model_dump()


def _rename(value: Any, old: str, new: str) -> Any:
    """``value`` with the user id ``old`` (and thread ids ``old:…``) replaced by ``new``."""
    if isinstance(value, str):
        if value == old:
            return new
        return new + value[len(old) :] if value.startswith(f"{old}:") else value
    if isinstance(value, dict):
        return {_rename(k, old, new): _rename(v, old, new) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_rename(v, old, new) for v in value)
    return value


def _rename_blob(serde: Any, kind: str | None, blob: Any, old: str, new: str) -> Any:
    if not isinstance(blob, bytes) or kind is None:
        return blob
    renamed = serde.dumps_typed(_rename(serde.loads_typed((kind, blob)), old, new))
    return renamed[1]


def _rename_checkpoint_row(serde: Any, row: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    row = {k: _decode(v) for k, v in row.items()}
    for column in ("checkpoint", "metadata"):
        if isinstance(row.get(column), dict):  # a JSON column (the Postgres saver's)
            row[column] = _rename(row[column], old, new)
    for column in ("checkpoint", "value", "blob"):  # serialized with the row's ``type``
        if column in row and not isinstance(row[column], dict):
            row[column] = _rename_blob(serde, row.get("type"), row[column], old, new)
    row["thread_id"] = _rename(row["thread_id"], old, new)
    return row


def parse_export(raw: Any) -> ExportFile:
    try:
        data = ExportFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "file"
        raise DataFileError(f"not a usermind export: {where}: {first['msg']}") from None
    if data.schema_version > LATEST:
        raise DataFileError(
            f"export has schema version {data.schema_version}, newer than this usermind ({LATEST}): upgrade"
        )
    return data


def _insert(conn: Any, table: str, rows: list[dict[str, Any]], allowed: set[str]) -> None:
    for row in rows:
        unknown = set(row) - allowed
        if unknown:
            raise DataFileError(f"export row of {table} has unknown column(s) {', '.join(sorted(unknown))}")
        columns = ", ".join(f'"{c}"' for c in row)
        conn.execute(
            f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(row))})', list(row.values())
        )


def import_user(db: Storage, raw: Any, user_id: str) -> dict[str, int]:
    """Restore an export under ``user_id`` in this home; refuses a user that already has data."""
    from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

    validate_user_id(user_id)
    data = parse_export(raw)
    old = data.user_id
    where, params = _thread_filter(user_id)
    busy = db.count_user_rows(user_id) or any(
        db.query(f'SELECT 1 FROM "{t}" WHERE {where} LIMIT 1', params) for t in _checkpoint_tables(db)
    )
    if busy:
        raise DataFileError(
            f"user {user_id} already has data in this home: forget it first or pick another id"
        )
    user_tables = set(db.user_tables())
    serde = JsonPlusSerializer()
    counts: dict[str, int] = {}
    with db.transaction() as conn:  # all or nothing; a clashing id fails with a one-line StorageError
        renew(conn, user_id)  # any process that cached this (empty) user reloads
        for table, rows in data.tables.items():
            if table not in user_tables:
                raise DataFileError(f"export has table {table}, which this home does not have")
            fixed = [{**{k: _decode(v) for k, v in r.items()}, "user_id": user_id} for r in rows]
            _insert(conn, table, fixed, set(db.columns(table)))
            counts[table] = len(rows)
        for table, rows in data.checkpoints.items():
            if table not in _checkpoint_tables(db):
                raise DataFileError(f"export has checkpoint table {table}, which this home does not have")
            fixed = [_rename_checkpoint_row(serde, r, old, user_id) for r in rows]
            _insert(conn, table, fixed, set(db.columns(table)))
            counts[table] = len(rows)
    return counts
