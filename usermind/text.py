"""Text normalisation: word tokens, stop words and a light stemmer, shared by lexical
recall, verification and persona inference."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before being
    below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
    during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here
    here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself
    let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves
    out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their
    theirs them themselves then there there's these they they'd they'll they're they've this those through
    to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when when's
    where where's which while who who's whom why why's with won't would wouldn't you you'd you'll you're
    you've your yours yourself yourselves s t just also really yeah oh hey hi wow yes ok okay so thanks
    thank much lot got get gets getting like will would one ever something anything things thing""".split()
)

_SUFFIXES = ("ings", "ing", "edly", "ed", "ies", "es", "s", "ly")


@lru_cache(maxsize=1 << 16)  # recall stems the same few thousand words over and over
def stem(word: str) -> str:
    """A tiny suffix stripper: enough to match ``paint``/``painted``/``painting``."""
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix == "ies":
                return base + "y"
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "ls":
                base = base[:-1]  # running -> run
            return base
    return word


def words(text: str) -> list[str]:
    """Lower-cased word tokens, stop words included."""
    return _WORD.findall(text.lower())


def content_terms(text: str) -> list[str]:
    """Stemmed content words: the unit of lexical matching."""
    return terms_of(words(text))


def terms_of(tokens: list[str]) -> list[str]:
    """:func:`content_terms` of text already split by :func:`words`."""
    return [stem(w) for w in tokens if w not in STOPWORDS and len(w) > 1]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A question that also says something about the asker ("My daughter turns six next week, what should I
# get her?") carries a fact: it does not count as asking.
_TELLS = re.compile(
    r"\b(?:my|our|i'm|i am|i've|i have|i had|i was|i just|we're|we've|we were|we had|we just)\b",
    re.IGNORECASE,
)


def question_share(text: str) -> float:
    """Share of the words of ``text`` in sentences that only ask (end with a question mark and say nothing
    about the asker): 1.0 for "What are their names?", small for a statement with a short question after
    it, 0.0 for "My daughter turns six next week, what should I get her?"."""
    if "?" not in text:
        return 0.0
    asked = sum(
        len(sentence.split())
        for sentence in _SENTENCE_END.split(text.strip())
        if sentence.rstrip().endswith("?") and not _TELLS.search(sentence)
    )
    return asked / len(text.split())


def estimate_tokens(text: str) -> int:
    """A cheap token count (about 0.75 words per token) for context-size reporting."""
    return max(1, round(len(text.split()) / 0.75))
