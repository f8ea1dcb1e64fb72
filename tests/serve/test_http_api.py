"""The HTTP API end to end (ASGI app, real agent graph, litellm ``mock_response`` generator)."""

import json

from tests.serve.conftest import REPLY, auth


def _chat(client, key, user, message, **extra):
    return client.post(f"/v1/users/{user}/chat", json={"message": message, **extra}, headers=auth(key))


def test_chat_returns_reply_memories_and_usage(client, keys):
    key = keys["acme"]
    assert _chat(client, key, "ana", "I keep bees on my roof in Lisbon.").status_code == 200
    body = _chat(client, key, "ana", "Which insects do I keep on my roof?").json()
    assert body["text"] == REPLY
    assert body["llm"]["calls"] == 1 and body["llm"]["completion_tokens"] > 0
    assert any("bees" in m["text"] for m in body["memories"])
    assert all(m["reason"] is not None for m in body["memories"])
    assert body["turn_id"] != body["reply_turn_id"]


def test_chat_stream_sends_stored_verified_reply_done(client, keys):
    key = keys["acme"]
    _chat(client, key, "ben", "My dog is called Rex.")
    with client.stream(
        "POST", "/v1/users/ben/chat/stream", json={"message": "What is my dog called?"}, headers=auth(key)
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        text = response.read().decode()
    events = [block.split("\n") for block in text.strip().split("\n\n")]
    events = [lines for lines in events if lines[0] != "event: token"]  # see test_http_stream_tokens.py
    kinds = [lines[0].removeprefix("event: ") for lines in events]
    assert kinds == ["stored", "verified", "reply", "done"]
    verified = json.loads(events[1][1].removeprefix("data: "))
    assert any("Rex" in m["text"] for m in verified["kept"])
    reply = json.loads(events[2][1].removeprefix("data: "))
    assert reply["text"] == REPLY and reply["turn_id"] == json.loads(events[0][1][6:])["turn_id"]


def test_add_search_list_get_patch_history_delete(client, keys):
    h = auth(keys["acme"])
    added = client.post(
        "/v1/users/cal/memories",
        json={"messages": [{"role": "user", "content": "I live in Lisbon.", "timestamp": 1_700_000_000}]},
        headers=h,
    )
    assert added.status_code == 201
    facts = added.json()["facts"]
    assert [f["text"] for f in facts] == ["User lives in Lisbon"]
    found = client.get("/v1/users/cal/memories/search", params={"q": "Where do I live?"}, headers=h).json()
    assert found["results"] and all(set(r["memory"]["components"]) for r in found["results"])
    assert any(r["kept"] and "Lisbon" in r["memory"]["text"] for r in found["results"])
    only_facts = client.get("/v1/users/cal/memories/search", params={"q": "live", "kind": "fact"}, headers=h)
    assert {r["memory"]["kind"] for r in only_facts.json()["results"]} == {"fact"}
    later = client.get(
        "/v1/users/cal/memories/search", params={"q": "live", "since": 1_800_000_000}, headers=h
    )
    assert later.json()["results"] == []
    page = client.get("/v1/users/cal/memories", params={"limit": 1}, headers=h).json()
    assert page["total"] == 2 and len(page["items"]) == 1
    fact_id = facts[0]["id"]
    assert client.get(f"/v1/users/cal/memories/{fact_id}", headers=h).json()["text"] == "User lives in Lisbon"
    patched = client.patch(
        f"/v1/users/cal/memories/{fact_id}",
        json={"text": "User lives in Porto", "object": "Porto"},
        headers=h,
    )
    assert patched.status_code == 200
    new_id = patched.json()["id"]
    versions = client.get(f"/v1/users/cal/memories/{new_id}/history", headers=h).json()
    assert [v["text"] for v in versions] == ["User lives in Lisbon", "User lives in Porto"]
    assert versions[0]["invalidated_by"] == new_id and versions[1]["valid_to"] is None
    turn_id = added.json()["turn_ids"][0]
    assert client.patch(f"/v1/users/cal/memories/{turn_id}", json={"text": "x"}, headers=h).status_code == 422
    assert client.delete(f"/v1/users/cal/memories/{turn_id}", headers=h).status_code == 200
    assert client.get(f"/v1/users/cal/memories/{turn_id}", headers=h).status_code == 404
    assert client.delete(f"/v1/users/cal/memories/{turn_id}", headers=h).status_code == 404


def test_export_import_round_trip_and_delete_user(client, keys):
    h = auth(keys["acme"])
    _chat(client, keys["acme"], "dee", "I play the cello every Sunday.")
    exported = client.get("/v1/users/dee/export", headers=h).json()
    assert any("cello" in json.dumps(rows) for rows in exported.values())
    clash = client.post("/v1/users/dee2/import", json=exported, headers=h)
    assert clash.status_code == 409 and "already" in clash.json()["error"]
    deleted = client.delete("/v1/users/dee", headers=h)
    assert deleted.status_code == 200 and sum(deleted.json()["deleted"].values()) > 0
    assert client.get("/v1/users/dee/export", headers=h).status_code == 404
    assert client.get("/v1/users/dee/memories", headers=h).status_code == 404
    assert client.post("/v1/users/dee/import", json=exported, headers=h).status_code == 201
    again = client.get("/v1/users/dee/export", headers=h).json()
    assert {k: v for k, v in again.items() if k != "exported_at"} == {
        k: v for k, v in exported.items() if k != "exported_at"
    }
    assert client.post("/v1/users/dee/import", json=exported, headers=h).status_code == 409
    assert client.post("/v1/users/dee3/import", json={"format": "nope"}, headers=h).status_code == 422


def test_persona_set_get_forget_and_reactions(client, keys):
    h = auth(keys["acme"])
    put = client.put("/v1/users/eve/persona", json={"attribute": "diet", "value": "vegan"}, headers=h)
    assert put.status_code == 200
    persona = client.get("/v1/users/eve/persona", headers=h).json()
    assert "vegan" in json.dumps(persona)
    assert client.delete("/v1/users/eve/persona/diet", headers=h).status_code == 200
    assert "vegan" not in json.dumps(client.get("/v1/users/eve/persona", headers=h).json())
    assert client.delete("/v1/users/eve/persona/diet", headers=h).status_code == 404
    liked = client.post("/v1/users/eve/reactions", json={"item": "Thai curry", "liked": True}, headers=h)
    assert liked.status_code == 201 and "Thai curry" in json.dumps(liked.json())


def test_health_ready_and_docs(client):
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/readyz").json()["status"] == "ready"
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/v1/users/{user}/chat",
        "/v1/users/{user}/chat/stream",
        "/v1/users/{user}/memories/search",
        "/v1/users/{user}/memories/{memory_id}/history",
        "/v1/users/{user}/export",
        "/v1/users/{user}/import",
        "/v1/users/{user}/persona",
        "/v1/users/{user}/feedback",
    ):
        assert path in paths


def test_feedback_needs_a_message_to_attach_to(client, keys):
    h = auth(keys["acme"])
    client.post("/v1/users/fay/memories", json={"messages": [{"content": "I like hiking."}]}, headers=h)
    response = client.post("/v1/users/fay/feedback", json={"answer": "the Alps"}, headers=h)
    assert response.status_code == 422 and "chat first" in response.json()["error"]
    assert client.post("/v1/users/nobody/feedback", json={"answer": "x"}, headers=h).status_code == 404
