"""SQLite persona store: versioned attribute rows; the current view is the valid rows of one user."""

from __future__ import annotations

import json

from usermind.config import validate_user_id
from usermind.persona.models import Persona, PersonaAttribute, sensitive_category
from usermind.storage.contract import Storage
from usermind.storage.db import new_id, now_ts

_DDL = """
CREATE TABLE IF NOT EXISTS persona_attributes (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL, attribute TEXT NOT NULL, value TEXT NOT NULL,
    polarity INTEGER NOT NULL, confidence REAL NOT NULL, source TEXT NOT NULL, provenance TEXT NOT NULL,
    sensitive TEXT, version INTEGER NOT NULL, valid INTEGER NOT NULL, ts REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS persona_attributes_user ON persona_attributes(user_id, attribute, valid);
CREATE TABLE IF NOT EXISTS persona_settings (
    user_id TEXT PRIMARY KEY, allow_sensitive INTEGER NOT NULL DEFAULT 1
);
"""


class PersonaStore:
    """Per-user persona with history; every query is filtered by user id."""

    def __init__(self, db: Storage):
        self.db = db
        db.ensure_schema("persona", _DDL)

    def allow_sensitive(self, user_id: str) -> bool:
        rows = self.db.query(
            "SELECT allow_sensitive FROM persona_settings WHERE user_id = ?", (validate_user_id(user_id),)
        )
        return bool(rows[0][0]) if rows else True

    def set_sensitive_allowed(self, user_id: str, allowed: bool) -> None:
        """Switch sensitive attributes on or off; switching off also removes the stored ones."""
        uid = validate_user_id(user_id)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO persona_settings (user_id, allow_sensitive) VALUES (?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET allow_sensitive = excluded.allow_sensitive",
                (uid, int(allowed)),
            )
            if not allowed:
                conn.execute(
                    "DELETE FROM persona_attributes WHERE user_id = ? AND sensitive IS NOT NULL", (uid,)
                )

    def upsert(self, user_id: str, attr: PersonaAttribute) -> PersonaAttribute | None:
        """Store a new version of (attribute, value); returns None when refused (sensitive rules).

        Sensitive attributes are kept only when the user stated them and has not switched them off.
        """
        uid = validate_user_id(user_id)
        category = attr.sensitive or sensitive_category(attr.attribute, attr.value)
        if category and (attr.source != "stated" or not self.allow_sensitive(uid)):
            return None
        with self.db.transaction() as conn:
            prev = conn.execute(
                "SELECT MAX(version) FROM persona_attributes "
                "WHERE user_id = ? AND attribute = ? AND lower(value) = ?",
                (uid, attr.attribute, attr.value.lower()),
            ).fetchone()[0]
            conn.execute(
                "UPDATE persona_attributes SET valid = 0 WHERE user_id = ? AND attribute = ? "
                "AND lower(value) = ?",
                (uid, attr.attribute, attr.value.lower()),
            )
            stored = attr.model_copy(
                update={"version": (prev or 0) + 1, "ts": now_ts(), "sensitive": category}
            )
            conn.execute(
                "INSERT INTO persona_attributes (id, user_id, attribute, value, polarity, confidence, "
                "source, "
                "provenance, sensitive, version, valid, ts) VALUES (?,?,?,?,?,?,?,?,?,?,1,?)",
                (
                    new_id("pa"),
                    uid,
                    stored.attribute,
                    stored.value,
                    stored.polarity,
                    stored.confidence,
                    stored.source,
                    json.dumps(stored.provenance),
                    stored.sensitive,
                    stored.version,
                    stored.ts,
                ),
            )
        return stored

    def set(self, user_id: str, attribute: str, value: str, polarity: int = 1) -> PersonaAttribute | None:
        """User edit (``/persona set``): a stated attribute with full confidence."""
        return self.upsert(
            user_id,
            PersonaAttribute(
                attribute=attribute,
                value=value,
                polarity=polarity,
                confidence=1.0,
                source="stated",
                provenance=["user edit"],
            ),
        )

    def forget(self, user_id: str, attribute: str, value: str | None = None) -> int:
        """User edit (``/persona forget``): invalidate an attribute (all values, or one); returns rows hit."""
        uid = validate_user_id(user_id)
        sql = "UPDATE persona_attributes SET valid = 0 WHERE user_id = ? AND attribute = ? AND valid = 1"
        params: list[str] = [uid, attribute]
        if value is not None:
            sql += " AND lower(value) = ?"
            params.append(value.lower())
        with self.db.transaction() as conn:
            return conn.execute(sql, params).rowcount

    def _rows(self, user_id: str, only_valid: bool) -> list[PersonaAttribute]:
        sql = (
            "SELECT attribute, value, polarity, confidence, source, provenance, sensitive, version, ts "
            "FROM persona_attributes WHERE user_id = ?"
            + (" AND valid = 1" if only_valid else "")
            + " ORDER BY ts, version"
        )
        return [
            PersonaAttribute(**{**dict(r), "provenance": json.loads(r["provenance"])})
            for r in self.db.query(sql, (validate_user_id(user_id),))
        ]

    def current(self, user_id: str) -> Persona:
        return Persona(user_id=user_id, attributes=self._rows(user_id, True))

    def history(self, user_id: str) -> list[PersonaAttribute]:
        """Every version ever stored, oldest first."""
        return self._rows(user_id, False)
