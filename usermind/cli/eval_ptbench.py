"""``usermind eval ptbench``: personalized tool invocation in the PTBench format."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from usermind.cli.report import emit_report


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("ptbench")
    def ptbench(
        out: Path = typer.Option(..., "--out", help="folder for ptbench.json"),
        data: Optional[Path] = typer.Option(None, "--data", help="PTBench data.json; default: generated"),  # noqa: UP045
        model: Optional[str] = typer.Option(None, "--model", help="litellm model; default LLM-free"),  # noqa: UP045
        limit: Optional[int] = typer.Option(None, "--limit", help="score only the first N items"),  # noqa: UP045
        seed: int = typer.Option(0, "--seed", help="generator seed when --data is not given"),
        users: int = typer.Option(40, "--users", help="generated users when --data is not given"),
        split: str = typer.Option(
            "dev",
            "--split",
            help="generated data: dev (what the tools were developed on) or heldout (never tuned on)",
        ),
        quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
    ) -> None:
        """Platform, tool, parameter, query/profile-parameter and overall accuracy (paper definitions)."""
        from usermind.errors import ConfigError

        def build() -> dict:
            from usermind.evals.ptbench import PTBenchItem, load_ptbench
            from usermind.evals.ptbench_data import generate
            from usermind.evals.ptbench_run import run_ptbench

            if limit is not None and limit < 1 or users < 1:
                raise ConfigError("--limit and --users must be at least 1")
            if split not in ("dev", "heldout"):
                raise ConfigError(f"--split must be dev or heldout, got {split!r}")
            if data is not None:
                items, source = load_ptbench(data, limit), str(data)
            else:
                from usermind.evals.ptbench_heldout import generate_heldout

                raw = (generate if split == "dev" else generate_heldout)(n_users=users, seed=seed)[:limit]
                items, source = (
                    [PTBenchItem.model_validate(x) for x in raw],
                    f"generated(split={split}, users={users}, seed={seed})",
                )
            return run_ptbench(items, model=model, source=source, progress=not quiet, out=out)

        emit_report(out, "ptbench", build, summary=SUMMARY)


SUMMARY = (
    "data",
    "solver",
    "n",
    "platform",
    "tool_name",
    "param_name",
    "param_value",
    "query_params",
    "profile_params",
    "overall",
    "format",
)
