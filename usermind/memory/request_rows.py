"""Which of a user's memories a request's bearing ranks (:func:`usermind.memory.recall.bearing`):

* a request for the user themselves: their stated preferences and constraints (household statements
  included: "My partner and I are vegan.");
* ... that names people of the user's life ("Where should I take my boss for lunch?", "Weekend ideas
  with my sister?"): also what the user said about those people, and no statement about anyone else
  ("My dad is diabetic." has no say in the boss's lunch);
* a request made for someone the user knows ("What should I get my sister for her birthday?"): what the
  user said about that person alone; where the user has said nothing about them, the request is read
  as the user's own (:func:`shared`: "My roommate just got a PS5. What should I try on it?").

Rows about people are found through the BM25 postings of every word for them (:mod:`.people`), and read
only once the densest few hundred are left (:func:`counts`); a group and its members are one another's
("our kids" for "my son", "Mum" for "my parents").  A person named in the request ("gift ideas for
Jake?") is the person of the rows that name them beside their relation ("my best friend Jake ...":
:func:`resolved`).
"""

from __future__ import annotations

import re

import numpy as np

from usermind.memory.bearing import BearingBasis, like_examples
from usermind.memory.config import MemoryConfig
from usermind.memory.passing import asking_part
from usermind.memory.people import inner_names, kin, named_people, people_in, person_stems
from usermind.memory.query import QueryInfo
from usermind.memory.requests import about_other
from usermind.memory.text import content_terms
from usermind.memory.user_index import UserIndex

NAME_ROWS = 200  # rows read at most for each name a request may use (names are told by few rows)
PEOPLE_ROWS = 200  # rows read at most to tell whether the user has said anything about a request's people
_USER_IN_IT = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|me|myself|we|we're|we've|we'll|us|our|ours)\b", re.IGNORECASE
)
# "my brother's wedding", "our parents' anniversary": their occasion, which the user is part of
_THEIR_EVENT = re.compile(r"\b(?:my|our)\s+(?:[\w-]+\s+)?[\w-]+(?:'s|s')(?=\s)", re.IGNORECASE)
_THIRD_PERSON = re.compile(r"\b(?:he|she|they|him|her|them|his|hers|their|theirs)\b", re.IGNORECASE)


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
    mask = bearing_mask(index, info)
    if info.for_people and asks_for_self(info.text) and not _any_counts(index, mask, info):
        info = shared(info)  # asked for the user too, nothing said about them: weighed as the user's own
        mask = bearing_mask(index, info)
    return info, mask


def asks_for_self(text: str) -> bool:
    """Whether a message that names other people asks for the user too: it speaks of the user as one
    who does or gets something ("I", "we", "us", "our": "What should I try on it?", "Pick something for
    us.", "I'm hosting a cookout for my coworkers."), and its asking part of nobody else ("What should I
    cook for my colleague?", "what supplies does she need?"); an event of theirs is the user's occasion
    ("Where should I buy a suit for my brother's wedding?")."""
    ask = _THEIR_EVENT.sub("the", asking_part(text))
    return bool(_USER_IN_IT.search(text)) and not about_other(ask) and not _THIRD_PERSON.search(ask)


def shared(info: QueryInfo) -> QueryInfo:
    """A request that names people the user has said nothing about, asked for the user too ("My
    roommate just got a PS5. What should I try on it?", "The teens want a movie night. Pick something
    for us."), read as the user's own: their own statements may bear on it (none about anyone else)."""
    return info.model_copy(update={"about_other": False})


def _any_counts(index: UserIndex, mask: np.ndarray, info: QueryInfo) -> bool:
    """Whether any of the rows ``mask`` picks :func:`counts` for the request (of the first ``PEOPLE_ROWS``),
    the request itself left out (it is stored before it is recalled for)."""
    rows = (int(r) for r in np.flatnonzero(mask)[:PEOPLE_ROWS])
    return any(index.rows[r].text != info.text and counts(index, r, info) for r in rows)


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
