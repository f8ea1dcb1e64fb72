"""A memory that says more outranks an equally matching one that says little (``weights.informative``),
except for a request, whose stated constraints are short by nature."""

import math

import numpy as np

from usermind.memory.config import MemoryConfig
from usermind.memory.models import Turn
from usermind.memory.query import analyse
from usermind.memory.recall import search
from usermind.memory.user_index import UserIndex

SHORT = "Sounds great!"
LONG = "We spent the whole weekend camping by the lake, grilling fish and telling stories."


def _index() -> UserIndex:
    index = UserIndex(dim=4)
    same = np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32)  # equal cosine to the query for both
    for seq, (session, text) in enumerate([("s1", SHORT), ("s2", LONG)]):
        turn = Turn(id=f"t{seq}", user_id="u", session_id=session, seq=seq, role="user", text=text, ts=1.0)
        index.add_turn(turn, same)
    return index


def _ranked(weight: float, message: str = "What did they talk about?") -> list:
    config = MemoryConfig(weights={"informative": weight}, feedback_docs=0)  # no second lexical hop
    info = analyse(message, set())  # no word in common with either turn: dense decides
    query = np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32)
    return search(_index(), query, info, k=2, now=2.0, config=config)


def test_the_turn_that_says_more_ranks_first_and_the_prior_is_its_own_component():
    plain = _ranked(0.0)
    assert [m.id for m in plain] == ["t0", "t1"]  # a tie: row order
    assert "informative" not in plain[0].components
    found = _ranked(0.03)
    assert [m.id for m in found] == ["t1", "t0"]
    long_terms, short_terms = 9, 2  # content words ("spent", "whole", ... "story"; "sound", "great")
    assert math.isclose(found[0].components["informative"], math.log1p(long_terms), rel_tol=1e-4)
    gap = 0.03 * (math.log1p(long_terms) - math.log1p(short_terms))
    assert math.isclose(found[0].score - found[1].score, gap, rel_tol=1e-3)


def test_a_request_gets_no_length_prior():
    found = _ranked(0.03, "Recommend a podcast for my commute.")
    assert "informative" not in found[0].components
    assert [m.id for m in found] == ["t0", "t1"]
