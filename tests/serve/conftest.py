"""An HTTP API over a temporary home: litellm's ``mock_response`` generates, two tenants hold keys.
Requests go through httpx (FastAPI's TestClient) into the ASGI app, lifespan included."""

import pytest
from fastapi.testclient import TestClient

from usermind.llm.client import LLMClient
from usermind.serve.app import create_app
from usermind.serve.service import UsermindService

REPLY = "Here you go."


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    llm = LLMClient("openai/gpt-4o-mini", mock_response=REPLY, retries=0)
    svc = UsermindService.open(tmp_path_factory.mktemp("serve-home"), llm=llm, threads=4)
    yield svc
    svc.base.close()
    svc.executor.shutdown(wait=False)


@pytest.fixture(scope="module")
def keys(service):
    return {t: service.keys.create(t).key for t in ("acme", "globex")}


@pytest.fixture(scope="module")
def client(service):
    with TestClient(create_app(service, max_body_bytes=64_000), raise_server_exceptions=False) as c:
        yield c


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
