"""The people of the user's life a text refers to by their relation ("my sister", "our dad", "my
6-year-old son's"), each under one name for all its words ("dad", "father", "papa" are ``father``).
Pure: no I/O.

A request made for someone the user knows ("What should I get my sister for her birthday?") needs what
the user said about that person ("My sister is a keen gardener and hates anything pink."), not the
user's own preferences; these names let recall and verification find those statements."""

from __future__ import annotations

import re

from usermind.memory.text import content_terms

# one name -> the words that refer to that person (singular and plural)
RELATIONS: dict[str, tuple[str, ...]] = {
    "mother": (
        "mother",
        "mom",
        "mum",
        "mommy",
        "mummy",
        "mama",
        "mamma",
        "ma",
        "stepmom",
        "stepmum",
        "stepmother",
    ),
    "father": ("father", "dad", "daddy", "papa", "pa", "stepdad", "stepfather"),
    "parents": ("parents", "folks"),
    "sister": ("sister", "sisters", "sis", "stepsister"),
    "brother": ("brother", "brothers", "bro", "stepbrother"),
    "sibling": ("sibling", "siblings"),
    "son": ("son", "sons", "stepson", "boy", "boys"),
    "daughter": ("daughter", "daughters", "stepdaughter", "girl", "girls"),
    "children": (
        "kid",
        "kids",
        "child",
        "children",
        "toddler",
        "toddlers",
        "baby",
        "babies",
        "twins",
        "eldest",
        "youngest",
        "little ones",
        "stepkids",
    ),
    "grandchildren": (
        "grandchildren",
        "grandkids",
        "grandson",
        "granddaughter",
        "grandsons",
        "granddaughters",
    ),
    "wife": ("wife",),
    "husband": ("husband", "hubby"),
    "partner": (
        "partner",
        "spouse",
        "boyfriend",
        "girlfriend",
        "fiance",
        "fiancé",
        "fiancee",
        "fiancée",
        "other half",
    ),
    "grandmother": ("grandmother", "grandma", "granny", "gran", "nana", "nan", "grandmom", "grandmum"),
    "grandfather": ("grandfather", "grandpa", "granddad", "grandad", "gramps"),
    "grandparents": ("grandparents",),
    "mother-in-law": ("mother-in-law",),
    "father-in-law": ("father-in-law",),
    "sister-in-law": ("sister-in-law",),
    "brother-in-law": ("brother-in-law",),
    "in-laws": ("in-laws",),
    "aunt": ("aunt", "aunts", "auntie"),
    "uncle": ("uncle", "uncles"),
    "niece": ("niece", "nieces"),
    "nephew": ("nephew", "nephews"),
    "cousin": ("cousin", "cousins"),
    "friend": ("friend", "friends", "buddy", "pal", "bestie", "mate", "mates"),
    "boss": ("boss", "manager"),
    "colleague": ("colleague", "colleagues", "coworker", "coworkers", "co-worker", "co-workers"),
    "roommate": ("roommate", "roommates", "flatmate", "flatmates", "housemate", "housemates"),
    "neighbour": ("neighbour", "neighbours", "neighbor", "neighbors"),
    "teacher": ("teacher", "teachers"),
}
# a name for several people -> the people it covers: what is said of "our kids" holds for "my son", and a
# request for "my parents" concerns what was said of "Mum"
GROUPS: dict[str, frozenset[str]] = {
    "children": frozenset({"son", "daughter"}),
    "parents": frozenset({"mother", "father"}),
    "sibling": frozenset({"sister", "brother"}),
    "grandparents": frozenset({"grandmother", "grandfather"}),
    "in-laws": frozenset({"mother-in-law", "father-in-law", "sister-in-law", "brother-in-law"}),
    "partner": frozenset({"wife", "husband"}),
}
_NAME_OF = {word: name for name, words in RELATIONS.items() for word in words}
_WORDS = "|".join(sorted((re.escape(w) for w in _NAME_OF), key=len, reverse=True))
# "my sister", "our two kids", "my little brother's", "my 6-year-old son", "my best friend"
_RELATION = rf"(?i:\b(?:my|our)\s+(?:[\w'-]+\s+){{0,2}}?({_WORDS}))"
_MENTION = re.compile(rf"{_RELATION}(?:['\u2019]s?)?(?![\w-])", re.IGNORECASE)
# a person's own name beside the relation: "my colleague Jürgen", "our neighbour, Mrs Park", "Jake, my
# roommate," (the name capitalised, the rest in any case)
_NAMED = re.compile(
    rf"{_RELATION},?\s+(?:(?i:mr|mrs|ms|dr)\.?\s+)?([A-Z][\w'-]+)|\b([A-Z][\w'-]+),\s+{_RELATION}(?![\w-])"
)
_NAME = re.compile(r"\b[A-Z][\w-]{2,}")  # a capitalised word: a name only if the user gave it as one
_SENTENCE_START = r"(?:^|[.!?]\s+)"  # where a sentence starts: its first word is capitalised whatever it is
_STARTS_HERE = re.compile(rf"{_SENTENCE_START}$")


