"""Run by ``test_crash.py`` as its own process: import usermind and load MiniLM once, then fork real
child processes (a fork costs milliseconds, a fresh interpreter seconds) that chat on one home,
SIGKILLed at random points or running side by side.  Prints a JSON summary on its last line.

    python crash_worker.py kill HOME KILLS SEED
    python crash_worker.py concurrent HOME TURNS
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import tempfile
import time

os.environ["TOKENIZERS_PARALLELISM"] = "false"  # fork after the tokenizer ran

import torch  # noqa: E402

torch.set_num_threads(1)  # no OpenMP pool in the parent: forked children would hang on it

# usermind imports litellm on the first model call; import it once here, so forked children start
# chatting at once, as a long-running process would
import litellm  # noqa: E402,F401

from usermind.agent.api import Agent  # noqa: E402
from usermind.llm.client import LLMClient  # noqa: E402
from usermind.llm.embeddings import Embedder  # noqa: E402

GENERATION_S = 0.05  # litellm mock_delay: the reply takes this long, so kills land inside generation


def chat(home: str, user: str, tag: str, turns: int, acks: str, extraction: bool) -> None:
    """Chat ``turns`` messages; after each reply returns, append the message to ``acks``."""
    llm = LLMClient("openai/gpt-4o-mini", mock_response="ok", mock_delay=GENERATION_S, retries=0)
    agent = Agent(user=user, home=home, llm=llm, llm_extraction=extraction, llm_persona=extraction)
    with open(acks, "a", encoding="utf-8") as out:
        for i in range(turns):
            text = f"{tag} message {i}: I live in Town{tag}x{i}."
            agent.chat(text)
            out.write(text + "\n")  # acknowledged: the reply reached the user
            out.flush()
    agent.close()


def fork(*args) -> int:
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            chat(*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the test through the exit code
            sys.stderr.write(f"child {os.getpid()} failed: {type(exc).__name__}: {exc}\n")
            code = 1
        os._exit(code)
    return pid


def kill_mode(home: str, kills: int, seed: int) -> dict:
    rng = random.Random(seed)
    killed = 0
    for k in range(kills):
        # odd runs extract facts with the (mock, slow) LLM in the background: kills land there too
        pid = fork(home, "kim", f"r{k}", 200, os.path.join(home, "acks.txt"), k % 2 == 1)
        time.sleep(rng.uniform(0.1, 1.5))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        killed += os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return {"killed": killed}


def concurrent_mode(home: str, turns: int) -> dict:
    users = ["sam", "sam", "tia", "uma"]  # two processes as the same user, two as others
    pids = [
        fork(home, u, f"p{i}", turns, os.path.join(home, f"acks{i}.txt"), False) for i, u in enumerate(users)
    ]
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
    return {"exit_codes": codes, "users": users}


if __name__ == "__main__":
    Embedder().embed(["warm-up"])  # load once, share with every child
    with tempfile.TemporaryDirectory() as scratch:  # every lazy import done before the first fork
        chat(scratch, "warm", "w", 1, os.path.join(scratch, "acks.txt"), True)
    mode, home = sys.argv[1], sys.argv[2]
    summary = (
        kill_mode(home, int(sys.argv[3]), int(sys.argv[4]))
        if mode == "kill"
        else concurrent_mode(home, int(sys.argv[3]))
    )
    print(json.dumps(summary), flush=True)
