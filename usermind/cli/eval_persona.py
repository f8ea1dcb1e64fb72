"""``usermind eval persona``: persona recovery on reproducible simulated users."""

from __future__ import annotations

from pathlib import Path

import typer


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("persona")
    def persona(
        out: Path = typer.Option(..., "--out", help="folder for persona.json"),
        users: int = typer.Option(50, "--users", help="simulated users"),
        seed: int = typer.Option(0, "--seed", help="simulation seed"),
    ) -> None:
        """Precision, recall and F1 of the recovered (attribute, value, polarity) triples, LLM-free."""
        import json

        from usermind.errors import ConfigError, UsermindError

        try:
            from usermind.evals.persona_eval import run_persona_eval

            if users < 1:
                raise ConfigError("--users must be at least 1")
            report = {"benchmark": "persona", "seed": seed, **run_persona_eval(users, seed).model_dump()}
            out.mkdir(parents=True, exist_ok=True)
            text = json.dumps(report, indent=2)
            (out / "persona.json").write_text(text + "\n")
        except UsermindError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        except OSError as exc:
            typer.echo(f"error: cannot write {out}: {exc.strerror}", err=True)
            raise typer.Exit(1) from None
        typer.echo(text)
