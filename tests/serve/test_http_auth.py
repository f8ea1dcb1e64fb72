"""Bearer keys and tenant isolation: no key → 401, a wrong or revoked key → 401, another tenant's
user → 404 exactly like a user that never existed; two tenants' "alice" never share data."""

import pytest

from tests.serve.conftest import auth
from usermind.errors import ConfigError
from usermind.serve.app import ServeOptions, check_options
from usermind.serve.keys import KeyStore
from usermind.serve.tenancy import internal_user


def test_no_key_wrong_key_and_revoked_key_get_401(client, service, keys):
    assert client.get("/v1/users/zed/memories").status_code == 401
    assert client.get("/v1/users/zed/memories", headers={"Authorization": "Basic abc"}).status_code == 401
    wrong = keys["acme"][:-4] + "AAAA"
    response = client.get("/v1/users/zed/memories", headers=auth(wrong))
    assert response.status_code == 401 and response.json() == {"error": "invalid or revoked API key"}
    assert client.get("/v1/users/zed/memories", headers=auth("um_nope_x")).status_code == 401
    new = service.keys.create("acme")
    assert client.get("/v1/users/zed/memories", headers=auth(new.key)).status_code == 404
    assert service.keys.revoke(new.id)
    assert client.get("/v1/users/zed/memories", headers=auth(new.key)).status_code == 401


def test_keys_are_stored_hashed(service, keys):
    rows = service.base.db.query("SELECT * FROM api_keys")
    dumped = repr([dict(r) for r in rows])
    assert rows and all(key.split("_", 2)[2] not in dumped for key in keys.values())
    assert KeyStore(service.base.db).tenant_of(keys["globex"]) == "globex"


def test_two_tenants_alice_never_share_data(client, keys):
    a, g = auth(keys["acme"]), auth(keys["globex"])
    client.post(
        "/v1/users/alice/memories", json={"messages": [{"content": "My locker code is 4711."}]}, headers=a
    )
    client.post("/v1/users/alice/memories", json={"messages": [{"content": "I collect stamps."}]}, headers=g)
    acme = client.get("/v1/users/alice/memories", headers=a).json()["items"]
    globex = client.get("/v1/users/alice/memories", headers=g).json()["items"]
    assert any("4711" in m["text"] for m in acme) and not any("4711" in m["text"] for m in globex)
    assert any("stamps" in m["text"] for m in globex) and not any("stamps" in m["text"] for m in acme)
    found = client.get("/v1/users/alice/memories/search", params={"q": "locker code"}, headers=g).json()
    assert not any("4711" in r["memory"]["text"] for r in found["results"])
    export = client.get("/v1/users/alice/export", headers=g).text
    assert "4711" not in export
    secret_id = next(m["id"] for m in acme if "4711" in m["text"])
    assert client.get(f"/v1/users/alice/memories/{secret_id}", headers=g).status_code == 404
    assert client.delete(f"/v1/users/alice/memories/{secret_id}", headers=g).status_code == 404
    assert client.get(f"/v1/users/alice/memories/{secret_id}", headers=a).status_code == 200


def test_other_tenants_user_is_indistinguishable_from_a_missing_one(client, keys):
    a, g = auth(keys["acme"]), auth(keys["globex"])
    client.post("/v1/users/onlyacme/memories", json={"messages": [{"content": "I like tea."}]}, headers=a)
    for path in ("/memories", "/export", "/persona", "/memories/search?q=tea"):
        theirs = client.get(f"/v1/users/onlyacme{path}", headers=g)
        nobody = client.get(f"/v1/users/neverexisted{path}", headers=g)
        assert theirs.status_code == nobody.status_code == 404
        assert theirs.json() == nobody.json()
    assert client.delete("/v1/users/onlyacme", headers=g).status_code == 404
    assert client.get("/v1/users/onlyacme/memories", headers=a).json()["total"] >= 1


def test_tenant_qualified_ids_cannot_collide():
    assert internal_user("acme", "alice") == "acme@alice"
    assert internal_user(None, "alice") == "alice"
    assert internal_user("a", "b@c") == "a@b@c"
    with pytest.raises(ConfigError):
        internal_user("a@b", "c")  # tenants have no '@': the first '@' always ends the tenant
    with pytest.raises(ConfigError):
        internal_user("acme", "x" * 60)
    with pytest.raises(ConfigError):
        internal_user("acme", "alice\n")


def test_no_auth_only_on_loopback():
    assert check_options(ServeOptions(no_auth=True, host="127.0.0.1")).no_auth
    assert check_options(ServeOptions(no_auth=True, host="::1")).no_auth
    with pytest.raises(ConfigError, match="loopback"):
        check_options(ServeOptions(no_auth=True, host="0.0.0.0"))
    assert check_options(ServeOptions(db="postgresql://u@127.0.0.1/x")).db  # Postgres is served too
