"""Which memories each reply used: the repetition guard's input."""

from __future__ import annotations

from collections import Counter

from usermind.memory import schema
from usermind.storage.contract import Storage
from usermind.storage.db import now_ts


class UsageLog:
    def __init__(self, db: Storage):
        self.db = db
        schema.ensure(db)

    def record(self, user_id: str, memory_ids: list[str]) -> None:
        ids = list(dict.fromkeys(memory_ids))
        with self.db.transaction() as conn:
            last = conn.execute(
                "SELECT MAX(reply_no) FROM mem_usage WHERE user_id = ?", (user_id,)
            ).fetchone()[0]
            reply_no = 0 if last is None else int(last) + 1
            ts = now_ts()
            conn.executemany(
                "INSERT INTO mem_usage (user_id, reply_no, memory_id, ts) VALUES (?,?,?,?)",
                [(user_id, reply_no, mid, ts) for mid in ids],
            )

    def recent_counts(self, user_id: str, window: int) -> dict[str, int]:
        """How many of the last ``window`` recorded replies used each memory."""
        rows = self.db.query(
            "SELECT memory_id FROM mem_usage WHERE user_id = ? AND reply_no > "
            "(SELECT COALESCE(MAX(reply_no), -1) FROM mem_usage WHERE user_id = ?) - ?",
            (user_id, user_id, window),
        )
        return dict(Counter(r["memory_id"] for r in rows))

    def stats(self, user_id: str) -> dict[str, tuple[int, float]]:
        """Per memory id: how many recorded replies used it and when it was last used."""
        rows = self.db.query(
            "SELECT memory_id, COUNT(DISTINCT reply_no) AS n, MAX(ts) AS last FROM mem_usage "
            "WHERE user_id = ? GROUP BY memory_id",
            (user_id,),
        )
        return {r["memory_id"]: (int(r["n"]), float(r["last"])) for r in rows}

    def delete(self, conn, user_id: str, memory_ids: list[str]) -> None:
        """Drop the usage rows of forgotten memories (inside ``conn``'s transaction)."""
        conn.executemany(
            "DELETE FROM mem_usage WHERE user_id = ? AND memory_id = ?", [(user_id, m) for m in memory_ids]
        )
