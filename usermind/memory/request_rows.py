"""Which of a user's memories a request's bearing ranks (:func:`usermind.memory.recall.bearing`):

* a request for the user themselves: their stated preferences and constraints (household statements
  included: "My partner and I are vegan.");
* ... that names people of the user's life ("Where should I take my boss for lunch?", "Weekend ideas
  with my sister?"): also what the user said about those people, and no statement about anyone else
  ("My dad is diabetic." has no say in the boss's lunch);
* a request made for someone the user knows ("What should I get my sister for her birthday?"): what the
  user said about that person alone.

Rows about people are found through the BM25 postings of every word for them (:mod:`.people`), then read;
a group and its members are one another's ("our kids" for "my son", "Mum" for "my parents").  A person
named in the request ("gift ideas for Jake?") is the person of the rows that name them beside their
relation ("my best friend Jake ...": :func:`resolved`).
"""

from __future__ import annotations

import numpy as np

from usermind.memory.people import kin, named_people, people_in, words_for
from usermind.memory.query import QueryInfo
from usermind.memory.text import content_terms
from usermind.memory.user_index import UserIndex


def person_mask(index: UserIndex, people: list[str]) -> np.ndarray:
    """The live rows that say something about ``people`` (named as the user's own: "my sister"), not
    asking."""
    mask = np.zeros(len(index), dtype=bool)
    asked = kin(people)
    stems = content_terms(" ".join(words_for(asked)))
    if not stems or not len(index):
        return mask
    index.lexical.prepare(stems)
    said = index.array("question") < 0.5  # a turn that mostly asks says little about anyone
    found = np.flatnonzero((index.lexical.scores("", stems) > 0) & index.array("alive") & said)
    mask[[int(r) for r in found if people_in(index.rows[int(r)].text) & asked]] = True
    return mask


def resolved(index: UserIndex, info: QueryInfo) -> QueryInfo:
    """``info`` with the people its names stand for, where the user named them beside their relation
    ("Jake's birthday is on Friday" after "My best friend Jake ..." names the user's friend)."""
    stems = content_terms(" ".join(info.names))
    if not stems or not len(index):
        return info
    index.lexical.prepare(stems)
    found = np.flatnonzero((index.lexical.scores("", stems) > 0) & index.array("alive"))
    asked = set(info.names)
    people = {
        relation
        for r in found
        for name, relation in named_people(index.rows[int(r)].text).items()
        if name in asked
    }
    return info.model_copy(update={"people": sorted(people | set(info.people))}) if people else info


def bearing_mask(index: UserIndex, info: QueryInfo) -> np.ndarray:
    """The rows whose bearing on the request ``info`` counts (see the module's text); before
    :func:`concerns` sets aside the statements about other people."""
    if info.for_people:
        return person_mask(index, info.people)
    own = index.array("stated") & index.array("alive")
    return own | person_mask(index, info.people) if info.people else own


def concerns(text: str, info: QueryInfo) -> bool:
    """False for a statement about people of the user's life other than those a request names (when it
    names any)."""
    if not info.people:
        return True
    named = people_in(text)
    return not named or bool(named & kin(info.people))
