"""Deletion that holds: a marker written through every path is gone from every file of the home after
``usermind forget --all`` — also while another process holding that user is still open, and after
that process chats again (no stale cache, nothing written back through checkpoints)."""

import json
import subprocess
import sys
import textwrap

from tests.storage.helpers import cli_env, marker_hits, run_cli

MARKER = "Qzvmarkerton"

HOLDER = textwrap.dedent(
    """
    import json, sys
    from usermind.agent.api import Agent

    user, marker = sys.argv[1], sys.argv[2]
    agent = Agent(user=user)
    agent.chat(f"I live in {marker} and my favourite colour is {marker}green.")
    agent.chat(f"Where do I live? Is it {marker}?")
    agent.chat(f"Allergic to {marker}berries. How do I sharpen knives?")  # a fact said in passing
    agent.persona.set(user, "hometown", marker)
    agent.tool_prefs.record(user, platform=f"{marker}maps", kind="stated", note=f"prefers {marker}maps")
    agent.react(f"{marker} honey cake", liked=True)
    Agent(user="bob").chat("I live in Oslo.")
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "chat":
            reply = agent.chat("Where do I live?")
            seen = {
                "memories": [m.text for m in reply.memories],
                "why": agent.why(),
                "graph": [t.model_dump(mode="json") for t in agent.knowledge_graph().triples(True)],
                "persona": agent.persona.get(user).model_dump(mode="json"),
                "all": [m.text for m in agent.memories()],
            }
            print(json.dumps(seen), flush=True)
        else:
            break
    agent.close()
    """
)


def test_forget_all_leaves_no_byte_while_another_process_holds_the_user(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, "ada", MARKER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(tmp_path),
    )
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        before = marker_hits(tmp_path, MARKER)
        assert sum(before.values()) > 0  # the marker did reach the files
        exported = run_cli(tmp_path, "export", "--user", "ada")
        assert b"said_in_passing" in exported.stdout and f"Allergic to {MARKER}".encode() in exported.stdout

        forgot = run_cli(tmp_path, "forget", "--user", "ada", "--all")
        assert forgot.returncode == 0, forgot.stderr
        assert marker_hits(tmp_path, MARKER) == {}  # the holder is still open

        holder.stdin.write("chat\n")
        holder.stdin.flush()
        seen = holder.stdout.readline()
        assert seen, holder.stderr.read()
        assert MARKER.lower() not in seen.lower()  # recall, why, graph, persona, memory list
        assert json.loads(seen)["all"] == ["Where do I live?", "assistant: ok"]
        assert marker_hits(tmp_path, MARKER) == {}  # nothing written back through checkpoints

        holder.stdin.write("quit\n")
        holder.stdin.flush()
        assert holder.wait(timeout=60) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
    assert marker_hits(tmp_path, MARKER) == {}
    bob = run_cli(tmp_path, "export", "--user", "bob")
    assert bob.returncode == 0 and b"Oslo" in bob.stdout  # another user's data is untouched
