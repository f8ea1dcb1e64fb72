"""A cheap check of a small model's reply before the user sees it: the expected script and language,
no looping n-grams, not a copy of an earlier reply, no leaked prompt scaffolding."""

from __future__ import annotations

import re

from usermind.memory.requests import mentions_self, read_as_request
from usermind.text import content_terms

# frequent English function words: real English prose of five or more words nearly always has some
ENGLISH_WORDS = frozenset(
    """a about after all also an and any are as at be because been but by can could do does for from
    had has have he her here his how i if in into is it its just like may me more most my no not of
    on one or our out she so some than that the their them then there these they this to up us was
    we well were what when where which who why will with would you your yes sure here's it's i'm
    you're don't can't""".split()
)
_SCAFFOLD = re.compile(r"</?(?:facts|memories|persona|tool_results)>|<\|im_(?:start|end)\|>", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text)]


def ascii_letter_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isascii() for c in letters) / len(letters) if letters else 1.0


def repeated_ngram_share(tokens: list[str], n: int = 3) -> float:
    """Share of the ``n``-grams that repeat an earlier one (0 for a text without loops)."""
    grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return 1 - len(set(grams)) / len(grams) if grams else 0.0


def overlap(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def reply_problem(reply: str, *, english: bool, earlier: list[str]) -> str | None:
    """Why ``reply`` should not be shown (a short reason), or None when it passes."""
    tokens = words(reply)
    if not tokens:
        return "empty reply"
    if _SCAFFOLD.search(reply):
        return "prompt scaffolding in the reply"
    if english and ascii_letter_share(reply) < 0.95:
        return "not in the Latin script of an English reply"
    if english and len(tokens) >= 5 and sum(t in ENGLISH_WORDS for t in tokens) / len(tokens) < 0.15:
        return "does not read as English"
    if repeated_ngram_share(tokens) > 0.2:
        return "repeats itself"
    for previous in earlier:
        if len(tokens) >= 5 and overlap(tokens, words(previous)) >= 0.7:
            return "copies an earlier reply"
    return None


_ASKS = re.compile(
    r"^\s*(?:what|what's|which|who|who's|whom|whose|where|where's|when|how|is|are|am|do|does|did|have|has|"
    r"can|can't|remind me|tell me)\b",
    re.IGNORECASE,
)


def asks_about_user(message: str, request: bool | None = None) -> bool:
    """A question about the user's own information ("Remind me of my parrot's name.", "Which game do I
    play on weekends?") — not a request for advice ("What should I cook tonight?"), whose good answer
    need not repeat a remembered word.  ``request``: whether the memory system took the message for a
    request (rules and classifier); None: the wording rules decide."""
    asks = "?" in message or bool(_ASKS.match(message))
    return asks and mentions_self(message) and not read_as_request(message, request)


def ignores_memory(message: str, reply: str, facts: list[str], request: bool | None = None) -> str | None:
    """Why a reply to a question about the user ignores every kept fact, or None.  The fact's answer
    words are its content words the question does not already say ("Kiwi" for "Remind me of my parrot's
    name." and "The user's parrot's name is Kiwi"); a reply naming none of them has not used memory."""
    if not facts or not asks_about_user(message, request):
        return None
    asked = set(content_terms(message)) | {"user"}
    answers = {t for fact in facts for t in content_terms(fact)} - asked
    if not answers or answers & set(content_terms(reply)):
        return None
    return "ignores the remembered facts it was asked about"
