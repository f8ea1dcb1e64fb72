"""The ``usermind`` command line (typer + rich)."""
