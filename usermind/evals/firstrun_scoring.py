"""Scoring of ``usermind eval firstrun`` replies, independent of the agent's own reply check: English
(Latin letters and common English words), non-degenerate (not empty, not looping, not a copy of an
earlier reply in the run, not a wall of text) and naming the remembered thing when one is expected."""

from __future__ import annotations

import re

from pydantic import BaseModel

COMMON_ENGLISH = frozenset(
    """the be to of and a in that have i it for not on with he as you do at this but his by from they we
    say her she or an will my one all would there their what so up out if about who get which go me
    when make can like time no just him know take people into year your good some could them see other
    than then now look only come its over think also back after use two how our work first well way
    even new want because any these give day most us is are was were has had been am does did here
    where yes sure try maybe may might should must very really more many much great nice help lot
    thing things place places food eat enjoy love live lives named name called call city favorite
    favourite play plays hello hi noted remember told know tonight today morning something dinner""".split()
)
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+", re.UNICODE)
MAX_WORDS = 80


class ReplyScore(BaseModel):
    english: bool
    non_degenerate: bool
    names_remembered: bool | None  # None when nothing is expected
    good: bool


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def is_english(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isascii() for c in letters) / len(letters) < 0.97:
        return False
    words = [t for t in _tokens(text) if not t.isdigit()]
    if len(words) < 4:
        return True
    return sum(w in COMMON_ENGLISH for w in words) / len(words) >= 0.2


def is_degenerate(text: str, earlier: list[str]) -> bool:
    tokens = _tokens(text)
    if not tokens or text.strip() in {"(no answer)", ""} or len(tokens) > MAX_WORDS:
        return True
    trigrams = list(zip(tokens, tokens[1:], tokens[2:], strict=False))
    if trigrams and len(set(trigrams)) / len(trigrams) < 0.8:
        return True
    return any(text.strip().lower() == e.strip().lower() for e in earlier)


def names_any(text: str, expect: list[str]) -> bool | None:
    if not expect:
        return None
    low = text.lower()
    return any(e.lower() in low for e in expect)


def score_reply(text: str, expect: list[str], earlier: list[str]) -> ReplyScore:
    english = is_english(text)
    clean = not is_degenerate(text, earlier)
    named = names_any(text, expect)
    return ReplyScore(
        english=english,
        non_degenerate=clean,
        names_remembered=named,
        good=english and clean and named is not False,
    )
