"""The embedded MiniLM in float32 and in bfloat16 on this machine: time of one query, time of a batch,
and how far the bfloat16 vectors are from the float32 ones.  Prints one JSON report.

    python benchmarks/embed_precision.py [--rounds 6] [--batch 64]

Both precisions are timed in one process, interleaved round by round over the same questions (so both
see the same stretch of machine load); one query runs on one torch thread, as recall's does.
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

from usermind.evals.metrics import percentile
from usermind.evals.speed import QUESTIONS
from usermind.llm.embeddings import LocalEmbedder
from usermind.llm.precision import native_bfloat16

PRECISIONS = ("float32", "bfloat16")


def _query_ms(embedder: LocalEmbedder, questions: list[str]) -> list[float]:
    out = []
    for question in questions:
        start = time.perf_counter()
        embedder.embed_one(question)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=6, help="passes over 60 questions per precision")
    parser.add_argument("--batch", type=int, default=64, help="texts in the timed batch")
    args = parser.parse_args()
    embedders = {p: LocalEmbedder(precision=p) for p in PRECISIONS}
    questions = QUESTIONS[:60]
    batch = [f"{q} I spent the afternoon in the park with two old friends." for q in QUESTIONS[: args.batch]]
    for embedder in embedders.values():
        embedder.embed(batch[:8])  # load the weights
    times: dict[str, list[float]] = {p: [] for p in PRECISIONS}
    for _ in range(args.rounds):
        for precision, embedder in embedders.items():
            times[precision] += _query_ms(embedder, questions)
    batch_ms = {}
    vectors = {}
    for precision, embedder in embedders.items():
        start = time.perf_counter()
        vectors[precision] = embedder.embed(batch)
        batch_ms[precision] = round((time.perf_counter() - start) * 1000, 1)
    cosines = (vectors["float32"] * vectors["bfloat16"]).sum(axis=1)
    report = {
        "native_bfloat16": native_bfloat16(),
        "query_ms": {
            p: {"p50": round(percentile(t, 50), 2), "p95": round(percentile(t, 95), 2)}
            for p, t in times.items()
        },
        f"batch_of_{args.batch}_ms": batch_ms,
        "cosine_bfloat16_to_float32": {
            "min": round(float(cosines.min()), 5),
            "mean": round(float(np.mean(cosines)), 5),
        },
        "queries_per_precision": len(questions) * args.rounds,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
