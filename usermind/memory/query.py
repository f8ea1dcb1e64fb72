"""Query analysis: speaker mentions, the text to embed, and whether a message is about the user."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import BaseModel

from usermind.memory.people import names_in, people_in
from usermind.memory.requests import about_other, is_recall, is_request, is_stated
from usermind.memory.text import content_terms, words

if TYPE_CHECKING:
    import numpy as np

    from usermind.memory.kinds import MessageKinds

# Patterns that tie a message to the user's own life (first person, past events, memory talk).
_PERSONAL = re.compile(
    r"\b(?:my|mine|myself|our|ours|we|us|remember|recall|mentioned|told you|last time|"
    r"(?:am|do|did|was|were|have|had|don't|didn't|haven't) i|"
    r"i (?:did|went|was|got|used to|said|told|mentioned|bought|visited|tried|started|finished|met|made|"
    r"lost|adopted|moved|live|work|like|love|hate|prefer|usually|always|never))\b",
    re.IGNORECASE,
)
# First-person phrases that only frame a generic request ("how do I ...", "I'm curious ...").
_GENERIC_I = re.compile(
    r"\b(?:how (?:do|can|should|would) i|can i|could i|should i|i(?:'m| am) (?:curious|wondering|interested)|"
    r"i wonder|i(?:'d| would) like to (?:know|learn|understand)|i want to (?:know|learn|understand)|"
    r"i need (?:to know|to understand|help with|some (?:advice|tips|help)))\b",
    re.IGNORECASE,
)
_MEMORY_CLAIM = re.compile(
    r"\b(?:remember (?:when|that|how|the time)|(?:as|like) i (?:told|said to|mentioned to) you|"
    r"(?:as|like) i (?:said|mentioned)|i (?:told|mentioned to) you (?:that|about)|you know how i)\b\s*(.*)",
    re.IGNORECASE,
)


_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")


class QueryInfo(BaseModel):
    text: str
    dense_text: str = ""
    speakers: list[str]
    personal: bool
    claim: str | None = None
    request: bool = False
    about_other: bool = False
    people: list[str] = []  # the people of the user's life it names (:mod:`.people`)
    names: list[str] = []  # its capitalised words that may be people's names (lower case)

    @property
    def wants_preferences(self) -> bool:
        """A request for the user themselves: their stated preferences and constraints may bear on it."""
        return self.request and not self.about_other and not self.speakers

    @property
    def for_people(self) -> bool:
        """A request for someone the user knows ("a gift for my sister"): what the user said about that
        person may bear on it."""
        return self.request and self.about_other and bool(self.people) and not self.speakers

    @property
    def wants_bearing(self) -> bool:
        """Statements are ranked by how they bear on this request (its user's or the people's)."""
        return self.wants_preferences or self.for_people


def mentioned_speakers(text: str, speakers: set[str]) -> list[str]:
    """Known speakers the text names, possessives ("Caroline's") and short forms ("Mel") included."""
    tokens = {w.removesuffix("'s") for w in words(text)}
    capitalised = {w.lower() for w in _NAME.findall(text)}
    found = []
    for speaker in speakers:
        first = speaker.lower().split()[0] if speaker and speaker.split() else ""
        if first and (first in tokens or any(first.startswith(t) for t in capitalised)):
            found.append(speaker)
    return sorted(found)


def without_speakers(text: str, speakers: list[str]) -> str:
    """``text`` with the named speakers' names (short forms and possessives too) taken out: the text
    embedded for dense search.  A name weighs heavily in a sentence embedding, so "What did Melanie
    paint?" would otherwise favour every turn that greets Melanie; the speaker signal is scored apart."""
    firsts = {speaker.split()[0].lower() for speaker in speakers if speaker.split()}
    if not firsts:
        return text

    def names_one(token: str) -> bool:
        word = token.strip('.,!?;:"()').removesuffix("'s").removesuffix("\u2019s")
        short = word[:1].isupper() and len(word) >= 3  # "Mel" for Melanie, as in mentioned_speakers
        return any(word.lower() == f or (short and f.startswith(word.lower())) for f in firsts)

    stripped = " ".join(token for token in text.split() if not names_one(token))
    return stripped if content_terms(stripped) else text


def is_personal(text: str, speakers: list[str]) -> bool:
    """True when the message refers to the user (or a known speaker) rather than asking in general."""
    if speakers:
        return True
    residue = _GENERIC_I.sub(" ", text)
    return bool(_PERSONAL.search(residue))


def memory_claim(text: str) -> str | None:
    """The claimed shared memory in "remember when I ..." style messages, if any."""
    m = _MEMORY_CLAIM.search(text)
    if not m:
        return None
    claim = m.group(1).strip(" ?.!")
    return claim if len(claim.split()) >= 2 else None


def analyse(text: str, speakers: set[str]) -> QueryInfo:
    named = mentioned_speakers(text, speakers)
    other = not named and about_other(text)
    return QueryInfo(
        text=text,
        dense_text=without_speakers(text, named),
        speakers=named,
        personal=is_personal(text, named) and not other,
        claim=memory_claim(text),
        request=is_request(text),
        about_other=other,
        people=sorted(people_in(text)),
        names=sorted(names_in(text)),
    )


def learned_request(info: QueryInfo, is_request_vector, vector) -> QueryInfo:
    """``info`` marked a request where the rules missed one that ``is_request_vector(text, vector)`` (the
    message-kind classifier over the message and its embedding) recognises; never a question about the user's
    own past, a message about someone else, one that names a known speaker, or a statement the user makes
    about themselves ("I'm really into mid-century modern." reads much like a request to the classifier)."""
    if info.request or info.about_other or info.speakers or is_recall(info.text) or is_stated(info.text):
        return info
    return info.model_copy(update={"request": True}) if is_request_vector(info.text, vector) else info


def learned_statement(info: QueryInfo, is_statement_vector, vector) -> QueryInfo:
    """``info`` no longer a request where the wording rules read one in a statement the user makes about
    themselves ("Needles make me faint." is worded like "Make me a playlist.") and the message-kind
    classifier (``is_statement_vector(text, vector)``) reads a statement."""
    if not info.request or not is_stated(info.text):
        return info
    return info.model_copy(update={"request": False}) if is_statement_vector(info.text, vector) else info


def with_kinds(info: QueryInfo, kinds: MessageKinds | None, vector_of: Callable[[], np.ndarray]) -> QueryInfo:
    """``info`` (the wording rules' reading) with the message-kind classifier's say, where it has one: a
    request the rules missed (:func:`learned_request`), or a statement about the user they took for one
    (:func:`learned_statement`).  ``vector_of()``: the message's embedding, asked for only then."""
    if kinds is None or (info.request and not is_stated(info.text)):
        return info
    if info.request:
        return learned_statement(info, kinds.is_statement, vector_of())
    return learned_request(info, kinds.is_request, vector_of())
