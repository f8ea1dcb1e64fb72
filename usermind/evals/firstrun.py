"""``usermind eval firstrun``: scripted newcomer conversations through the real CLI, one process per
session (told in one, asked in the next), scored per reply and per run (one output line per message)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from usermind.evals.firstrun_scoring import ReplyScore, score_reply
from usermind.evals.firstrun_scripts import SCRIPTS, Script


class ReplyResult(BaseModel):
    script: str
    session: int
    message: str
    reply: str
    source: str
    score: ReplyScore


class RunResult(BaseModel):
    script: str
    session: int
    messages: int
    lines: int
    one_line_per_message: bool
    seconds: float
    stderr_tail: str = ""


def run_session(
    home: Path, user: str, messages: list[str], model: str | None, timeout: float
) -> tuple[list[str], str, float]:
    """One ``usermind chat`` process with ``messages`` piped in: its stdout lines and stderr."""
    command = [sys.executable, "-m", "usermind.cli.main", "chat", "--user", user, "--home", str(home)]
    if model:
        command += ["--model", model]
    start = time.perf_counter()
    done = subprocess.run(
        command,
        input="".join(f"{m}\n" for m in messages),
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        check=False,
    )
    return done.stdout.splitlines(), done.stderr[-500:], time.perf_counter() - start


def reply_sources(home: Path, user: str) -> dict[str, str]:
    """How each reply came about (model / regenerated / fallback / acknowledgement), keyed by the
    message, from the ``/why`` records in the conversation's checkpoint history."""
    from usermind.agent.api import Agent

    sources: dict[str, str] = {}
    with Agent(user=user, home=home) as agent:
        for snapshot in agent.graph.get_state_history(agent._config):
            why = snapshot.values.get("why") or {}
            if why.get("message"):
                sources.setdefault(why["message"], (why.get("reply_source") or {}).get("source", "model"))
    return sources


def run_script(
    script: Script, model: str | None, timeout: float
) -> tuple[list[ReplyResult], list[RunResult]]:
    replies: list[ReplyResult] = []
    runs: list[RunResult] = []
    with tempfile.TemporaryDirectory(prefix="usermind-firstrun-") as folder:
        home, user = Path(folder), "newcomer"
        earlier: list[str] = []
        outputs: list[tuple[int, list[Any], list[str]]] = []
        for index, session in enumerate(script.sessions):
            lines, stderr, seconds = run_session(home, user, [a.text for a in session], model, timeout)
            runs.append(
                RunResult(
                    script=script.name,
                    session=index,
                    messages=len(session),
                    lines=len(lines),
                    one_line_per_message=len(lines) == len(session),
                    seconds=round(seconds, 2),
                    stderr_tail="" if len(lines) == len(session) else stderr,
                )
            )
            outputs.append((index, session, lines))
        sources = reply_sources(home, user)
        for index, session, lines in outputs:
            for position, ask in enumerate(session):
                text = lines[position] if position < len(lines) and len(lines) == len(session) else ""
                score = score_reply(text, ask.expect, earlier)
                earlier.append(text)
                replies.append(
                    ReplyResult(
                        script=script.name,
                        session=index,
                        message=ask.text,
                        reply=text,
                        source=sources.get(ask.text, "missing"),
                        score=score,
                    )
                )
    return replies, runs


def summarise(replies: list[ReplyResult], runs: list[RunResult]) -> dict[str, Any]:
    def share(values: list[bool]) -> float | None:
        return round(sum(values) / len(values), 3) if values else None

    named = [r.score.names_remembered for r in replies if r.score.names_remembered is not None]
    return {
        "replies": len(replies),
        "good": share([r.score.good for r in replies]),
        "english": share([r.score.english for r in replies]),
        "non_degenerate": share([r.score.non_degenerate for r in replies]),
        "names_remembered": share(named),
        "replies_with_expectation": len(named),
        "runs": len(runs),
        "one_line_runs": share([r.one_line_per_message for r in runs]),
        "sources": dict(Counter(r.source for r in replies)),
        "model_replies_good": share([r.score.good for r in replies if r.source in ("model", "regenerated")]),
        "median_run_seconds": sorted(r.seconds for r in runs)[len(runs) // 2] if runs else None,
    }


def run_firstrun(
    split: str,
    model: str | None = None,
    limit: int | None = None,
    timeout: float = 600.0,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run the scripts of ``split``; ``progress`` gets the report so far after every script."""
    from usermind.errors import ConfigError

    if split not in (*SCRIPTS, "all"):
        raise ConfigError(f"--split must be one of: {', '.join([*SCRIPTS, 'all'])}")
    report: dict[str, Any] = {"benchmark": "firstrun", "model": model or "local/smollm2", "splits": {}}
    for name in SCRIPTS if split == "all" else [split]:
        replies: list[ReplyResult] = []
        runs: list[RunResult] = []
        for script in SCRIPTS[name][:limit]:
            got, ran = run_script(script, model, timeout)
            replies += got
            runs += ran
            report["splits"][name] = {
                "summary": summarise(replies, runs),
                "replies": [r.model_dump() for r in replies],
                "runs": [r.model_dump() for r in runs],
            }
            if progress is not None:
                progress(report)
    return report
