"""Logged, reversible edits through KnowledgeGraph, on both backends."""

from __future__ import annotations

import pytest

from usermind.errors import ConfigError
from usermind.graphs.graph import KnowledgeGraph
from usermind.graphs.models import Triple


def test_every_edit_is_logged_and_reverts_to_the_prior_state(backend, uid):
    kg = KnowledgeGraph(backend, uid)
    add = kg.add(
        Triple(head="user", relation="likes", tail="sushi", polarity="likes", weight=0.4),
        reason="feedback",
        source="kgt",
        loss_before=2.0,
        loss_after=0.5,
    )
    tid = add.triple_id
    rw = kg.reweight(tid, 0.9, reason="pie soft", source="pie")
    rm = kg.remove(tid, reason="pie remove", source="pie")
    assert [e.op for e in kg.edits()] == ["add", "reweight", "remove"]
    assert kg.edits()[0].loss_before == 2.0 and kg.edits()[0].loss_after == 0.5
    assert kg.get(tid) is None
    kg.revert(rm.id)
    assert kg.get(tid).weight == 0.9
    kg.revert(rw.id)
    assert kg.get(tid).weight == 0.4
    kg.revert(add.id)
    assert kg.get(tid) is None and kg.triples() == []
    log = kg.edits()
    assert [e.op for e in log] == ["add", "reweight", "remove", "restore", "restore", "restore"]
    assert all(e.reverted_by for e in log[:3])
    with pytest.raises(ConfigError, match="already reverted"):
        kg.revert(add.id)


def test_revert_group_undoes_a_whole_feedback_edit(backend, uid):
    kg = KnowledgeGraph(backend, uid)
    keep = kg.add(Triple(head="user", relation="likes", tail="tea", polarity="likes")).triple_id
    kg.add(Triple(head="user", relation="likes", tail="coffee", polarity="likes"), group_id="fb1")
    kg.invalidate(keep, group_id="fb1")
    assert [x.tail for x in kg.triples()] == ["coffee"]
    restored = kg.revert_group("fb1")
    assert len(restored) == 2
    assert [x.tail for x in kg.triples()] == ["tea"]
    assert kg.counts().edits == 5
