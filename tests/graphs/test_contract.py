"""The backend contract: every test runs against networkx and against a real Bolt server."""

from __future__ import annotations

import pytest

from usermind.errors import ConfigError
from usermind.graphs.models import Provenance, Triple


def t(head, rel, tail, pol="neutral", w=1.0, **kw) -> Triple:
    return Triple(head=head, relation=rel, tail=tail, polarity=pol, weight=w, **kw)


def test_upsert_inserts_then_merges_by_normalised_identity(backend, uid):
    first = backend.upsert_triple(
        uid,
        t("user", "likes", "Pizza", "likes", 0.5, tail_type="food", provenance=Provenance(turn_ids=["t1"])),
    )
    assert first.before is None
    second = backend.upsert_triple(
        uid,
        t(
            "User",
            "LIKES",
            " pizza ",
            "likes",
            0.9,
            provenance=Provenance(turn_ids=["t2", "t1"], feedback_ids=["f1"]),
        ),
    )
    assert second.before is not None and second.before.weight == 0.5
    merged = second.after
    assert merged.id == first.after.id
    assert merged.weight == 0.9
    assert merged.provenance.turn_ids == ["t1", "t2"]
    assert merged.provenance.feedback_ids == ["f1"]
    assert merged.tail_type == "food"
    assert [x.id for x in backend.list_triples(uid)] == [merged.id]
    assert backend.get_triple(uid, merged.id) == merged


def test_invalidate_keeps_history_and_a_later_upsert_starts_a_new_triple(backend, uid):
    old = backend.upsert_triple(uid, t("user", "lives in", "Paris", "is")).after
    change = backend.invalidate(uid, old.id, invalidated_by="tr_new", at=123.0)
    assert change.after.valid_to == 123.0 and change.after.invalidated_by == "tr_new"
    assert backend.list_triples(uid) == []
    assert [x.id for x in backend.list_triples(uid, include_history=True)] == [old.id]
    new = backend.upsert_triple(uid, t("user", "lives in", "Paris", "is")).after
    assert new.id != old.id
    assert {x.id for x in backend.list_triples(uid, include_history=True)} == {old.id, new.id}
    assert backend.counts(uid).model_dump() == {
        "entities": 2,
        "triples_current": 1,
        "triples_total": 2,
        "edits": 0,
    }


def test_set_weight_remove_and_orphan_entities(backend, uid):
    a = backend.upsert_triple(uid, t("user", "likes", "jazz", "likes", 0.2)).after
    backend.upsert_triple(uid, t("user", "has", "dog", "has"))
    assert backend.set_weight(uid, a.id, 0.75).after.weight == 0.75
    assert backend.get_triple(uid, a.id).weight == 0.75
    removed = backend.remove(uid, a.id)
    assert removed.before.id == a.id and removed.after is None
    assert backend.get_triple(uid, a.id) is None
    assert backend.search_entities(uid, "jazz") == []
    assert [e.name for e in backend.search_entities(uid, "")] == []
    assert backend.counts(uid).entities == 2
    with pytest.raises(ConfigError, match="no triple"):
        backend.remove(uid, a.id)


def test_put_triple_restores_the_exact_state(backend, uid):
    a = backend.upsert_triple(uid, t("user", "likes", "tea", "likes", 0.3)).after
    backend.remove(uid, a.id)
    backend.put_triple(uid, a)
    assert backend.get_triple(uid, a.id) == a


def test_neighbourhood_expands_by_hops_in_both_directions(backend, uid):
    likes = backend.upsert_triple(uid, t("user", "likes", "lasagne", "likes", 0.9)).after
    has = backend.upsert_triple(uid, t("lasagne", "has", "tomato", "has", 0.5)).after
    grown = backend.upsert_triple(uid, t("tomato", "grown in", "Italy", "neutral", 0.4)).after
    cook = backend.upsert_triple(uid, t("Mario", "cooks", "lasagne", "neutral", 0.7)).after
    gone = backend.upsert_triple(uid, t("lasagne", "has", "meat", "has", 1.0)).after
    backend.invalidate(uid, gone.id)
    assert [x.id for x in backend.neighbourhood(uid, ["Lasagne"], hops=1)] == [likes.id, cook.id, has.id]
    two = [x.id for x in backend.neighbourhood(uid, ["lasagne"], hops=2)]
    assert two == [likes.id, cook.id, has.id, grown.id]
    assert backend.neighbourhood(uid, ["nothing here"], hops=2) == []
    with pytest.raises(ConfigError, match="hops"):
        backend.neighbourhood(uid, ["lasagne"], hops=0)


def test_search_entities_is_case_insensitive_substring(backend, uid):
    backend.upsert_triple(uid, t("user", "likes", "Green Tea", "likes", tail_type="drink"))
    backend.upsert_triple(uid, t("user", "dislikes", "black tea", "dislikes"))
    backend.upsert_triple(uid, t("user", "has", "teapot", "has"))
    found = backend.search_entities(uid, "TEA", limit=2)
    assert [(e.name, e.type) for e in found] == [("black tea", "entity"), ("Green Tea", "drink")]


def test_users_are_isolated_and_delete_user_removes_every_trace(backend, uid):
    other = uid + "-b"
    try:
        backend.upsert_triple(uid, t("user", "likes", "chess", "likes"))
        backend.upsert_triple(other, t("user", "likes", "golf", "likes"))
        from usermind.graphs.models import GraphEdit

        backend.append_edit(uid, GraphEdit(op="add", triple_id="x"))
        assert [x.tail for x in backend.list_triples(other)] == ["golf"]
        assert backend.search_entities(other, "chess") == []
        assert backend.neighbourhood(other, ["chess"]) == []
        assert backend.list_edits(other) == []
        assert backend.delete_user(uid) == 4  # two entities, one triple, one edit
        assert backend.counts(uid).model_dump() == {
            "entities": 0,
            "triples_current": 0,
            "triples_total": 0,
            "edits": 0,
        }
        assert [x.tail for x in backend.list_triples(other)] == ["golf"]
    finally:
        backend.delete_user(other)


def test_bad_user_id_is_rejected(backend):
    with pytest.raises(ConfigError, match="invalid user id"):
        backend.list_triples("../etc")
