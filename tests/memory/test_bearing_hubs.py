"""Hubness of stated memories (pure numpy): a statement that bears on every example request is taken
down against one that bears on a few; the correction is measured against the example preferences."""

from __future__ import annotations

import numpy as np
import pytest

from usermind.memory.bearing import BearingBasis
from usermind.memory.bearing.bridge import images
from usermind.memory.bearing.hubs import BearingShape, hubness, reference, standing


def _unit(*rows):
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


SHAPE = BearingShape(0.0, 0.1, 1.0, 1, 0.1)  # no life domains: the examples alone


def _basis() -> BearingBasis:
    # four example requests along the axes 0..3, each with a preference along the same axis
    eye = np.eye(4, dtype=np.float32)
    return BearingBasis(np.zeros((1, 4), np.float32), eye, eye.copy())


def test_a_statement_like_every_example_is_more_of_a_hub_than_one_like_a_single_example():
    basis = _basis()
    ref = reference(basis, SHAPE, top=2)
    broad = _unit([1, 1, 1, 1])  # alike to all four examples a little
    narrow = _unit([1, 0, 0, 0])  # one example's very preference
    vectors = np.vstack([broad, narrow])
    row_images = images(vectors, basis.preferences, basis.requests, SHAPE.neighbours, SHAPE.temperature)
    top1 = hubness(vectors, row_images, basis, ref, SHAPE, top=1)
    top4 = hubness(vectors, row_images, basis, ref, SHAPE, top=4)
    # at its best the narrow statement bears more (it is an example's own preference) ...
    assert top1[1] > top1[0]
    # ... but over all the examples the broad one bears more: the hub
    assert top4[0] > top4[1]


def test_standing_is_measured_from_the_example_preferences_own_hubness():
    basis = _basis()
    ref = reference(basis, SHAPE, top=2)
    own_images = images(basis.preferences, basis.preferences, basis.requests, 1, 0.1)
    theirs = hubness(basis.preferences, own_images, basis, ref, SHAPE, top=2)
    assert ref.typical == pytest.approx(float(theirs.mean()))
    assert standing(theirs, ref, 1.0) == pytest.approx(np.zeros(4), abs=1e-6)  # as typical: untouched
    assert standing(theirs + 0.5, ref, 2.0) == pytest.approx(np.ones(4))
    assert reference(basis, SHAPE, top=2) is ref  # made once per basis, shape and top


def test_no_rows_or_no_examples_give_no_hubness():
    basis = _basis()
    ref = reference(basis, SHAPE, top=2)
    none = np.zeros((0, 4), np.float32)
    assert hubness(none, none, basis, ref, SHAPE, top=2).shape == (0,)
    empty = ref._replace(matrix=np.zeros((0, 4), np.float32))
    assert not hubness(_unit([1, 0, 0, 0]), _unit([1, 0, 0, 0]), basis, empty, SHAPE, top=2).any()
