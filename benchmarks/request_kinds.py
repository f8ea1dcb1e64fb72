"""How the LLM-free message analysis sorts independently written messages: the share of each kind
(request / factual / recall / other / chat) that verification treats as a request for the user's own
preferences: the wording rules, then the message-kind classifier (``--rules-only``: the rules alone).
Prints JSON.

    python benchmarks/request_kinds.py [--data FILE] [--split tune|heldout|all] [--rules-only]

The messages were written by a helper that never saw usermind's code (2026-12-03); ``tune`` is the even
positions, ``heldout`` the odd ones.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from usermind.llm.embeddings import Embedder
from usermind.memory.kinds import MessageKinds
from usermind.memory.query import analyse, with_kinds

DEFAULT = Path(__file__).parent / "request_kinds" / "messages.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--split", choices=["tune", "heldout", "all"], default="all")
    parser.add_argument("--rules-only", action="store_true", help="without the message-kind classifier")
    args = parser.parse_args()
    embedder = Embedder()
    kinds = MessageKinds(lambda: embedder)
    messages = json.loads(args.data.read_text())
    if args.split != "all":
        messages = [m for i, m in enumerate(messages) if (i % 2 == 0) == (args.split == "tune")]
    total: Counter[str] = Counter()
    as_request: Counter[str] = Counter()
    wrong = []
    for message in messages:
        info = analyse(message["text"], set())
        if not args.rules_only:  # as MemorySystem.analyse: the classifier where the rules may be wrong
            info = with_kinds(info, kinds, lambda text=message["text"]: embedder.embed([text])[0])
        wants = info.wants_preferences
        total[message["kind"]] += 1
        as_request[message["kind"]] += wants
        if wants != (message["kind"] == "request"):
            wrong.append(message)
    report = {
        "split": args.split,
        "messages": len(messages),
        "treated_as_request": {k: round(as_request[k] / total[k], 3) for k in sorted(total)},
        "counts": {k: [as_request[k], total[k]] for k in sorted(total)},
        "misclassified": wrong,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