def named_people(text: str) -> dict[str, str]:
    """The people ``text`` names with their relation to the user: {name in lower case: relation}."""
    out = {}
    for m in _NAMED.finditer(text):
        relation, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        out[name.lower().removesuffix("'s")] = _NAME_OF[relation.lower()]
    return out


def names_in(text: str) -> frozenset[str]:
    """The capitalised words of ``text`` that may be names (lower case): which are is told by the rows
    that name someone beside a relation (:func:`named_people`)."""
    return frozenset(m.group(0).lower() for m in _NAME.finditer(text))


def inner_names(text: str) -> frozenset[str]:
    """The capitalised words of ``text`` that no sentence starts with (lower case): "Sue" in "End of
    year present for Sue?"; a sentence's first word is capitalised whatever it is."""
    return frozenset(
        m.group(0).lower() for m in _NAME.finditer(text) if not _STARTS_HERE.search(text[: m.start()])
    )


# said without "my" the relation is the user's all the same: a sentence that opens with it ("Brother's
# allergic to cats.", "Dad got diagnosed ...") or a parent's word written as a name ("a cake for Mum's
# birthday", "Uncle Pete turns 60"); not words that open a sentence as an exclamation ("Boy, ...")
_LOOSE = frozenset(
    {"boy", "boys", "girl", "girls", "baby", "babies", "ma", "pa", "mate", "mates", "pal", "bro", "sis"}
)
_OPENING = re.compile(rf"{_SENTENCE_START}({_WORDS})(?:['\u2019]s?)?(?![\w-])", re.IGNORECASE)
_AS_NAME = re.compile(
    r"\b(Mum|Mom|Mommy|Mummy|Mama|Dad|Daddy|Papa|Grandma|Grandpa|Granny|Gran|Grandad|Granddad|Nana|Nan|"
    r"Gramps|Uncle|Aunt|Auntie)(?:['\u2019]s?)?(?![\w-])"
)


def people_in(text: str) -> frozenset[str]:
    """The names of the people ``text`` refers to as the user's own: "my"/"our" and a relation, a
    sentence that opens with a relation, or a parent's word written as a name (``_LOOSE``, above)."""
    words = [m.group(1) for m in _MENTION.finditer(text)] + [m.group(1) for m in _AS_NAME.finditer(text)]
    words += [w for m in _OPENING.finditer(text) if (w := m.group(1)).lower() not in _LOOSE]
    return frozenset(_NAME_OF[w.lower()] for w in words)


def kin(names: frozenset[str] | set[str] | list[str]) -> frozenset[str]:
    """``names`` with the groups they belong to and the people of those that are groups ("son" ->
    "son", "children"; "parents" -> "parents", "mother", "father")."""
    named = set(names)
    return frozenset(
        named
        | {group for group, members in GROUPS.items() if members & named}
        | {member for group in named for member in GROUPS.get(group, ())}
    )


def words_for(names: frozenset[str] | set[str] | list[str]) -> list[str]:
    """Every word that refers to the people ``names``."""
    return sorted({word for name in names for word in RELATIONS.get(name, ())})


def person_stems(names: frozenset[str] | set[str] | list[str]) -> list[str]:
    """The index stems of every word for the people ``names`` and their :func:`kin`: what finds the
    rows about them in a user's memory (SQLite's postings, Postgres's ``lex``)."""
    return content_terms(" ".join(words_for(kin(names))))
