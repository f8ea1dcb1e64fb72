"""Statements made in passing, in a message that asks something else ("I'm allergic to shellfish. Any
restaurant ideas in Boston?"): which parts of such a message say something lasting about the user
(pure, LLM-free; the kinds of whole messages are :mod:`usermind.memory.requests`').

* :func:`states_in_passing` / :func:`passing_statements`: a part in the first person ("I", "my", "me") or
  about the user's household, read by the wording rules: the turn is stored as a statement;
* :func:`elided_parts`: a sentence with the subject left out ("Celiac here."), which the message-kind
  classifier judges at consolidation (:mod:`usermind.memory.extraction.passing`).
"""

from __future__ import annotations

import re

from usermind.memory.requests import (
    SELF,
    asks_assistant,
    is_recall,
    is_request,
    is_stated,
    may_state,
    mentions_self,
    states_household,
)

# Where a message that asks something may also say something about the user, in a part of its own: its
# sentences (or what a dash or parentheses set apart), and within one, a "since / as / because ..." clause
# before or after the ask, or what precedes a comma and a question ("I'm vegan, what should I cook?").
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\s+[-\u2013\u2014]+\s+|\s+\(|\)")
_QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d")  # text given to work on, not said of oneself
_CLAUSE_END = re.compile(
    r",\s*(?:so|because|since|as)\s+|\s+(?:because|since|given that)\s+|"
    r",\s*(?=(?:so\s+)?(?:what|which|where|how|when|who|can|could|would|should|any|is|are|do|does)\b)",
    re.IGNORECASE,
)
_LEADING_REASON = re.compile(
    r"^\s*(?:since|because|given that)\s+(?P<reason>[^,?]{6,}?),\s*\S", re.IGNORECASE
)
# "As a diabetic, ...", "As someone with ADHD, ...", "Being vegan, ...": who the user is.
_IDENTITY = re.compile(
    r"^\s*(?P<who>(?:as|being)\s+(?:a|an|someone|somebody|one|a person)\s+[^,?]{2,60}),\s*\S",
    re.IGNORECASE,
)
_I_OR_WE = re.compile(r"\b(?:i|i'm|i've|i'd|we|we're|we've)\b", re.IGNORECASE)
# "Crowds give me anxiety.", "Winding roads make me carsick.": a cause, not a command ("Give me ...",
# "Can you make me ...", asked at the start or of the assistant).
_CAUSES_ME = re.compile(
    r"(?<=\w)(?<!\byou)(?<!\bplease)\s+(?:give|gives|gave|make|makes|made|get|gets)\s+me\b", re.IGNORECASE
)
_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
# A plan or an event with its date ("My sister's wedding is next month.", "Exam in three weeks."): the
# context of the ask it comes with, not something lasting about the user.
_DATED = re.compile(
    rf"\b(?:today|tonight|tomorrow|yesterday|this (?:morning|afternoon|evening)|{_DAYS}s?|"
    rf"(?:this|next|last|coming) (?:week|weekend|month|year|season|summer|winter|spring|fall|autumn)|"
    rf"(?:in|by|for|this|next|late|early|mid-?) ?{_MONTHS}|the new year|"
    r"in (?:a|an|one|two|three|four|five|six|a few|a couple of|\d+) (?:days?|weeks?|months?)|"
    r"(?:days?|weeks?|months?) away)\b",
    re.IGNORECASE,
)


def _plain(text: str) -> str:
    """The message without quoted text (given to work on, not said of oneself), its spaces collapsed."""
    return " ".join(_QUOTED.sub(" ", text).split())


def _sentences(plain: str) -> list[str]:
    """The sentences of a :func:`_plain` message (and what a dash or parentheses set apart)."""
    return [s.strip() for s in _SENTENCE_END.split(plain) if s and s.strip()]


def _asks(text: str) -> bool:
    """The message asks something: a question, a request, or words to the assistant."""
    return "?" in text or is_request(text) or asks_assistant(text)


def _clauses(sentences: list[str]) -> list[str]:
    """The clauses of ``sentences``: each split where a reason or a question is joined by a comma."""
    return [c.strip() for s in sentences for c in _CLAUSE_END.split(s) if c and c.strip()]


def asking_part(text: str) -> str:
    """The part of a message that asks (its last sentence or clause that asks: "What should I try on
    it?" of "My roommate just got a PS5. What should I try on it?"); the whole message when none does."""
    asking = [c for c in _clauses(_sentences(_plain(text))) if _asks(c)]
    return asking[-1] if asking else text


def _asks_nothing(sentence: str) -> bool:
    """A sentence that neither asks nor gives a date (a plan's date makes it the ask's context)."""
    return may_state(sentence) and not is_request(sentence) and not _DATED.search(sentence)


def states_in_passing(text: str) -> bool:
    """True for a message that asks something and, in a part of its own, says something lasting about the
    user ("I'm allergic to shellfish. Any restaurant ideas in Boston?", "Since my flat is tiny, what paint
    finish works best?", "As a diabetic, what snacks can I take on a hike?", "What's a decent laptop
    stand? Crowded offices stress me out."): see :func:`passing_statements`.  Not a message that asks
    nothing: that is a statement of its own."""
    if not mentions_self(text) and not _IDENTITY.search(text):  # no part can speak of the user
        return False
    return bool(passing_statements(text)) and _asks(text)


