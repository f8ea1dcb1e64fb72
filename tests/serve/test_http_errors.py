"""Limits and errors: 413 for big bodies and messages, 422 with one line, 502 for a model failure
with the user turn still stored, 500 without a stack trace."""

import pytest
from fastapi.testclient import TestClient

from tests.serve.conftest import auth
from usermind.llm.client import LLMClient
from usermind.serve.app import create_app
from usermind.serve.service import UsermindService


def _one_line(response):
    body = response.json()
    assert set(body) == {"error"} and "\n" not in body["error"] and "Traceback" not in body["error"]
    return body["error"]


def test_body_and_message_limits_give_413(client, service, keys):
    h = auth(keys["acme"])
    big = client.post("/v1/users/big/chat", json={"message": "x" * 70_000}, headers=h)
    assert big.status_code == 413 and "limit" in _one_line(big)
    limit = service.settings.max_message_chars
    service.settings.max_message_chars = 100
    try:
        long = client.post("/v1/users/big/chat", json={"message": "y" * 101}, headers=h)
        assert long.status_code == 413 and "too long" in _one_line(long)
        many = client.post("/v1/users/big/memories", json={"messages": [{"content": "z" * 101}]}, headers=h)
        assert many.status_code == 413
    finally:
        service.settings.max_message_chars = limit
    assert client.get("/v1/users/big/memories", headers=h).status_code == 404  # nothing was stored


def test_streamed_body_over_the_limit_gives_413(client, keys):
    def chunks():
        for _ in range(10):
            yield b"x" * 10_000

    response = client.post(
        "/v1/users/big/chat",
        content=chunks(),
        headers={**auth(keys["acme"]), "content-type": "application/json"},
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        ("/v1/users/bad id!/chat", {"message": "hi"}, "invalid user id"),
        ("/v1/users/ok/chat", {}, "message: Field required"),
        ("/v1/users/ok/chat", {"message": ""}, "message"),
        ("/v1/users/ok/memories", {"messages": [{"role": "robot", "content": "x"}]}, "messages.0.role"),
    ],
)
def test_invalid_input_is_422_with_one_line(client, keys, path, body, expected):
    response = client.post(path, json=body, headers=auth(keys["acme"]))
    assert response.status_code == 422 and expected in _one_line(response)


def test_broken_json_is_422(client, keys):
    response = client.post(
        "/v1/users/ok/chat",
        content=b'{"message": ',
        headers={**auth(keys["acme"]), "content-type": "application/json"},
    )
    assert response.status_code == 422 and _one_line(response).startswith("invalid JSON")


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    llm = LLMClient(
        "openai/gpt-4o-mini", mock_response=Exception("upstream exploded\nwith details"), retries=0
    )
    svc = UsermindService.open(tmp_path_factory.mktemp("broken-home"), llm=llm, threads=2)
    with TestClient(create_app(svc, no_auth=True), raise_server_exceptions=False) as c:
        yield c, svc
    svc.base.close()


def test_model_error_is_502_and_the_user_turn_is_kept(broken):
    client, _ = broken
    response = client.post("/v1/users/kim/chat", json={"message": "Remember that my flight is on Friday."})
    assert response.status_code == 502 and "failed" in _one_line(response)
    items = client.get("/v1/users/kim/memories", params={"kind": "turn"}).json()["items"]
    assert [m["text"] for m in items] == ["Remember that my flight is on Friday."]
    with client.stream(
        "POST", "/v1/users/kim/chat/stream", json={"message": "Tell me a joke about cats."}
    ) as stream:
        text = stream.read().decode()
    assert "event: stored" in text and "event: error" in text and '"status": 502' in text
    assert "Traceback" not in text


def test_unexpected_error_is_500_without_a_trace(broken, monkeypatch):
    client, svc = broken
    client.post("/v1/users/lea/memories", json={"messages": [{"content": "I like jazz."}]})
    monkeypatch.setattr(svc.base.memory, "list_memories", lambda *a, **k: 1 / 0)
    response = client.get("/v1/users/lea/memories")
    assert response.status_code == 500 and "ZeroDivision" not in _one_line(response)
