"""``usermind eval locomo``: LoCoMo evidence recall and verification (LLM-free); with ``--model``, also
answers from the verified memories and scores token F1, BLEU-1 and judge accuracy."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from usermind.cli.db_option import DbOpt
from usermind.cli.report import emit_report


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("locomo")
    def locomo(
        data: Path = typer.Option(..., "--data", help="LoCoMo JSON file (e.g. locomo10.json)"),
        out: Path = typer.Option(..., "--out", help="folder for locomo.json and locomo.png"),
        k: list[int] = typer.Option([5, 10, 25], "--k", help="cut-offs for evidence recall@k (repeatable)"),
        verify_k: int = typer.Option(10, "--verify-k", help="top-k passed to verification"),
        model: Optional[str] = typer.Option(  # noqa: UP045
            None, "--model", help="litellm model that answers from the verified memories (e.g. local/smollm2)"
        ),
        judge: Optional[str] = typer.Option(  # noqa: UP045
            None, "--judge", help="litellm model that judges answers CORRECT/WRONG (default: --model)"
        ),
        limit: Optional[int] = typer.Option(  # noqa: UP045
            None, "--limit", help="answer at most N questions per conversation (retrieval still uses all)"
        ),
        categories: str = typer.Option("1,2,3,4", "--categories", help="QA categories to answer (1-5)"),
        model_kwargs: Optional[str] = typer.Option(  # noqa: UP045
            None,
            "--model-kwargs",
            help='extra litellm arguments for --model as JSON, e.g. {"api_base": "URL"}',
        ),
        judge_kwargs: Optional[str] = typer.Option(  # noqa: UP045
            None, "--judge-kwargs", help="extra litellm arguments for --judge as JSON"
        ),
        conversations: Optional[str] = typer.Option(  # noqa: UP045
            None,
            "--conversations",
            help="comma-separated positions of the conversations to run (from 0), e.g. a held-out split",
        ),
        quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
        db: Optional[str] = DbOpt,  # noqa: UP045
    ) -> None:
        """Ingest each conversation as its own user, recall and verify every question with evidence."""
        from usermind.errors import ConfigError

        def build() -> dict:
            from usermind.evals.locomo import run_locomo
            from usermind.settings import load_settings

            qa = answerer = None
            if model is None and (judge or limit is not None or model_kwargs or judge_kwargs):
                raise ConfigError("--judge, --limit and --*-kwargs need --model")
            if model is not None:
                from usermind.evals.locomo_qa import LoCoMoQA, parse_categories
                from usermind.evals.model_options import build_clients

                answerer, judged_by = build_clients(model, judge, model_kwargs, judge_kwargs)
                qa = LoCoMoQA(answerer, judged_by, categories=parse_categories(categories), limit=limit)
            return run_locomo(
                data,
                out,
                ks=list(k),
                verify_k=verify_k,
                progress=not quiet,
                qa=qa,
                conversations=parse_positions(conversations),
                database=db,
                config=(memory := load_settings().settings.memory),  # --set memory.…, config file, …
                memory_llm=answerer if memory.llm_decompose else None,  # sub-queries from --model
            )

        emit_report(out, "locomo", build, summary=SUMMARY)


def parse_positions(text: str | None) -> list[int] | None:
    """``"0,1,2"`` -> ``[0, 1, 2]``; None stays None; anything else is a one-line :class:`ConfigError`."""
    from usermind.errors import ConfigError

    if text is None:
        return None
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ConfigError(f"--conversations {text!r}: expected comma-separated numbers like 0,1,2") from None


SUMMARY = (
    "questions",
    "retrieval.recall@5",
    "retrieval.recall@10",
    "retrieval.recall@25",
    "verify.evidence_retention",
    "context_tokens_mean",
    "latency_ms.recall_p95",
    "qa.overall.f1",
    "qa.overall.judge_accuracy",
)
