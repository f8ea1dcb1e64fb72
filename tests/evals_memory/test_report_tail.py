"""The shared report tail of every eval command: summary rows, JSON and PNG, error exits."""

import json

import pytest
import typer

from usermind.cli.report import emit_report, flatten, summary_rows
from usermind.errors import ConfigError, DataFileError
from usermind.evals.progress import iterate

REPORT = {
    "n": 3,
    "retrieval": {"recall@5": 0.123456, "by_type": {"a": {"r": 1.0}}},
    "rows": [1, 2],
    "name": "x",
}


def test_flatten_and_summary_rows_pick_dotted_keys_and_sections():
    assert flatten(REPORT) == {
        "n": 3,
        "retrieval.recall@5": 0.123456,
        "retrieval.by_type.a.r": 1.0,
        "name": "x",
    }
    rows = summary_rows(REPORT, ["n", "retrieval.by_type.*", "retrieval.recall@5", "missing.key"])
    assert rows == [("n", "3"), ("retrieval.by_type.a.r", "1"), ("retrieval.recall@5", "0.1235")]


def test_emit_report_writes_json_and_png_then_prints_the_table(tmp_path, capsys):
    drawn = []
    emit_report(
        tmp_path, "demo", lambda: REPORT, summary=["n"], plot=lambda r, p: drawn.append(p) or p.write_text("")
    )
    assert json.loads((tmp_path / "demo.json").read_text()) == REPORT
    assert drawn == [tmp_path / "demo.png"]
    printed = capsys.readouterr().out
    assert "usermind eval demo" in printed and "demo.json" in printed


@pytest.mark.parametrize("error,code", [(DataFileError("bad shape"), 2), (ConfigError("bad flag"), 1)])
def test_errors_exit_without_a_report(tmp_path, error, code):
    def build():
        raise error

    with pytest.raises(typer.Exit) as exit_info:
        emit_report(tmp_path / "o", "demo", build)
    assert exit_info.value.exit_code == code and not (tmp_path / "o").exists()


def test_iterate_yields_every_item_with_the_bar_hidden():
    assert list(iterate(range(4), "items", enabled=False)) == [0, 1, 2, 3]
