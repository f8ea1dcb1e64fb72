"""Slash commands register in one registry; no command module imports another."""

from __future__ import annotations

import ast
from pathlib import Path

from usermind.cli.slash_registry import COMMAND_MODULES, dispatch, load_commands

CLI = Path(__file__).resolve().parents[2] / "usermind" / "cli"


def test_command_modules_do_not_import_each_other():
    for module in COMMAND_MODULES:
        tree = ast.parse((CLI / (module.rsplit(".", 1)[1] + ".py")).read_text())
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not imported & set(COMMAND_MODULES), module


def test_every_module_registers_and_help_lists_them():
    names = set(load_commands())
    assert {"/help", "/why", "/forget", "/persona", "/kg", "/feedback", "/like"} <= names
    listing = dispatch(None, "/help")
    assert all(name in listing for name in names)
    assert dispatch(None, "/nope") == "unknown command /nope; /help lists the commands"
