"""One process holding one user's :class:`~usermind.agent.api.Agent` on a database URL (litellm's
mock generator; the real MiniLM embedder).  Reads JSON commands on stdin, one per line, and answers
each with one JSON line on stdout, so a test can drive two processes side by side.

    python coherence_worker.py URL HOME USER
"""

from __future__ import annotations

import json
import sys

from usermind.agent.api import Agent
from usermind.llm.client import LLMClient


def answer(agent: Agent, op: str, arg: str) -> object:
    if op == "chat":
        agent.chat(arg)
        return [t.id for t in agent.memory.episodic.list(agent.user)]
    if op == "remember":  # persona attribute and a graph triple, both holding arg
        agent.persona.set(agent.user, "hobby", arg)
        agent.react(arg, liked=True)
        return True
    if op == "recall":
        return [m.text for m in agent.memory.recall(agent.user, arg, k=10)]
    if op == "why":
        agent.chat(arg)
        return json.dumps(agent.why(), default=str)
    if op == "list":
        return [m.text for m in agent.memories()]
    if op == "export":
        return json.dumps(agent.export(), default=str)
    if op == "graph":
        return [f"{t.head} {t.relation} {t.tail}" for t in agent.knowledge_graph().triples()]
    if op == "persona":
        return agent.persona.render(agent.user)
    if op == "forget":
        return agent.forget(arg)
    if op == "forget_all":
        return agent.forget_all()
    raise ValueError(f"unknown op {op}")


def main() -> None:
    url, home, user = sys.argv[1:4]
    llm = LLMClient("openai/gpt-4o-mini", mock_response="ok", retries=0)
    with Agent(user=user, home=home, llm=llm, database=url) as agent:
        print(json.dumps({"ready": True}), flush=True)
        for line in sys.stdin:
            command = json.loads(line)
            print(json.dumps({"result": answer(agent, command["op"], command.get("arg", ""))}), flush=True)


if __name__ == "__main__":
    main()
