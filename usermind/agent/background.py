"""A worker thread for the heavy, after-the-reply work (LLM fact extraction, persona updates).

Jobs are idempotent functions of durable state (e.g. "extract every pending turn of user U"),
so a crash loses nothing: on restart the agent simply enqueues them again.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class BackgroundWorker:
    def __init__(self, name: str = "usermind-background"):
        self._jobs: queue.Queue[Callable[[], object] | None] = queue.Queue()
        self.errors: list[str] = []
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[], object]) -> None:
        self._jobs.put(job)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                job()
            except Exception as exc:  # a failed job stays pending in the database and is retried later
                log.warning("background job failed: %s", exc)
                self.errors.append(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            finally:
                self._jobs.task_done()

    def flush(self) -> None:
        """Block until every submitted job has run."""
        self._jobs.join()

    def close(self) -> None:
        self.flush()
        self._jobs.put(None)
        self._thread.join(timeout=30)