def passing_statements(text: str) -> list[str]:
    """The parts of a message that asks something which are plain statements about the user or their
    household, asking nothing.  A sentence of its own may speak of the user as "my" or "me"; a clause
    joined to the ask by a comma must have the user as its subject ("I", "we"): "My laptop won't start,
    how do I fix it?" asks about a thing.  A request that only gives its own need ("I need a look for a
    gala. Any ideas?") has none.  Subjects left out ("Celiac here.") are not read: the message-kind
    classifier judges whole messages only."""
    text = _plain(text)
    identity = _IDENTITY.search(text)
    if identity:
        return [identity.group("who")]
    sentences = _sentences(text)
    lead = _LEADING_REASON.search(text)
    if lead and _plain_statement(lead.group("reason"), SELF):
        return [lead.group("reason").strip()]
    if len(sentences) > 1:
        found = [s for s in sentences if _plain_statement(s, SELF)]
        if found:
            return found
    clauses = _clauses(sentences)
    return [c for c in clauses if _plain_statement(c, _I_OR_WE)] if len(clauses) > 1 else []


def _plain_statement(part: str, subject: re.Pattern[str]) -> bool:
    """A part of a message that states something about the user (a word of ``subject`` in it) or their
    household, and asks nothing, nor gives a date (a plan's date makes it the ask's context)."""
    if _DATED.search(part):
        return False
    if not subject.search(part):
        return states_household(part)
    asks = is_request(_CAUSES_ME.sub(" ", part))
    return is_stated(part) and not asks and not is_recall(part)


# A sentence with a subject of its own, someone or something else ("That sounds awesome.", "It's great to
# see.", "He's been great."), a word to the other ("your work"), or a remark ("Wow, congrats!", "Great to
# hear."): not the user's, whatever the classifier makes of so short a piece.
_NOT_ELIDED = re.compile(
    r"^\W*(?:it|it's|its|that|that's|this|these|those|there|there's|here's|he|he's|she|she's|they|they're|"
    r"everyone|everybody|someone|somebody|nothing|everything|what|wow|oh|ah|aw+|haha\w*|lol|omg|yay|yes|"
    r"yeah|ok|okay|well|so|congrats|congratulations|thanks|thank|great|nice|glad|cool|awesome|amazing|"
    r"sounds|looks|seems|hope|hey|hi|hello|good|sorry|welcome|cheers|anyway|same|long time|nope|not really|"
    r"not recently|not yet|definitely|totally|sure|true|exactly|indeed|agreed|of course|no worries|"
    r"no problem|bummer|cute|lovely|wonderful|fantastic|beautiful|truly)\b|\b(?:you|your|yours|"
    r"yourself|ya|u|ur)\b",
    re.IGNORECASE,
)

# A subject of its own before the verb ("Kickboxing is a great workout.", "The graphics are awesome.",
# "Taking small steps can help."): a remark about something, not the user with the subject left out
# ("Allergic to penicillin.", "Can't drive a manual.", "Been to Rome once.", "Linux user here.").
_OWN_SUBJECT = re.compile(
    r"^\W*[\w-]+(?:\s+[\w'-]+){0,5}?(?:['\u2019](?:s|re)\b|\s+(?:is|are|was|were|can|can't|could|will|won't|"
    r"would|should|must|might|may|does|doesn't|do|did|has|have|had|seems?|feels?|makes?|helps?|gets?|"
    r"looks?|sounds?|really)\b)",
    re.IGNORECASE,
)


def elided_parts(text: str) -> list[str]:
    """The sentences of a message that asks something which may be statements about the user with the
    subject left out ("Celiac here. How do I sharpen knives?", "Allergic to penicillin. Also, how often
    should I replace my toothbrush?"): no question nor ask, not about someone else, no date, and no
    first-person word (those the rules read: :func:`passing_statements`).  Whether each is a statement is
    the message-kind classifier's call (:mod:`usermind.memory.extraction.passing`)."""
    text = _plain(text)
    if not _asks(text):
        return []
    sentences = _sentences(text)
    if len(sentences) < 2:
        return []
    return [
        s
        for s in sentences
        if len(s.split()) >= 2
        and not s.endswith("!")  # an exclamation: a remark ("Truly inspiring!", "Take lots of pics!")
        and not mentions_self(s)
        and not _NOT_ELIDED.search(s)
        and not _OWN_SUBJECT.search(s)
        and _asks_nothing(s)
    ]


def said_around(text: str, part: str) -> str:
    """The statement ``part`` (one of :func:`elided_parts`) belongs to: it and the sentences next to it
    that ask nothing either ("Can't drive a manual. Never learned. What's a good car wash soap?" ->
    "Can't drive a manual. Never learned."), so that a fragment keeps what it speaks of."""
    text = _plain(text)
    sentences = _sentences(text)
    if part not in sentences:
        return part
    at = sentences.index(part)
    says = [_asks_nothing(s) for s in sentences]
    start, end = at, at + 1
    while start > 0 and says[start - 1]:
        start -= 1
    while end < len(sentences) and says[end]:
        end += 1
    first = text.find(sentences[start])  # the words as written, with the dashes between them
    last = text.find(sentences[end - 1], first) + len(sentences[end - 1])
    return text[first:last] if 0 <= first < last else part
