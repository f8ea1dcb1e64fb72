"""``usermind serve`` hands uvicorn a worker liveness timeout a busy worker can meet: uvicorn's 5 s
default killed workers whose ping thread waited for the GIL behind the executor's work (load runs on a
loaded 2-core machine lost every in-flight request of the killed worker)."""

from typer.testing import CliRunner

from usermind.cli.main import app


def test_serve_passes_the_worker_healthcheck_timeout(tmp_path, monkeypatch):
    import uvicorn

    from usermind.serve.app import ENV

    monkeypatch.setenv(ENV, "{}")  # serve writes its options there; restored after the test
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    home = ["--home", str(tmp_path)]
    assert CliRunner().invoke(app, ["serve", "--workers", "2", *home]).exit_code == 0
    assert seen["workers"] == 2 and seen["timeout_worker_healthcheck"] == 60
    runner = CliRunner().invoke(app, ["serve", "--workers", "2", "--worker-healthcheck-s", "120", *home])
    assert runner.exit_code == 0 and seen["timeout_worker_healthcheck"] == 120
