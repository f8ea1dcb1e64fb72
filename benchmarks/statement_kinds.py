"""Statements, requests and tasks told apart by the memory system, on messages written by a helper that
never saw usermind's code (2026-12-04, ``statement_kinds/messages.json``: 90 statements about the user,
many worded like commands, "Crowded buses make me really anxious"; 90 requests whose answer the user's
preferences bear on, many worded like statements, "Need a quick dinner idea I can make in 20 minutes.";
70 tasks they do not bear on, "How do I reset my router?").  For each kind, how many are stored as a
statement of the user's (``stated``: what a later request weighs), read as a request for the user
(``read_as_request``), and weighed against the user's statements (``weighs_statements``).  Prints JSON.

    python benchmarks/statement_kinds.py [--data FILE]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path

from usermind.llm.embeddings import Embedder
from usermind.memory import MemorySystem, TurnIn
from usermind.memory.request_rows import resolved, weighs_statements
from usermind.storage import Database

DEFAULT = Path(__file__).parent / "statement_kinds" / "messages.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    messages = json.loads(parser.parse_args().data.read_text())
    counts: Counter[tuple[str, str]] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        mem = MemorySystem(Database(Path(tmp) / "kinds.sqlite3"), Embedder())
        texts = [m["text"] for m in messages]
        mem.add_turns("u", [TurnIn(session_id="s", text=t, ts=float(i + 1)) for i, t in enumerate(texts)])
        index = mem.cache.get("u")
        stated = dict(zip((row.text for row in index.rows), index.array("stated"), strict=True))
        for message in messages:
            info = mem.analyse(message["text"], set())
            weighs = info.wants_preferences and weighs_statements(
                index,
                resolved(index, info),
                mem.request_vectors.vector(info.dense_text),
                mem.bearing.basis,
                mem.config,
            )
            for figure, value in [
                ("messages", True),
                ("stated", bool(stated[message["text"]])),
                ("read_as_request", info.wants_preferences),
                ("weighs_statements", weighs),
            ]:
                counts[(message["kind"], figure)] += value
        mem.db.close()
    kinds = sorted({m["kind"] for m in messages})
    figures = ["messages", "stated", "read_as_request", "weighs_statements"]
    print(json.dumps({k: {f: counts[(k, f)] for f in figures} for k in kinds}, indent=2))


if __name__ == "__main__":
    main()
