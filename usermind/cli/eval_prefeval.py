"""``usermind eval prefeval``: does a preference stated earlier reach the reply that needs it (PrefEval
explicit preferences, through the real agent graph with a mocked generator)?"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from usermind.cli.report import emit_report


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("prefeval")
    def prefeval(
        data: Path = typer.Option(
            ...,
            "--data",
            help="PrefEval folder (with benchmark_dataset/explicit_preference/), that folder or a topic file",
        ),
        out: Path = typer.Option(..., "--out", help="folder for prefeval.json"),
        users: int = typer.Option(10, "--users", min=1, help="simulated users (one preference per topic)"),
        filler_turns: int = typer.Option(2, "--filler-turns", min=0, help="unrelated turns per preference"),
        quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
        model: Optional[str] = typer.Option(  # noqa: UP045
            None,
            "--model",
            help="run the memory's LLM re-check (memory.llm_verify) on this litellm model "
            "(the reply stays mocked)",
        ),
        model_kwargs: Optional[str] = typer.Option(  # noqa: UP045
            None,
            "--model-kwargs",
            help='JSON object of litellm arguments for --model, e.g. {"api_base": "URL"}',
        ),
    ) -> None:
        """Each user states one preference per topic, then asks every question; reads Agent.why()."""
        from usermind.errors import ConfigError, DataFileError
        from usermind.evals.prefeval import run_prefeval
        from usermind.evals.prefeval_data import load_prefeval

        try:
            load_prefeval(data)  # a file in none of the known shapes: one line, exit 2
        except DataFileError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None

        def build() -> dict:
            from usermind.evals.model_options import parse_llm_kwargs
            from usermind.llm.client import LLMClient

            if model is None and model_kwargs:
                raise ConfigError("--model-kwargs needs --model")
            recheck = None
            if model is not None:
                recheck = LLMClient(model, **parse_llm_kwargs(model_kwargs, "--model-kwargs"))
            return run_prefeval(
                data, out, users=users, filler_turns=filler_turns, progress=not quiet, recheck=recheck
            )

        emit_report(out, "prefeval", build)
