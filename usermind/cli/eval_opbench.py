"""``usermind eval opbench``: OP-Bench irrelevance memory-free rate (LLM-free); with ``--model``, also
generated replies judged for irrelevance and sycophancy, and the diversity of related replies."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from usermind.cli.report import emit_report


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("opbench")
    def opbench(
        data: Optional[Path] = typer.Option(  # noqa: UP045
            None, "--data", help="OP-Bench JSON file (locomo10_overpersonalized.json)"
        ),
        from_locomo: Optional[Path] = typer.Option(  # noqa: UP045
            None, "--from-locomo", help="instead of --data: build an OP-Bench-shaped file from a LoCoMo file"
        ),
        out: Path = typer.Option(..., "--out", help="folder for opbench.json and opbench.png"),
        k: int = typer.Option(10, "--k", help="memories recalled before verification"),
        model: Optional[str] = typer.Option(  # noqa: UP045
            None, "--model", help="litellm model that writes the replies (e.g. local/smollm2)"
        ),
        judge: Optional[str] = typer.Option(  # noqa: UP045
            None, "--judge", help="litellm model that judges the replies (default: --model)"
        ),
        model_kwargs: Optional[str] = typer.Option(  # noqa: UP045
            None, "--model-kwargs", help="extra litellm arguments for --model as JSON"
        ),
        judge_kwargs: Optional[str] = typer.Option(  # noqa: UP045
            None, "--judge-kwargs", help="extra litellm arguments for --judge as JSON"
        ),
        quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
    ) -> None:
        """Load each user's observations, ask the irrelevance questions, count memory-free answers."""
        import json

        from usermind.errors import ConfigError

        def build() -> dict:
            from usermind.evals.opbench import run_opbench

            source = data
            if (data is None) == (from_locomo is None):
                raise ConfigError("give one of --data and --from-locomo")
            if from_locomo is not None:
                from usermind.evals.opbench_locomo import build_from_locomo

                pairs = build_from_locomo(from_locomo)
                out.mkdir(parents=True, exist_ok=True)
                source = out / "opbench_from_locomo.json"
                source.write_text(json.dumps(pairs, indent=1))
            generator = judged_by = None
            if model is None and (judge or model_kwargs or judge_kwargs):
                raise ConfigError("--judge and --*-kwargs need --model")
            if model is not None:
                from usermind.evals.model_options import build_clients

                generator, judged_by = build_clients(model, judge, model_kwargs, judge_kwargs)
            assert source is not None
            return run_opbench(source, out, k=k, progress=not quiet, generator=generator, judge=judged_by)

        emit_report(out, "opbench", build, summary=SUMMARY, plot=plot_opbench)


SUMMARY = (
    "users",
    "irrelevance.memory_free_rate",
    "irrelevance.easy.memory_free_rate",
    "irrelevance.hard.memory_free_rate",
    "irrelevance.hard.by_type.*",
    "judged.irrelevance.appropriate_rate",
    "judged.sycophancy.resisted_rate",
    "judged.diversity.score",
)


def plot_opbench(report: dict, path: Path) -> None:
    from usermind.evals.plotting import bar_plot

    irrelevance = report["irrelevance"]
    groups = {"easy": {"memory-free": irrelevance["easy"]["memory_free_rate"]}}
    groups |= {
        t.replace("_", "\n"): {"memory-free": v["memory_free_rate"]}
        for t, v in irrelevance["hard"]["by_type"].items()
    }
    bar_plot(groups, "OP-Bench irrelevance: memory-free rate", path, ylabel="memory-free rate")
