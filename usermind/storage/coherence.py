"""Cross-process cache coherence: a cached per-user structure is checked against the database
before it answers, so a write or a ``forget`` in another process is never hidden by a stale cache.

Every write that a cache depends on bumps the user's token of that cache's *domain* (``memory``,
``graph``) in the same transaction (:meth:`CacheGuard.bump`).  A reader on SQLite first compares
``PRAGMA data_version`` (which changes only when another connection commits); only then does it read
the user's token (on Postgres, which has no such counter, it reads the token on every check: one
primary-key lookup), and a token other than the one its cache was built from means "reload".  Tokens
are random, not counters, so a forgotten user (row deleted) that writes again can never match an
old cache.  ``user_versions`` has a ``user_id`` column, so ``Database.forget_user`` deletes it too.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass

from usermind.storage.contract import Storage

MEMORY, GRAPH = "memory", "graph"  # the domains: the memory index and the knowledge-graph cache
DOMAINS = (MEMORY, GRAPH)

DDL = """
CREATE TABLE IF NOT EXISTS user_versions (
    user_id TEXT NOT NULL, domain TEXT NOT NULL, token TEXT NOT NULL, PRIMARY KEY (user_id, domain)
);
"""


@dataclass
class _Stamp:
    token: str | None
    seen: int | None  # the connection's data_version when the token was last confirmed (None: none)


def renew(conn, user_id: str, domains: tuple[str, ...] = DOMAINS) -> None:
    """Inside a transaction that wrote ``user_id``'s data outside the stores (an import): give every
    domain a new token, so every process's cache of that user goes stale."""
    conn.executemany(
        "INSERT INTO user_versions (user_id, domain, token) VALUES (?, ?, ?) "
        "ON CONFLICT (user_id, domain) DO UPDATE SET token = excluded.token",
        [(user_id, d, uuid.uuid4().hex) for d in domains],
    )


class CacheGuard:
    """Remembers which token each cached user was built from and tells whether it still holds."""

    def __init__(self, db: Storage, domain: str):
        self.db = db
        self.domain = domain
        self._stamps: dict[str, _Stamp] = {}
        self._lock = threading.RLock()

    def token(self, user_id: str) -> str | None:
        rows = self.db.query(
            "SELECT token FROM user_versions WHERE user_id = ? AND domain = ?", (user_id, self.domain)
        )
        return rows[0][0] if rows else None

    # self._lock is a leaf lock: never held while waiting for the database's lock (writers hold
    # that one when they call bump), so the two cannot deadlock.
    def stamp(self, user_id: str) -> None:
        """Call just before (re)loading ``user_id``'s cache from the database."""
        seen = self.db.data_version()
        token = self.token(user_id)
        with self._lock:
            self._stamps[user_id] = _Stamp(token, seen)

    def fresh(self, user_id: str) -> bool:
        """True when the cache of ``user_id`` still reflects the database (cheap when nothing changed)."""
        with self._lock:
            stamp = self._stamps.get(user_id)
        if stamp is None:
            return False
        seen = self.db.data_version()
        if seen is not None and seen == stamp.seen:  # no other connection committed since the last check
            return True
        token = self.token(user_id)
        with self._lock:
            if self._stamps.get(user_id) is not stamp or token != stamp.token:
                self._stamps.pop(user_id, None)
                return False
            stamp.seen = seen
            return True

    def bump(self, conn, user_id: str) -> None:
        """Inside this process's write transaction: give ``user_id`` a new token.  The local cache
        stays valid only if nobody else wrote since it was built (it is kept in step by the writer)."""
        # Lock the user's row first (it is created if missing), so the token read is the one this
        # write replaces even when another process writes the same user at the same time (Postgres;
        # SQLite's BEGIN IMMEDIATE already serialises writers).
        conn.execute(
            "INSERT INTO user_versions (user_id, domain, token) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (user_id, self.domain, uuid.uuid4().hex),
        )
        lock = " FOR UPDATE" if self.db.dialect == "postgres" else ""
        row = conn.execute(
            f"SELECT token FROM user_versions WHERE user_id = ? AND domain = ?{lock}", (user_id, self.domain)
        ).fetchone()
        new = uuid.uuid4().hex
        conn.execute(
            "UPDATE user_versions SET token = ? WHERE user_id = ? AND domain = ?", (new, user_id, self.domain)
        )
        with self._lock:
            stamp = self._stamps.get(user_id)
            if stamp is not None:
                if stamp.token == (row[0] if row else None):
                    stamp.token = new
                else:
                    del self._stamps[user_id]

    def erase(self, conn, user_id: str) -> None:
        """Inside a transaction that deletes the user's data of this domain: delete the token too
        (every cache built from the old token goes stale; no row naming the user is left behind)."""
        conn.execute("DELETE FROM user_versions WHERE user_id = ? AND domain = ?", (user_id, self.domain))
        self.forget(user_id)

    def forget(self, user_id: str | None = None) -> None:
        with self._lock:
            if user_id is None:
                self._stamps.clear()
            else:
                self._stamps.pop(user_id, None)
