"""Which of a user's memories a request's bearing ranks (:func:`usermind.memory.recall.bearing`):

* a request for the user themselves: their stated preferences and constraints (household statements
  included: "My partner and I are vegan.");
* ... that names people of the user's life ("Where should I take my boss for lunch?", "Weekend ideas
  with my sister?"): also what the user said about those people, and no statement about anyone else
  ("My dad is diabetic." has no say in the boss's lunch);
* a request made for someone the user knows ("What should I get my sister for her birthday?"): what the
  user said about that person alone.

Rows about people are found through the BM25 postings of every word for them (:mod:`.people`), and read
only once the densest few hundred are left (:func:`counts`); a group and its members are one another's
("our kids" for "my son", "Mum" for "my parents").  A person named in the request ("gift ideas for
Jake?") is the person of the rows that name them beside their relation ("my best friend Jake ...":
:func:`resolved`).
"""

from __future__ import annotations

import numpy as np

from usermind.memory.bearing import BearingBasis, like_examples
from usermind.memory.config import MemoryConfig
from usermind.memory.people import inner_names, kin, named_people, people_in, person_stems
from usermind.memory.query import QueryInfo
from usermind.memory.text import content_terms
from usermind.memory.user_index import UserIndex

NAME_ROWS = 200  # rows read at most for each name a request may use (names are told by few rows)


def _holding(index: UserIndex, stems: list[str]) -> np.ndarray:
    """The live rows that hold any of ``stems`` (by their BM25 postings)."""
    if not stems or not len(index):
        return np.zeros(len(index), dtype=bool)
    index.lexical.prepare(stems)
    return (index.lexical.scores("", stems) > 0) & index.array("alive")


def resolved(index: UserIndex, info: QueryInfo) -> QueryInfo:
    """``info`` with the people its names stand for, where the user named them beside their relation
    ("Jake's birthday is on Friday" after "My best friend Jake ..." names the user's friend)."""
    people = set()
    for name in info.names:
        written = name[:1].upper() + name[1:]
        rows = np.flatnonzero(_holding(index, content_terms(name)))[:NAME_ROWS]
        texts = (index.rows[int(r)].text for r in rows)
        named = (named_people(t) for t in texts if written in t)
        people |= {given[name] for given in named if name in given}
    return info.model_copy(update={"people": sorted(people | set(info.people))}) if people else info


def weighs_statements(
    index: UserIndex, info: QueryInfo, query_vec: np.ndarray, basis: BearingBasis, config: MemoryConfig
) -> bool:
    """Whether the request ``info`` (people resolved) is weighed against the user's statements: one that
    names people of the user's life, or a name a statement of the user's holds, always is; one for the
    user alone when it is like the example requests (:func:`~usermind.memory.bearing.like_examples`):
    a how-to or a writing task is not ("How do I convert 30 degrees Celsius to Fahrenheit?")."""
    if info.people or like_examples(query_vec, basis.requests) >= config.verify.request_likeness:
        return True
    stated = index.array("stated")
    return any((_holding(index, content_terms(name)) & stated).any() for name in inner_names(info.text))


def weighed(
    index: UserIndex, info: QueryInfo, query_vec: np.ndarray, basis: BearingBasis, config: MemoryConfig
) -> tuple[QueryInfo, np.ndarray]:
    """The request ``info`` with its people :func:`resolved`, and the rows that may count for it: its
    :func:`bearing_mask`, or none where it :func:`weighs_statements` not (recall and verification both
    ask this)."""
    info = resolved(index, info)
    if not weighs_statements(index, info, query_vec, basis, config):
        return info, np.zeros(len(index), dtype=bool)
    return info, bearing_mask(index, info)


def bearing_mask(index: UserIndex, info: QueryInfo) -> np.ndarray:
    """The rows that may count for the request ``info`` (see the module's text), found cheaply: those
    that hold a word for its people are read by :func:`counts` only once few are left."""
    own = index.array("stated") & index.array("alive")
    if not info.people:
        return own
    said = index.array("question") < 0.5  # a turn that mostly asks says little about anyone
    people = _holding(index, person_stems(info.people)) & said
    return people if info.for_people else own | people


def counts(index: UserIndex, row: int, info: QueryInfo) -> bool:
    """Whether a row :func:`bearing_mask` picked counts for the request: what the user said about the
    people it names (for a request made for them, that alone), or the user's own statement, and never
    a statement about other people of the user's life."""
    if not info.people:  # a request for the user alone: their own statements, read from no text
        return bool(index.array("stated")[row])
    text = index.rows[row].text
    named = people_in(text)
    about = bool(named & kin(info.people))
    if info.for_people:
        return about
    return (about or bool(index.array("stated")[row])) and (not named or about)
