"""One writer process for ``test_concurrent_writers``: ``python writer_worker.py URL USER TAG N``
adds N turns (and a usage record and a persona attribute each) for USER, one transaction each, and
prints the number of errors it saw (any error is one)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.storage.test_durable_input import FlakyEmbedder
from usermind.memory import MemorySystem
from usermind.persona import PersonaService
from usermind.storage.open import open_database


def main() -> None:
    url, user, tag, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    db = open_database(Path(tempfile.gettempdir()), url)
    mem, persona = MemorySystem(db, FlakyEmbedder()), PersonaService(db)
    errors = 0
    for i in range(n):
        try:
            turn = mem.add_turn(user, f"s-{tag}", "user", f"{tag} note {i}")
            mem.note_used(user, [turn.id])
            persona.set(user, f"topic_{tag}", f"value {i}")
            mem.recall(user, f"{tag} note {i}", k=3)
        except Exception as exc:  # noqa: BLE001 - counted: the test expects none
            errors += 1
            print(f"error: {exc}", file=sys.stderr)
    db.close()
    print(errors)


if __name__ == "__main__":
    main()
