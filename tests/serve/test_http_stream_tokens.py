"""Token streaming on ``POST /v1/users/{user}/chat/stream``: ``token`` events carry the model's text
deltas (litellm ``acompletion(stream=True)`` with ``mock_response``) before the ``reply`` event, which
holds the final, post-processed text.  One test runs on a real uvicorn on 127.0.0.1 to show that a
token reaches the client while the model is still generating."""

import asyncio
import json
import socket
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient

from usermind.llm.client import LLMClient
from usermind.serve.app import create_app
from usermind.serve.service import UsermindService

RAW = "  Rex is your dog, and he loves the beach.  \n"  # the model's text, spaces and newline included


def _events(text: str) -> list[tuple[str, dict]]:
    out = []
    for block in text.strip().split("\n\n"):
        kind, data = block.split("\n", 1)
        out.append((kind.removeprefix("event: "), json.loads(data.removeprefix("data: "))))
    return out


def _stream(client, user: str, message: str) -> list[tuple[str, dict]]:
    with client.stream("POST", f"/v1/users/{user}/chat/stream", json={"message": message}) as response:
        assert response.status_code == 200
        return _events(response.read().decode())


@pytest.fixture
def open_service(tmp_path):
    made = []

    def make(llm, **settings) -> UsermindService:
        svc = UsermindService.open(tmp_path / f"home{len(made)}", llm=llm, threads=2, **settings)
        made.append(svc)
        return svc

    yield make
    for svc in made:
        svc.base.close()
        svc.executor.shutdown(wait=False)


def test_tokens_come_before_the_reply_and_add_up_to_the_model_text(open_service):
    svc = open_service(LLMClient("openai/gpt-4o-mini", mock_response=RAW, retries=0))
    with TestClient(create_app(svc, no_auth=True), raise_server_exceptions=False) as client:
        client.post("/v1/users/ben/chat", json={"message": "My dog is called Rex."})
        events = _stream(client, "ben", "What is my dog called?")
    kinds = [k for k, _ in events]
    tokens = [d for k, d in events if k == "token"]
    assert len(tokens) > 1  # deltas, not the whole text at once
    first, last = kinds.index("token"), len(kinds) - 1 - kinds[::-1].index("token")
    assert kinds[:first] == ["stored", "verified"] and kinds[last + 1 :] == ["reply", "done"]
    assert set(kinds[first : last + 1]) == {"token"}
    assert "".join(t["text"] for t in tokens) == RAW and {t["attempt"] for t in tokens} == {0}
    reply = events[-2][1]
    assert reply["text"] == RAW.strip()  # the reply is the post-processed text
    assert reply["llm"]["calls"] == 1 and reply["llm"]["failures"] == 0


def test_a_regenerated_reply_streams_again_and_the_reply_is_the_checked_text(open_service):
    """Compact generation checks the reply: a reply in the wrong script is regenerated once (tokens with
    ``attempt`` 1), then replaced by the memory-grounded fallback, so the tokens were provisional."""
    russian = "Я не знаю, как зовут вашу собаку."
    llm = LLMClient("openai/gpt-4o-mini", mock_response=russian, retries=0)
    svc = open_service(llm, generation="compact", acknowledge_statements=False)
    with TestClient(create_app(svc, no_auth=True), raise_server_exceptions=False) as client:
        events = _stream(client, "eva", "What is the name of my dog?")
    tokens = [d for k, d in events if k == "token"]
    for attempt in (0, 1):
        assert "".join(t["text"] for t in tokens if t["attempt"] == attempt) == russian
    assert [t["attempt"] for t in tokens] == sorted(t["attempt"] for t in tokens)
    reply = next(d for k, d in events if k == "reply")
    assert reply["text"] != russian and reply["llm"]["calls"] == 2


def test_the_plain_chat_endpoint_does_not_stream(open_service):
    svc = open_service(LLMClient("openai/gpt-4o-mini", mock_response=RAW, retries=0))

    def no_streaming(*args, **kwargs):
        raise AssertionError("POST /chat must not stream the model")

    svc.base.llm.astream = no_streaming  # type: ignore[method-assign]
    with TestClient(create_app(svc, no_auth=True), raise_server_exceptions=False) as client:
        response = client.post("/v1/users/ida/chat", json={"message": "What do I like?"})
    assert response.status_code == 200 and response.json()["text"] == RAW.strip()


class _HeldModel(LLMClient):
    """Streams one delta, then waits (bounded) until the client says it has that delta."""

    def __init__(self, seen: threading.Event):
        super().__init__("openai/gpt-4o-mini", retries=0)
        self.seen = seen
        self.client_saw_it_mid_generation: bool | None = None

    async def astream(self, messages, **options):
        yield "Still "
        self.client_saw_it_mid_generation = await asyncio.to_thread(self.seen.wait, 60)
        yield "thinking."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_a_token_reaches_the_client_over_real_http_while_the_model_generates(open_service):
    import httpx

    seen = threading.Event()
    model = _HeldModel(seen)
    svc = open_service(model)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(svc, no_auth=True), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(600):  # bounded wait for the socket to listen
            if server.started:
                break
            time.sleep(0.1)
        assert server.started
        kinds = []
        url = f"http://127.0.0.1:{port}/v1/users/joe/chat/stream"
        with httpx.Client(timeout=120) as client, client.stream("POST", url, json={"message": "Hi"}) as r:
            for line in r.iter_lines():
                if line.startswith("event: "):
                    kinds.append(line.removeprefix("event: "))
                if line.startswith("data: ") and kinds[-1] == "token":
                    seen.set()
        assert model.client_saw_it_mid_generation is True
        assert kinds.count("token") == 2 and kinds[-2:] == ["reply", "done"]
    finally:
        seen.set()
        server.should_exit = True
        thread.join(timeout=30)
