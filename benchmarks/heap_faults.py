"""Page faults of recall at scale in a process that *opens* an existing index (a server restarting on
its database), with glibc's heap thresholds left alone (``memory.heap_keep_mb=0``) and raised (the
default).  Prints JSON.

    python benchmarks/heap_faults.py [--db FILE] [--size 100000] [--runs 3]

``usermind bench`` cannot show this: it builds its index in the measuring process, and the large
buffers freed while building already raise glibc's dynamic mmap threshold there.  Here the index is
built once in one process (composed MiniLM vectors, as the bench's) and measured in a fresh process per
setting, with the bench's own latency function.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

BUILD = """
import sys
from pathlib import Path
from usermind.evals.synthetic import ComposedEmbedder, synthetic_texts
from usermind.llm.embeddings import Embedder
from usermind.memory import MemorySystem, TurnIn
from usermind.storage import Database
size = int(sys.argv[2])
corpus = synthetic_texts(size)
db = Database(Path(sys.argv[1]))
mem = MemorySystem(db, ComposedEmbedder(Embedder(), corpus))
for i in range(0, size, 1000):
    chunk = corpus[i : i + 1000]
    mem.add_turns("bench-user", [TurnIn(session_id=f"s{j // 20}", text=t, ts=float(j))
                                 for j, (t, _) in enumerate(chunk, start=i)])
db.close()
"""

MEASURE = """
import json, resource, sys
from pathlib import Path
from usermind.evals.speed import QUESTIONS, _latencies, spread
from usermind.llm.embeddings import Embedder
from usermind.memory import MemoryConfig, MemorySystem
from usermind.storage import Database
config = MemoryConfig(heap_keep_mb=int(sys.argv[2]))
mem = MemorySystem(Database(Path(sys.argv[1])), Embedder(), config=config)
mem.recall("bench-user", "warm up the index", k=1)
_latencies(mem, "bench-user", QUESTIONS[:100])
before = resource.getrusage(resource.RUSAGE_SELF)
runs = [_latencies(mem, "bench-user", QUESTIONS[:100]) for _ in range(int(sys.argv[3]))]
after = resource.getrusage(resource.RUSAGE_SELF)
queries = 100 * len(runs)
figures = spread(runs)
keys = ("recall_verify_page_faults_p50", "search_p50", "search_p95", "recall_verify_p50", "recall_verify_p95")
print(json.dumps({
    "minor_faults_per_query": round((after.ru_minflt - before.ru_minflt) / queries, 2),
    "kernel_ms_per_query": round((after.ru_stime - before.ru_stime) * 1000 / queries, 2),
    **{k: figures[k] for k in keys},
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("heap_faults.sqlite3"))
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.db.exists():
        subprocess.run([sys.executable, "-c", BUILD, str(args.db), str(args.size)], check=True)
    report: dict = {"db": str(args.db), "size": args.size}
    for keep in (0, 64):
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, str(args.db), str(keep), str(args.runs)],
            check=True,
            capture_output=True,
            text=True,
        )
        report[f"heap_keep_mb={keep}"] = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
