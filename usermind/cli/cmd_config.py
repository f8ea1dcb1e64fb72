"""``usermind config show``: the effective configuration, where each value came from, secrets masked."""

from __future__ import annotations

from pathlib import Path

import typer

config_app = typer.Typer(help="The settings tree: defaults < config file < env < CLI < Agent(...).")


@config_app.command("show")
def show(
    home: Path | None = typer.Option(None, "--home", help="home folder whose config.toml is read"),
) -> None:
    """Print every setting as `key = value  # source` (the config file, an env variable, --set, default)."""
    from usermind.errors import UsermindError
    from usermind.settings import config_path, load_settings
    from usermind.settings.show import render

    try:
        loaded = load_settings(home=home)
    except UsermindError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"# config file: {config_path(home=home)}")
    typer.echo(render(loaded))


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
