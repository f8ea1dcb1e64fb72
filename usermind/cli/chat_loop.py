"""The chat loop behind ``usermind chat``: a rich terminal UI, or one reply per piped line."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from usermind.cli.slash import dispatch, forget_command
from usermind.errors import UsermindError

__all__ = ["run_chat", "open_agent", "forget_command"]


def open_agent(
    user: str, model: str | None, home: Path | None, session: str = "main", database: str | None = None
):
    from usermind.agent.api import Agent

    return Agent(user=user, model=model, home=home, session=session, database=database)


def _answer(agent, line: str) -> str:
    """The answer to one input line; any failure becomes a one-line error and the loop goes on
    (a chat message is stored before anything can fail)."""
    try:
        if line.startswith("/"):
            return dispatch(agent, line)
        return agent.chat(line).text
    except EOFError:
        raise
    except UsermindError as exc:
        return f"error: {exc}"
    except Exception as exc:  # noqa: BLE001 - never a traceback, never the end of the chat
        text = str(exc).strip().splitlines()
        return f"error: {type(exc).__name__}: {text[0] if text else 'unexpected failure'}"


def one_line(text: str) -> str:
    """A reply folded onto one line (piped mode: exactly one output line per input line)."""
    return " ".join(text.split()) or "(no answer)"


def _piped_output(line: str, answer: str) -> str:
    return answer if line.startswith("/") else one_line(answer)  # slash-command output stays as it is


def _warm_models(model: str | None) -> threading.Thread:
    """Load the embedder and the local generator while the agent's own imports run."""

    def warm() -> None:
        try:
            from usermind.llm.embeddings import Embedder

            Embedder().embed(["warm-up"])
            if model is None or model.startswith("local/"):
                from usermind.llm.local_model import choose_engine, get_engine

                # llama.cpp loads in under a second; the transformers engine (on CPU while llama.cpp
                # is still building) de-quantises the GGUF for many seconds, and a reply that needs
                # no model (an acknowledged statement) must not wait for that: it loads on first use
                if choose_engine() == "llama_cpp":
                    get_engine((model or "local/smollm2").split("/", 1)[1])
        except Exception:  # noqa: BLE001 - the agent reports the same problem with a clear message
            pass

    thread = threading.Thread(target=warm, name="usermind-warm", daemon=True)
    thread.start()
    return thread


def run_chat(
    user: str,
    model: str | None,
    home: Path | None,
    session: str,
    interactive: bool,
    database: str | None = None,
) -> None:
    from usermind.config import resolve_home, validate_user_id

    validate_user_id(user)  # cheap checks first: bad input never starts the model warm-up
    validate_user_id(session)
    resolve_home(home)
    if model is not None:  # (a model string litellm cannot route is told before any thread starts)
        from usermind.llm.litellm_calls import check_model

        check_model(model)
    if hasattr(sys.stdin, "reconfigure"):  # invalid UTF-8 on stdin becomes U+FFFD, not a crash
        sys.stdin.reconfigure(errors="replace")
    warm = _warm_models(model)
    agent = open_agent(user, model, home, session, database)
    try:
        if interactive:
            _interactive(agent, warm)
        else:
            for raw in sys.stdin:
                line = raw.strip()
                if not line:
                    continue
                try:
                    answer = _piped_output(line, _answer(agent, line))
                    warm.join()  # llama.cpp points fd 1 at /dev/null while it loads: print after that
                    print(answer, flush=True)
                except EOFError:
                    break
    finally:
        agent.close()


def _interactive(agent, warm: threading.Thread) -> None:
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.prompt import Prompt

    console = Console()
    console.print(f"[bold]usermind[/bold] — {agent.user} on {agent.settings.model}. /help lists commands.")
    while True:
        try:
            line = Prompt.ask("[cyan]you[/cyan]").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not line:
            continue
        try:
            answer = _answer(agent, line)
        except EOFError:
            break
        warm.join()
        if line.startswith("/"):
            console.print(answer, highlight=False, markup=False)
        else:
            console.print("[green]assistant[/green]")
            console.print(Markdown(answer))
