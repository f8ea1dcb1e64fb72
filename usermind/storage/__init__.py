"""The embedded SQLite database every store shares."""

from usermind.storage.db import Database, new_id, now_ts

__all__ = ["Database", "new_id", "now_ts"]
