"""A scripted chat loop across two sessions: the second process remembers the first.

    python examples/scripted_chat.py --home /tmp/um-scripted
Each session is a fresh Agent (as after a restart); /why shows what the last reply used.
"""

from __future__ import annotations

import argparse

from usermind import Agent
from usermind.cli.slash import dispatch

SESSIONS = [
    ["Hi! I just adopted a greyhound called Pixel.", "I usually walk her at 7am by the river."],
    ["What is my dog's name?", "/why"],
]


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", default=None)
    parser.add_argument("--user", default="sam")
    args = parser.parse_args(argv)
    transcript = []
    for number, script in enumerate(SESSIONS, start=1):
        with Agent(user=args.user, home=args.home) as agent:  # a new Agent = a restarted process
            for line in script:
                answer = dispatch(agent, line) if line.startswith("/") else agent.chat(line).text
                transcript.append(f"[session {number}] {line}\n{answer}")
                print(transcript[-1], flush=True)
    return transcript


if __name__ == "__main__":
    main()
