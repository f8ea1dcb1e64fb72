"""Recall + verify latency at scale on a saved SQLite file, for A/B comparisons of two checkouts.

    PYTHONPATH=CHECKOUT python benchmarks/recall_ab.py --db /tmp/bench100k.sqlite3 --size 100000

The first call builds the file (synthetic corpus and composed MiniLM vectors as in ``usermind bench``);
later calls, from either checkout, time the same 100 questions on it.  Run the two checkouts in turn,
more than once, and compare: on a shared machine the wall figures are mostly queueing, the process CPU
time per query (every thread of this process) is what to compare.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from usermind.evals.speed import QUESTIONS
from usermind.evals.synthetic import ComposedEmbedder, synthetic_texts
from usermind.llm.embeddings import Embedder
from usermind.memory import MemorySystem, TurnIn
from usermind.storage import Database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    corpus = synthetic_texts(args.size)
    fresh = not args.db.exists()
    mem = MemorySystem(Database(args.db), ComposedEmbedder(Embedder(), corpus))
    user = "bench-user"
    if fresh:
        for i in range(0, args.size, 1000):
            turns = [
                TurnIn(session_id=f"s{j // 20}", text=t, ts=float(j))
                for j, (t, _) in enumerate(corpus[i : i + 1000], start=i)
            ]
            mem.add_turns(user, turns)
    mem.recall(user, "warm up", k=1)
    print("load average", os.getloadavg())
    for cached in (False, True):
        wall, cpu = [], []
        for q in QUESTIONS[:100]:
            if not cached:
                mem.query_vectors.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            mem.verify(user, q, mem.recall(user, q, k=10))
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        w, c = np.array(wall), np.array(cpu)
        label = "query embedding cached" if cached else "with query embedding"
        print(
            f"{label}: wall p50 {np.percentile(w, 50):.1f} p95 {np.percentile(w, 95):.1f} ms | "
            f"process CPU p50 {np.percentile(c, 50):.1f} p95 {np.percentile(c, 95):.1f} ms"
        )


if __name__ == "__main__":
    main()
