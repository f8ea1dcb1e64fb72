"""``usermind``: chat, evaluate and inspect.  Eval and extra commands are discovered from
``usermind/cli/eval_*.py`` (``register(eval_app)``) and ``usermind/cli/cmd_*.py`` (``register(app)``)."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

import typer

from usermind.cli.db_option import DbOpt, exit_code
from usermind.errors import UsermindError

app = typer.Typer(
    help="usermind: an assistant that remembers each user and adapts to them.",
    no_args_is_help=True,
    add_completion=False,
)
eval_app = typer.Typer(help="Benchmarks: LoCoMo, OP-Bench, KGT, PIE, PTBench, persona.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

UserOpt = typer.Option(..., "--user", "-u", help="user id (letters, digits, _ . @ -)")
HomeOpt = typer.Option(None, "--home", help="home folder (default $USERMIND_HOME or ~/.usermind)")
ModelOpt = typer.Option(None, "--model", "-m", help="litellm model string (default local/smollm2)")


@app.callback()
def settings_options(
    config: Path | None = typer.Option(
        None, "--config", help="config file (default $USERMIND_CONFIG, else config.toml in the home folder)"
    ),
    set_: list[str] = typer.Option(
        [],
        "--set",
        help="a setting for this run, KEY=VALUE (e.g. --set memory.weights.dense=0.9); repeatable",
    ),
) -> None:
    """Settings from the command line sit above the config file and USERMIND_ variables."""
    from usermind.settings import load_settings, set_cli_layer
    from usermind.settings.show import parse_assignments

    try:
        set_cli_layer(parse_assignments(set_), config)
        load_settings(config=config)  # an invalid value is reported here, naming the key and source
    except UsermindError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def fail(exc: BaseException) -> None:
    typer.echo(f"error: {exc}", err=True)
    fast_exit(exit_code(exc))
    raise typer.Exit(exit_code(exc))


@app.command()
def chat(
    user: str = UserOpt,
    model: str | None = ModelOpt,
    home: Path | None = HomeOpt,
    session: str = typer.Option("main", help="conversation thread; resumes across restarts"),
    db: str | None = DbOpt,
) -> None:
    """Chat with the assistant: interactive in a terminal, one reply per line when stdin is piped."""
    from usermind.cli.chat_loop import run_chat

    try:
        run_chat(
            user=user, model=model, home=home, session=session, interactive=sys.stdin.isatty(), database=db
        )
    except UsermindError as exc:
        fail(exc)
    fast_exit()


def fast_exit(code: int = 0) -> None:
    """Leave without the interpreter's teardown of torch, llama.cpp and litellm (about 2.5 s, and it
    can hang while the model warm-up thread is still loading).  Everything is committed and closed
    by then.  Not when embedded (typer's CliRunner replaces the streams): there it returns."""
    if sys.stdout is sys.__stdout__ and sys.stderr is sys.__stderr__:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        os._exit(code)


@app.command()
def forget(
    user: str = UserOpt,
    home: Path | None = HomeOpt,
    memory_id: str | None = typer.Argument(None, help="a memory id; omit with --all"),
    all_: bool = typer.Option(False, "--all", help="delete every trace of the user"),
    db: str | None = DbOpt,
) -> None:
    """Delete one memory or everything about a user."""
    from usermind.cli.chat_loop import forget_command, open_agent

    try:
        with open_agent(user=user, model=None, home=home, database=db) as agent:
            typer.echo(forget_command(agent, "all" if all_ else (memory_id or "")))
    except UsermindError as exc:
        fail(exc)


@app.command()
def export(user: str = UserOpt, home: Path | None = HomeOpt, db: str | None = DbOpt) -> None:
    """Print everything stored about a user as JSON."""
    import json

    from usermind.cli.chat_loop import open_agent

    try:
        with open_agent(user=user, model=None, home=home, database=db) as agent:
            typer.echo(json.dumps(agent.export(), indent=2, default=str))
    except UsermindError as exc:
        fail(exc)


def _discover() -> None:
    import usermind.cli as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("eval_"):
            importlib.import_module(f"usermind.cli.{info.name}").register(eval_app)
        elif info.name.startswith("cmd_"):
            importlib.import_module(f"usermind.cli.{info.name}").register(app)


_discover()

if __name__ == "__main__":
    app()
