"""``usermind eval longmemeval``: LongMemEval retrieval recall@k (session and turn level) and
verification, LLM-free; with ``--model``, QA accuracy judged in the benchmark's yes/no style."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from usermind.cli.report import emit_report

SUMMARY = (
    "source",
    "questions",
    "retrieval.session.recall_any@5",
    "retrieval.session.recall_all@5",
    "retrieval.session.recall_all@10",
    "retrieval.turn.recall_any@10",
    "retrieval.turn.recall_all@10",
    "verify.evidence_retention",
    "verify.context_tokens_mean",
    "latency_ms.recall_p95",
    "qa.overall.accuracy",
    "qa.by_type.*",
)


def plot_longmemeval(report: dict, path: Path) -> None:
    from usermind.evals.plotting import bar_plot

    retrieval = report["retrieval"]
    k = max(report["config"]["ks"])
    groups = {"overall": {f"session all@{k}": retrieval["session"][f"recall_all@{k}"]}}
    groups["overall"][f"turn any@{k}"] = retrieval["turn"][f"recall_any@{k}"]
    for kind, values in retrieval["by_type"].items():
        groups[kind.replace("-", "\n")] = {
            f"session all@{k}": values.get(f"session.recall_all@{k}", 0.0),
            f"turn any@{k}": values.get(f"turn.recall_any@{k}", 0.0),
        }
    bar_plot(groups, "LongMemEval retrieval", path)


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("longmemeval")
    def longmemeval(
        data: Optional[Path] = typer.Option(  # noqa: UP045
            None,
            "--data",
            help="longmemeval_s / _m / _oracle JSON file; default: a generated set (not the benchmark)",
        ),
        items: int = typer.Option(70, "--items", help="generated items when --data is not given"),
        seed: int = typer.Option(0, "--seed", help="generator seed when --data is not given"),
        out: Path = typer.Option(..., "--out", help="folder for longmemeval.json and longmemeval.png"),
        k: list[int] = typer.Option([5, 10], "--k", help="cut-offs for recall@k and NDCG@k (repeatable)"),
        verify_k: int = typer.Option(10, "--verify-k", help="top-k passed to verification"),
        limit: Optional[int] = typer.Option(None, "--limit", help="only the first N items"),  # noqa: UP045
        model: Optional[str] = typer.Option(  # noqa: UP045
            None, "--model", help="litellm model that answers from the verified memories"
        ),
        judge: Optional[str] = typer.Option(None, "--judge", help="litellm judge model (default: --model)"),  # noqa: UP045
        model_kwargs: Optional[str] = typer.Option(None, "--model-kwargs", help="litellm arguments as JSON"),  # noqa: UP045
        judge_kwargs: Optional[str] = typer.Option(None, "--judge-kwargs", help="litellm arguments as JSON"),  # noqa: UP045
        quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
    ) -> None:
        """Ingest each item's haystack as its own user; recall and verify its question."""
        from usermind.errors import ConfigError

        def build() -> dict:
            from usermind.evals.longmemeval import run_longmemeval

            if limit is not None and limit < 1 or any(v < 1 for v in [*k, verify_k, items]):
                raise ConfigError("--limit, --k, --verify-k and --items must be at least 1")
            if model is None and (judge or model_kwargs or judge_kwargs):
                raise ConfigError("--judge and --*-kwargs need --model")
            source = data
            if data is None:
                import json

                from usermind.evals.longmemeval_gen import generate_longmemeval

                out.mkdir(parents=True, exist_ok=True)
                source = out / "longmemeval_generated.json"
                source.write_text(json.dumps(generate_longmemeval(items, seed=seed), indent=1))
            qa = None
            if model is not None:
                from usermind.evals.longmemeval_qa import LongMemEvalQA
                from usermind.evals.model_options import build_clients

                qa = LongMemEvalQA(*build_clients(model, judge, model_kwargs, judge_kwargs))
            assert source is not None
            report = run_longmemeval(
                source, out, ks=list(k), verify_k=verify_k, limit=limit, progress=not quiet, qa=qa
            )
            report["source"] = (
                str(data) if data else f"generated(items={items}, seed={seed}), not LongMemEval"
            )
            return report

        emit_report(out, "longmemeval", build, summary=SUMMARY, plot=plot_longmemeval)
