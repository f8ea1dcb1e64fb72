"""The slash-command registry of the chat loop: ``handler(agent, argument) -> str`` by name.

Command modules register with :func:`slash_command`; :func:`dispatch` imports the modules listed in
``COMMAND_MODULES`` on first use, so no command module imports another."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

SlashHandler = Callable[[Any, str], str]
COMMANDS: dict[str, tuple[SlashHandler, str]] = {}
COMMAND_MODULES = ("usermind.cli.slash", "usermind.cli.slash_profile")


def slash_command(name: str, help_text: str) -> Callable[[SlashHandler], SlashHandler]:
    def register(fn: SlashHandler) -> SlashHandler:
        COMMANDS[name] = (fn, help_text)
        return fn

    return register


def load_commands() -> dict[str, tuple[SlashHandler, str]]:
    for module in COMMAND_MODULES:
        importlib.import_module(module)
    return COMMANDS


def dispatch(agent: Any, line: str) -> str:
    name, _, argument = line.strip().partition(" ")
    commands = load_commands()
    if name not in commands:
        return f"unknown command {name}; /help lists the commands"
    return commands[name][0](agent, argument.strip())
