"""Scale benchmark: many users on one database, recall+verify latency of a random user.

``users`` users with ``per_user`` memories each (composed MiniLM vectors, as the speed benchmark's
large scales) are written to one database, then ``queries`` questions are asked, each as a random
user, timing the query embedding, recall and verification together.  Bench users are named
``scale-<n>`` and are forgotten before and after the run.  No LLM; the database is whatever ``--db``
names (a scratch SQLite file without it).
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Any

from usermind.evals.metrics import percentile
from usermind.settings import Settings


def _user(n: int) -> str:
    return f"scale-{n}"


def run_users(
    database: str | None,
    *,
    users: int,
    per_user: int,
    queries: int = 200,
    seed: int = 11,
    settings: Settings | None = None,
) -> dict[str, Any]:
    from usermind.evals.speed import bench_questions
    from usermind.evals.synthetic import ComposedEmbedder, synthetic_texts
    from usermind.memory import MemorySystem, TurnIn
    from usermind.registry import make_embedder
    from usermind.storage import Database
    from usermind.storage.open import open_database

    rng = random.Random(seed)
    settings = settings or Settings()
    real = make_embedder(settings.embedding_model, settings)
    corpus = synthetic_texts(per_user * 4, seed=seed)
    questions = bench_questions(400)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "scale.sqlite3") if database is None else open_database(Path(tmp), database)
        try:
            for n in range(users):
                db.forget_user(_user(n))
            mem = MemorySystem(db, ComposedEmbedder(real, corpus), config=settings.memory)
            start = time.perf_counter()
            for n in range(users):
                offset = rng.randrange(0, len(corpus) - per_user)  # each user a different slice
                chunk = corpus[offset : offset + per_user]
                for i in range(0, per_user, 1000):
                    mem.add_turns(
                        _user(n),
                        [
                            TurnIn(session_id=f"s{j // 20}", text=t, ts=float(j))
                            for j, (t, _) in enumerate(chunk[i : i + 1000], start=i)
                        ],
                    )
            ingest_s = time.perf_counter() - start
            latencies = []
            for _ in range(queries):
                user, question = _user(rng.randrange(users)), rng.choice(questions)
                mem.query_vectors.clear()  # each query pays for its own embedding
                mem.cache.drop(user)  # SQLite: a user not in this process's cache (a random user)
                t0 = time.perf_counter()
                mem.verify(user, question, mem.recall(user, question, k=10))
                latencies.append((time.perf_counter() - t0) * 1000)
        finally:
            for n in range(users):
                db.forget_user(_user(n))
            db.close()
    return {
        "database": db.dialect,
        "users": users,
        "memories_per_user": per_user,
        "ingest_turns_per_s": round(users * per_user / ingest_s, 1),
        "queries": queries,
        "memory": settings.memory.model_dump(exclude_defaults=True),
        "recall_verify_random_user_p50_ms": round(percentile(latencies, 50), 2),
        "recall_verify_random_user_p95_ms": round(percentile(latencies, 95), 2),
        "note": "one writer process, batches of 1000 turns; every query a random user, its embedding "
        "included; on SQLite the user's in-memory index is built from the database first (cold user)",
    }
