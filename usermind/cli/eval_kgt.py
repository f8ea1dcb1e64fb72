"""``usermind eval kgt``: KGT efficacy on the generated personalized-fact set."""

from __future__ import annotations

from pathlib import Path

import typer

from usermind.cli.report import emit_report


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("kgt")
    def kgt(
        out: Path = typer.Option(..., "--out", help="folder for kgt.json and kgt.png"),
        n: int = typer.Option(60, "--n", help="number of generated facts to edit"),
        seed: int = typer.Option(0, "--seed", help="generator seed"),
        model: str = typer.Option("local/smollm2", "--model", help="scoring model (needs log-probs)"),
        k: int = typer.Option(1, "--k", help="facts retrieved from the graph per question"),
        epsilon: float = typer.Option(1.0, "--epsilon", help="KGT loss threshold"),
        quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
    ) -> None:
        """Efficacy, paraphrase efficacy, triples changed and seconds per edit, before and after tuning."""
        from usermind.errors import ConfigError

        def build() -> dict:
            from usermind.evals.kgt import run_kgt
            from usermind.graphs.kgt import KGTConfig
            from usermind.llm.client import LLMClient

            if n < 1 or k < 1 or epsilon <= 0:
                raise ConfigError("--n and --k must be at least 1 and --epsilon positive")
            report = run_kgt(
                LLMClient(model),
                n=n,
                seed=seed,
                config=KGTConfig(epsilon=epsilon),
                k=k,
                model_name=model,
                progress=not quiet,
            )
            return report

        emit_report(out, "kgt", build, summary=SUMMARY, plot=plot_kgt)


SUMMARY = ("model", "n", "summary.*", "wall_seconds")


def plot_kgt(report: dict, path: Path) -> None:
    from usermind.evals.plotting import bar_plot

    s = report["summary"]
    groups = {
        "query": {"before": s["baseline_efficacy"], "after": s["efficacy"]},
        "paraphrase": {"before": s["baseline_paraphrase_efficacy"], "after": s["paraphrase_efficacy"]},
    }
    bar_plot(groups, "KGT efficacy before / after tuning", path, ylabel="efficacy")
