"""Requests made for the people of a user's life, through the real ``Agent`` graph (litellm
``mock_response``: every figure is about memory, not a model's answer).  Prints JSON.

Each simulated user says things about the people of their life and about themselves, with unrelated
turns in between, then asks for help for one of those people (or for themselves).  Reported: the share
of requests whose needed statements all reached the reply, how many other statements reached it, and
the share with exactly the needed ones; overall, for other people, and for the user.

    python benchmarks/people_requests.py [--data FILE]

The sets were written by helpers that never saw usermind's code: ``people_requests.json`` (12 users,
121 statements, 78 requests; its failures were read in stops 27 and 28), ``people_requests2.json`` (12
users, never read: only its aggregates were run) and ``people_requests3.json`` (10 users, 100
statements, 67 requests, written 2026-12-04 in a register that often drops "my"; never read).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from usermind.agent.api import Agent
from usermind.evals.metrics import mean
from usermind.evals.prefeval import FILLER, MOCK_REPLY, reached_topics
from usermind.llm.client import LLMClient

DEFAULT = Path(__file__).parent / "people_requests" / "people_requests.json"


def _user(agent: Agent, position: int, user: dict) -> list[dict]:
    said: dict[str, str] = {}  # turn id -> statement id
    for i, statement in enumerate(user["statements"]):
        agent.chat(statement["text"])
        said[agent.why()["turn_id"]] = statement["id"]
        agent.chat(FILLER[(position * 5 + i) % len(FILLER)])
    out = []
    for request in user["requests"]:
        agent.chat(request["text"])
        why = agent.why()
        reached = reached_topics(why.get("kept", []) if why.get("personalized") else [], said)
        needs = set(request["needs"])
        out.append(
            {
                "for": "self" if request["for"] == "self" else "people",
                "reached": needs <= reached,
                "others": len(reached - needs),
            }
        )
    return out


def _block(rows: list[dict]) -> dict:
    return {
        "requests": len(rows),
        "needed_reached": round(mean([float(r["reached"]) for r in rows]), 4),
        "other_statements_per_request": round(mean([float(r["others"]) for r in rows]), 4),
        "exactly_needed": round(mean([float(r["reached"] and not r["others"]) for r in rows]), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    users = json.loads(parser.parse_args().data.read_text())
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as home:
        for position, user in enumerate(users):
            llm = LLMClient("openai/gpt-4o-mini", mock_response=MOCK_REPLY, retries=0)
            with Agent(user=f"people-{position}", home=home, llm=llm) as agent:
                rows += _user(agent, position, user)
    report = _block(rows) | {
        kind: _block([r for r in rows if r["for"] == kind]) for kind in ("people", "self")
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
