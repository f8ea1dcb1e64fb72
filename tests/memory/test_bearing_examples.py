"""Bearing bridged by example pairs: the pure score, the shipped pairs, and the effect through the
memory system (real MiniLM embeddings)."""

import json
from pathlib import Path

import numpy as np
import pytest

from usermind.memory.bearing import bridged
from usermind.memory.bearing.basis import PAIRS, example_pairs
from usermind.memory.bearing.bridge import images

ROOT = Path(__file__).resolve().parents[2]


def _unit(*rows):
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_the_preference_of_the_nearest_example_request_scores_highest():
    requests = _unit([1, 0, 0, 0], [0, 1, 0, 0])  # example requests
    preferences = _unit([0, 0, 1, 0], [0, 0, 0, 1])  # the preference that bore on each
    query = _unit([0.9, 0.1, 0, 0])[0]  # like the first example request
    candidates = _unit([0, 0, 1, 0.1], [0, 0, 0.1, 1])  # like the first / the second preference
    scores = bridged(query, candidates, requests, preferences, neighbours=2, temperature=0.1)
    assert scores[0] > scores[1] + 0.5
    # one neighbour: forward, only the first example request speaks; backward, each candidate's
    # nearest example preference points to its own request
    one = bridged(query, candidates, requests, preferences, neighbours=1, temperature=0.1)
    forward = candidates @ (preferences[0] - preferences.mean(axis=0))
    backward = (requests - requests.mean(axis=0)) @ query
    assert one == pytest.approx(forward + backward, abs=1e-6)


def test_images_mix_the_values_of_the_nearest_keys_less_their_mean():
    keys = _unit([1, 0, 0], [0, 1, 0], [0, 0, 1])
    values = _unit([0, 1, 1], [1, 0, 1], [1, 1, 0])
    points = _unit([1, 0.2, 0], [0, 0, 1])
    one = images(points, keys, values, neighbours=1, temperature=0.1)
    assert one == pytest.approx(values[[0, 2]] - values.mean(axis=0), abs=1e-6)
    two = images(points, keys, values, neighbours=2, temperature=0.1)
    w = np.exp(np.array([1.0, 0.2]) / np.linalg.norm([1, 0.2]) / 0.1)
    w /= w.sum()
    assert two[0] == pytest.approx(w[0] * values[0] + w[1] * values[1] - values.mean(axis=0), abs=1e-5)
    # given the images, bridged uses them instead of computing its own
    query = _unit([0, 1, 0])[0]
    given = bridged(query, points, keys, values, 1, 0.1, request_images=np.zeros_like(points))
    assert given == pytest.approx(points @ images(query[None], keys, values, 1, 0.1)[0], abs=1e-6)


def test_a_statement_as_like_every_example_preference_gains_nothing():
    requests = _unit([1, 0, 0], [0, 1, 0])
    preferences = _unit([0, 0, 1], [0, 0, 1])  # both examples' preferences alike
    query = _unit([1, 0, 0])[0]
    assert bridged(query, _unit([0, 1, 1]), requests, preferences, 2, 0.1) == pytest.approx([0.0], abs=1e-6)


def test_row_values_are_made_once_per_row_and_again_for_new_examples_or_settings():
    from usermind.memory.bearing import BearingBasis, row_images

    made: list[int] = []
    vectors = _unit([1, 0.1], [0.1, 1], [1, 1])

    def images_of(rows, basis):
        def compute(at):
            made.append(len(at))
            return images(vectors[rows[at]], basis.preferences, basis.requests, 1, 0.1)

        return compute

    basis = BearingBasis(_unit([1, 0]), _unit([1, 0], [0, 1]), _unit([0, 1], [1, 0]))
    cache = row_images.RowValues()
    rows = np.array([0, 2])
    first = cache.of(rows, basis, (1, 0.1), images_of(rows, basis))
    rows = np.array([2, 1, 0])
    again = cache.of(rows, basis, (1, 0.1), images_of(rows, basis))
    assert made == [2, 1]  # rows 0 and 2, then only row 1
    assert again[[2, 0]] == pytest.approx(first)
    assert again == pytest.approx(images(vectors[[2, 1, 0]], basis.preferences, basis.requests, 1, 0.1))
    other = BearingBasis(basis.domains, basis.preferences, basis.requests)  # another embedder's examples
    rows = np.array([0])
    cache.of(rows, other, (1, 0.1), images_of(rows, other))
    assert made == [2, 1, 1] and len(cache) == 1
    cache.of(rows, other, (2, 0.1), images_of(rows, other))  # other settings
    assert made == [2, 1, 1, 1]
    small = row_images.RowValues(limit=2)
    small.of(np.array([0, 1]), basis, (1, 0.1), images_of(np.array([0, 1]), basis))
    small.of(np.array([2]), basis, (1, 0.1), images_of(np.array([2]), basis))
    assert len(small) == 1  # full: started over


def test_nothing_to_score_or_no_examples_gives_zeros():
    q = _unit([1, 0])[0]
    assert bridged(q, np.zeros((0, 2), np.float32), _unit([1, 0]), _unit([0, 1]), 3, 0.1).shape == (0,)
    assert not bridged(q, _unit([1, 0]), np.zeros((0, 2), np.float32), np.zeros((0, 2)), 3, 0.1).any()


def test_the_shipped_pairs_are_distinct_and_share_nothing_with_the_evaluation_sets():
    pairs = example_pairs()
    assert len(pairs) == len(json.loads(PAIRS.read_text())) >= 300
    assert len({r for r, _ in pairs}) == len(pairs) and len({p for _, p in pairs}) == len(pairs)
    texts = {t.lower() for pair in pairs for t in pair}
    evaluated = set()
    for path in (ROOT / "benchmarks" / "prefeval_style").rglob("*.json"):
        for item in json.loads(path.read_text()):
            evaluated |= {item["preference"].lower(), item["question"].lower()}
    assert evaluated and not texts & evaluated


@pytest.mark.parametrize("weight", [1.0, 0.0])
def test_through_the_memory_system_examples_carry_the_common_sense_link(db, embedder, weight):
    from usermind.memory import MemorySystem
    from usermind.memory.config import MemoryConfig, VerifyConfig

    config = MemoryConfig(verify=VerifyConfig(example_weight=weight))
    mem = MemorySystem(db, embedder, config=config)
    stated = ["I get carsick on winding roads.", "I collect vintage vinyl records.", "I'm learning Italian."]
    for i, text in enumerate(stated):
        mem.add_turn("ana", "s1", "user", text, ts=1_700_000_000 + i)
    query = "Plan a day trip along the Amalfi coast."
    result = mem.verify("ana", query, mem.recall("ana", query, k=8))
    # the sentence embedding alone finds no statement that bears on it enough (the road is not named)
    assert [m.text for m in result.kept] == (["I get carsick on winding roads."] if weight else [])
