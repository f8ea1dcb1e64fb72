"""Speed benchmark: LLM-free ingest rate and recall / recall+verify latency at growing memory sizes."""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import tempfile
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from usermind.evals.metrics import percentile
from usermind.evals.synthetic import PLACES, TOPICS, VERBS, ComposedEmbedder, synthetic_texts, zipf_words
from usermind.settings import Settings

QUESTIONS = [f"When did I {v} {t}?" for v in VERBS for t in TOPICS] + [f"What did I do {p}?" for p in PLACES]


def bench_questions(n: int) -> list[str]:
    """``n`` questions: three of :data:`QUESTIONS` to one about a detail (a word drawn as the corpus's
    details are, so mostly a word the user used, sometimes one they never did)."""
    details = iter(zipf_words(n, seed=3))
    plain = iter(QUESTIONS * (n // len(QUESTIONS) + 1))
    return [f"What did we say about the {next(details)}?" if i % 4 == 3 else next(plain) for i in range(n)]


REQUESTS = [
    template.format(place)
    for place in PLACES
    for template in (
        "Any tips for a weekend {}?",
        "Suggest something fun to do {} with the kids.",
        "What should I pack for a day {}?",
        "Recommend a good book to read {}.",
    )
]


def bench_requests(n: int) -> list[str]:
    """``n`` requests (:data:`REQUESTS` in turn): each ranks the user's statements by how they bear on it,
    the path a question does not take."""
    return [REQUESTS[i % len(REQUESTS)] for i in range(n)]


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _forget_query_vectors(mem) -> None:
    """Empty both query caches: a question's and a request's (each query pays for its own embedding)."""
    mem.query_vectors.clear()
    mem.request_vectors.clear()


def _recall_verify_ms(mem, user: str, query: str) -> float:
    """Recall + verification of ``query`` as a caller meets them, its embeddings included."""
    _forget_query_vectors(mem)
    start = time.perf_counter()
    mem.verify(user, query, mem.recall(user, query, k=10))
    return (time.perf_counter() - start) * 1000


def _latencies(mem, user: str, queries: list[str], requests: list[str]) -> dict[str, float]:
    """Per query, wall clock: recall + verification end to end as a caller meets them, the query's
    embeddings included (the query cache emptied first: every query pays for its own), with the process
    CPU time of that whole (every thread of this process: what a busy machine does not inflate by
    queueing) and the minor page faults it took (fresh memory the kernel maps in); then, measured apart,
    the question's embedding alone and the search alone (the same recall with its embeddings cached).
    ``requests``: recall + verification of each, end to end in the same way."""
    embed_ms, recall_ms, verify_ms, total_ms, cpu_ms = [], [], [], [], []
    faults: list[float] = []
    for q in queries:
        _forget_query_vectors(mem)
        f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        c0 = time.process_time()
        t0 = time.perf_counter()
        found = mem.recall(user, q, k=10)
        t1 = time.perf_counter()
        mem.verify(user, q, found)
        t2 = time.perf_counter()
        cpu_ms.append((time.process_time() - c0) * 1000)
        faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0)
        total_ms.append((t2 - t0) * 1000)
        verify_ms.append((t2 - t1) * 1000)
        t0 = time.perf_counter()
        mem.recall(user, q, k=10)  # its embeddings cached now: the search alone
        t1 = time.perf_counter()
        _forget_query_vectors(mem)
        mem._query_vector(mem._analyse(mem.cache.get(user), q))  # the question's embedding alone
        t2 = time.perf_counter()
        recall_ms.append((t1 - t0) * 1000)
        embed_ms.append((t2 - t1) * 1000)
    stats = {
        "query_embed": embed_ms,
        "search": recall_ms,
        "verify": verify_ms,
        "recall_verify": total_ms,
        "recall_verify_cpu": cpu_ms,
        "recall_verify_page_faults": faults,
    }
    stats["search_verify"] = [a + b for a, b in zip(recall_ms, verify_ms, strict=True)]
    if requests:
        stats["request_recall_verify"] = [_recall_verify_ms(mem, user, r) for r in requests]
    return {f"{name}_p{q}": round(percentile(v, q), 2) for name, v in stats.items() for q in (50, 95)}


def spread(runs: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """Per figure, the min / median / max over repeated runs (how steady the hot path is)."""
    return {
        name: {
            "min": round(min(r[name] for r in runs), 2),
            "median": round(statistics.median(r[name] for r in runs), 2),
            "max": round(max(r[name] for r in runs), 2),
        }
        for name in runs[0]
    }


def _ingest_rate(mem, texts: list[str]) -> dict[str, float]:
    from usermind.memory import TurnIn

    start = time.perf_counter()
    for i, text in enumerate(texts[:200]):
        mem.add_turn("ingest-single", "s1", "user", text, ts=float(i))
    single = 200 / (time.perf_counter() - start)
    start = time.perf_counter()
    for i in range(0, len(texts), 64):
        mem.add_turns(
            "ingest-batch", [TurnIn(session_id="s1", text=t, ts=float(i)) for t in texts[i : i + 64]]
        )
    batched = len(texts) / (time.perf_counter() - start)
    return {
        "turns": len(texts),
        "single_turns_per_s": round(single, 1),
        "batched_turns_per_s": round(batched, 1),
    }


def _bulk_load(mem) -> AbstractContextManager[None]:
    """Postgres: the vector index is built once after the rows are written (as a large import would)."""
    return mem.pg.search.vector_index_deferred() if mem.pg is not None else nullcontext()


_BENCH_USERS = ("bench-user", "ingest-single", "ingest-batch")


def run_speed(
    out_dir: str | Path,
    *,
    sizes: list[int] | None = None,
    queries: int = 100,
    ingest_turns: int = 1000,
    runs: int = 3,
    progress: bool = True,
    database: str | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Run the benchmark; writes ``out_dir/bench.json`` and returns the report.  Every latency figure is
    measured ``runs`` times over the same queries and reported as min / median / max.  ``database`` (a
    URL) runs it on that database instead of a scratch SQLite file; its bench users are forgotten there
    before and after.  ``settings``: the embedding model with its options and the memory configuration
    (``--set memory.…``, ``--set embedding.precision=float32``, …; the defaults if None)."""
    from usermind.evals.progress import progress_bar
    from usermind.memory import MemorySystem, TurnIn
    from usermind.registry import make_embedder
    from usermind.storage import Database
    from usermind.storage.open import open_database

    settings = settings or Settings()
    sizes = sorted(sizes or [1000, 10000, 100000])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    real = make_embedder(settings.embedding_model, settings)
    report: dict[str, Any] = {
        "embedder": settings.embedding_model,
        "embedding": settings.embedding.model_dump(exclude_defaults=True, exclude={"api_base"}),
        "memory": settings.memory.model_dump(exclude_defaults=True),
        "scales": {},
    }
    with tempfile.TemporaryDirectory() as tmp, progress_bar() as bar:
        db = Database(Path(tmp) / "bench.sqlite3") if database is None else open_database(Path(tmp), database)
        for user in _BENCH_USERS if database else ():
            db.forget_user(user)
        report["database"] = db.dialect
        ingest_texts = [t for t, _ in synthetic_texts(ingest_turns, seed=1)] if ingest_turns else []
        if ingest_texts:
            report["ingest"] = _ingest_rate(MemorySystem(db, real, config=settings.memory), ingest_texts)
            report["ingest"]["note"] = f"real MiniLM embeddings, {db.dialect} commit per call, no LLM"
        corpus = synthetic_texts(max(sizes))
        mem = MemorySystem(db, ComposedEmbedder(real, corpus), config=settings.memory)
        task = bar.add_task("building", total=max(sizes), visible=progress)
        user, stored = "bench-user", 0
        for size in sizes:
            start = time.perf_counter()
            with _bulk_load(mem):
                for i in range(stored, size, 1000):
                    chunk = corpus[i : min(i + 1000, size)]
                    mem.add_turns(
                        user,
                        [
                            TurnIn(session_id=f"s{j // 20}", text=t, ts=float(j))
                            for j, (t, _) in enumerate(chunk, start=i)
                        ],
                    )
                    bar.advance(task, len(chunk))
            build_s = time.perf_counter() - start
            stored = size
            mem.cache.drop(user)
            start = time.perf_counter()
            mem.recall(user, "warm up the index", k=1)
            load_s = time.perf_counter() - start
            gc.collect()
            load_before = os.getloadavg()[0]
            questions = bench_questions(queries)
            requests = bench_requests(queries)
            measured = [_latencies(mem, user, questions, requests) for _ in range(runs)]
            report["scales"][str(size)] = spread(measured) | {
                "runs": runs,
                "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
                "index_load_s": round(load_s, 2),
                "build_s": round(build_s, 1),
                "peak_rss_mb": _peak_rss_mb(),
            }
        for user in _BENCH_USERS if database else ():
            db.forget_user(user)
        db.close()
    report["peak_rss_mb"] = _peak_rss_mb()
    report["note"] = (
        "scales above the ingest sample use composed MiniLM vectors (see usermind/evals/synthetic.py); "
        "query embeddings are real and included in every latency"
    )
    (out / "bench.json").write_text(json.dumps(report, indent=2))
    return report
