"""Ingest throughput with 1, 2, 4 … writer processes on one database (``usermind bench --writers``).

Each writer is its own process with its own connection and user, and commits one turn per call, as a
chatting process does.  Vectors come from a hashing embedder (no model): the figure is the storage
path's throughput, not the embedding model's.  Every writer counts the errors it saw; afterwards every
user's turns are counted, so a lost turn shows up as ``lost``."""

from __future__ import annotations

import multiprocessing
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np


class HashEmbedder:
    """Deterministic 384-d unit vectors from the text's hash (stands in for the model)."""

    dim = 384

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = [np.random.default_rng(zlib.crc32(t.encode())).standard_normal(self.dim) for t in texts]
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def _writer(url: str, folder: str, user: str, turns: int, start, results) -> None:
    from usermind.memory import MemorySystem
    from usermind.storage.open import open_database

    db = open_database(Path(folder), url)
    mem = MemorySystem(db, HashEmbedder())
    errors = 0
    start.wait()
    for i in range(turns):
        try:
            mem.add_turn(user, "s", "user", f"{user} writes note number {i} about the weather")
        except Exception:  # noqa: BLE001 - counted and reported
            errors += 1
    db.close()
    results.put((user, errors, time.perf_counter()))


def _round(url: str, folder: str, writers: int, turns: int) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(writers + 1), ctx.Queue()
    users = [f"writer-{writers}-{i}" for i in range(writers)]
    procs = [ctx.Process(target=_writer, args=(url, folder, u, turns, start, results)) for u in users]
    for p in procs:
        p.start()
    start.wait(timeout=600)
    began = time.perf_counter()
    done = [results.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    wall = max(t for _, _, t in done) - began
    return {
        "writers": writers,
        "turns": writers * turns,
        "turns_per_s": round(writers * turns / wall, 1),
        "errors": sum(e for _, e, _ in done),
        "users": users,
    }


def run_writers(database: str | None, counts: list[int], turns: int = 200) -> list[dict[str, Any]]:
    """One round per writer count; each writer adds ``turns`` turns.  Users are forgotten afterwards."""
    from usermind.storage.open import open_database

    with tempfile.TemporaryDirectory() as folder:
        url = database or f"sqlite:///{Path(folder) / 'writers.sqlite3'}"
        db = open_database(Path(folder), url)  # created and migrated before the writers start
        rounds = []
        for writers in counts:
            result = _round(url, folder, writers, turns)
            stored = sum(
                db.query("SELECT COUNT(*) FROM mem_turns WHERE user_id = ?", (u,))[0][0]
                for u in result["users"]
            )
            result["lost"] = result["turns"] - stored
            for user in result.pop("users"):
                db.forget_user(user)
            rounds.append(result)
        db.close()
    return rounds
