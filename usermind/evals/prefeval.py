"""PrefEval-style personalization benchmark through the real ``Agent`` graph (generator mocked).

Simulated user ``u`` states the ``u``-th preference of every topic, each followed by unrelated chat
turns, then asks the ``u``-th question of every topic.  After each question ``Agent.why()`` tells which
memories reached the reply.  Reported: the share of questions whose own preference reached it, how many
of the user's other preferences reached it too, and the share with exactly the right one.  The
generator is litellm's ``mock_response``, so every figure is about memory, not about a model's answer.
With ``recheck`` (a chat model) the memory's LLM re-check (``memory.llm_verify``) runs on that model and
chooses what reaches the reply instead of the rules; the reply itself stays mocked.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from usermind.evals.metrics import mean
from usermind.evals.prefeval_data import PrefTopic, load_prefeval

if TYPE_CHECKING:
    from usermind.protocols import ChatModel

# Unrelated turns between preferences (PrefEval inserts unrelated conversation in the same way).
FILLER = [
    "What is the capital of Australia?",
    "Explain how vaccines train the immune system.",
    "Translate 'good morning' into German.",
    "Write a haiku about autumn leaves.",
    "What's the difference between a virus and a bacterium?",
    "How many planets are in the solar system?",
    "Summarise the plot of Hamlet in two sentences.",
    "What does the acronym NASA stand for?",
    "Why is the sky blue?",
    "Give me a synonym for 'happy'.",
    "Who painted the Mona Lisa?",
    "How does compound interest work?",
    "What is the boiling point of water at sea level?",
    "Tell me a fun fact about octopuses.",
    "What year did the Berlin Wall fall?",
    "Explain recursion in simple terms.",
    "What is the square root of 144?",
    "How do bees make honey?",
    "What causes the seasons on Earth?",
    "Define the word 'ephemeral'.",
]
MOCK_REPLY = "Here is my answer."


class QuestionResult(BaseModel):
    user: int
    topic: str
    question: str
    own_candidate: bool
    own_reached: bool
    others_reached: int
    kept: list[str]


def reached_topics(memories: list[dict[str, Any]], preference_turns: dict[str, str]) -> set[str]:
    """Topics whose stated preference a memory comes from (the turn itself or a fact distilled from it)."""
    found = set()
    for memory in memories:
        for turn_id in [memory.get("id"), *(memory.get("source_ids") or [])]:
            if turn_id in preference_turns:
                found.add(preference_turns[turn_id])
    return found


def score(user: int, topic: str, question: str, why: dict[str, Any], preference_turns: dict[str, str]):
    kept = why.get("kept", []) if why.get("personalized") else []
    candidates = [*why.get("kept", []), *(d["memory"] for d in why.get("dropped", []))]
    reached = reached_topics(kept, preference_turns)
    return QuestionResult(
        user=user,
        topic=topic,
        question=question,
        own_candidate=topic in reached_topics(candidates, preference_turns),
        own_reached=topic in reached,
        others_reached=len(reached - {topic}),
        kept=[m["text"] for m in kept],
    )


def _simulate(agent, user: int, topics: list[PrefTopic], filler_turns: int) -> list[QuestionResult]:
    preference_turns: dict[str, str] = {}
    for position, topic in enumerate(topics):
        agent.chat(topic.items[user].preference)
        preference_turns[agent.why()["turn_id"]] = topic.name
        for j in range(filler_turns):
            agent.chat(FILLER[(user * 7 + position * filler_turns + j) % len(FILLER)])
    results = []
    for topic in topics:
        question = topic.items[user].question
        agent.chat(question)
        results.append(score(user, topic.name, question, agent.why(), preference_turns))
    return results


def summarise(results: list[QuestionResult]) -> dict[str, Any]:
    def block(rs: list[QuestionResult]) -> dict[str, Any]:
        return {
            "questions": len(rs),
            "own_preference_reached": round(mean([float(r.own_reached) for r in rs]), 4),
            "other_preferences_per_question": round(mean([float(r.others_reached) for r in rs]), 4),
            "exactly_own_preference": round(
                mean([float(r.own_reached and r.others_reached == 0) for r in rs]), 4
            ),
            "own_preference_recalled": round(mean([float(r.own_candidate) for r in rs]), 4),
            "personalized_rate": round(mean([float(bool(r.kept)) for r in rs]), 4),
        }

    by_topic: dict[str, list[QuestionResult]] = defaultdict(list)
    for r in results:
        by_topic[r.topic].append(r)
    return block(results) | {"by_topic": {t: block(rs) for t, rs in sorted(by_topic.items())}}


def run_prefeval(
    data: str | Path,
    out_dir: str | Path,
    *,
    users: int = 10,
    filler_turns: int = 2,
    progress: bool = True,
    recheck: ChatModel | None = None,
) -> dict[str, Any]:
    """Run the benchmark; writes ``out_dir/prefeval.json`` (report) and ``prefeval_questions.json``.
    ``recheck``: the model of the memory's LLM re-check (none: the rule verifier)."""
    from usermind.agent.api import Agent
    from usermind.evals.progress import progress_bar
    from usermind.llm.client import LLMClient

    topics = load_prefeval(data)
    n_users = min(users, *(len(t.items) for t in topics))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results: list[QuestionResult] = []
    with tempfile.TemporaryDirectory() as tmp, progress_bar() as bar:
        task = bar.add_task("users", total=n_users, visible=progress)
        for user in range(n_users):
            llm = LLMClient("openai/gpt-4o-mini", mock_response=MOCK_REPLY, retries=0)
            with Agent(
                user=f"prefeval-{user}", home=tmp, llm=llm, memory_llm=recheck, llm_verify=recheck is not None
            ) as agent:
                results += _simulate(agent, user, topics, filler_turns)
            bar.advance(task)
    report = summarise(results) | {
        "users": n_users,
        "topics": len(topics),
        "config": {
            "filler_turns": filler_turns,
            "generator": "litellm mock_response",
            "graph": "Agent",
            "recheck_model": None if recheck is None else recheck.model,
        },
    }
    (out / "prefeval.json").write_text(json.dumps(report, indent=2))
    (out / "prefeval_questions.json").write_text(json.dumps([r.model_dump() for r in results], indent=2))
    return report
