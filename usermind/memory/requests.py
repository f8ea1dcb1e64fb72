"""What kind of message this is, and what kind of memory that is (pure, LLM-free).

* a *request* asks the assistant for a recommendation, plan, choice or advice ("Suggest a dinner place
  for tonight.", "What should I get?"), first person or not: the user's stated preferences and
  constraints may bear on the answer;
* a request *about someone else* ("My cousin is looking for ways to ...", "What should I get my
  boss?") is answered for that person, not from the user's own preferences;
* a *stated* memory is something the user said about themselves in a statement (a preference,
  constraint, allergy, habit, dislike, circumstance) rather than a question or a request.
"""

from __future__ import annotations

import re

_REQUEST = re.compile(
    r"\b(?:recommend\w*|suggest\w*|advi[cs]e|tips?|ideas?|itinerary|"
    r"(?:what|where|which|how|when)\b[^.?!]{0,40}?\b(?:should|could|can|would)\s+(?:i|we)\b|"
    r"how do (?:i|we)\b|"
    r"(?:what|which|where)(?:'s| is| are)?\s+(?:the\s+|a\s+|some\s+)?"
    r"(?:best|good|great|nice|cheapest|easiest|fun)\b|"
    r"(?:best|good|great|easiest|cheapest) (?:way|ways|place|places|spot|spots|option|options|one|ones)\b|"
    r"worth (?:it|\w+ing)\b|must-(?:try|see|do|visit|read|have)\b|"
    r"(?:would|will|is|are)\s+(?:be\s+)?(?:good|best|great|ideal|suitable|right)\s+(?:for|to)\b|"
    r"(?:can|could|would) you (?:find|pick|choose|help|give|make|create|plan|put together|write me)\b|"
    r"help me (?:\w+ )?(?:pick|choose|find|plan|decide|decorate|organi[sz]e)|"
    r"(?:give|find|make|get|show) me\b|"
    r"i(?:'m| am) (?:looking for|trying to (?:find|decide|choose|pick))|"
    r"i (?:need|want) (?:a|an|some|to (?:find|buy|get|pick|choose|plan))\b)",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(
    r"^\s*(?:please\s+)?"
    r"(?:plan|create|design|build|pick|choose|find|organi[sz]e|propose|list|name|put together)\b",
    re.IGNORECASE,
)
_OTHERS = (
    r"(?:friends?|cousins?|sisters?|brothers?|siblings?|mom|mum|mother|dad|father|parents?|colleagues?|"
    r"co-?workers?|boss|manager|neighbou?rs?|aunt|uncle|niece|nephew|grand(?:ma|pa|mother|father|parents?)|"
    r"roommates?|flatmates?|classmates?|teachers?|students?|clients?|customers?|boyfriend|girlfriend|"
    r"fianc[eé]e?|in-laws?|guests?|team(?:mates?)?|relatives?)"
)
# A third party as the subject of the message ("My cousin is looking for ...", "A friend of mine wants ...").
_OTHER_SUBJECT = re.compile(
    r"^\s*(?:so,?\s+|hey,?\s+|hi,?\s+)?(?:my|our|a|one of my|one of our)\s+(?:\w+\s+){0,2}?"
    + _OTHERS
    + r"(?:\s+of (?:mine|ours))?\s+(?!and (?:i|me)\b)(?:is|are|was|were|has|have|had|wants?|needs?|"
    r"asked|asks|loves?|likes?|enjoys?|hates?|just|recently|keeps?|'s|can't|cannot|doesn't|don't|will|would)\b",
    re.IGNORECASE,
)
# The user asks on someone else's behalf ("What should I get my boss?", "ideas for my friend's party").
_FOR_OTHER = re.compile(
    r"\b(?:for|get|buy|give|gift|help|surprise)\s+(?:my|our|a)\s+(?:\w+\s+)?"
    + _OTHERS
    + r"\b(?!\s+and (?:i|me)\b)",
    re.IGNORECASE,
)
_SOMEONE = re.compile(r"^\s*(?:someone|somebody|people|a person|a coworker|my kid's)\b", re.IGNORECASE)
_SELF = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|we're|we've|our|ours|us)\b", re.IGNORECASE)
# A message that opens with a verb addressed to the assistant ("Give me ...", "Tell me ...").
_COMMAND = re.compile(
    r"^\s*(?:please\s+)?(?:give|make|tell|show|write|translate|explain|summari[sz]e|define|describe|help|"
    r"suggest|recommend|plan|create|design|build|pick|choose|find|list|name|compare|calculate|convert|draft|"
    r"generate|let's|teach|remind|send|book|order|check)\b",
    re.IGNORECASE,
)
_ASKS_YOU = re.compile(r"\b(?:can|could|would|will) you\b|\b(?:recommend|suggest)\b", re.IGNORECASE)
_QUESTION_START = re.compile(
    r"^\s*(?:what|which|who|whom|whose|when|where|why|how|is|are|do|does|did|can|could|would|will|should|"
    r"shall|may|have|has|any)\b",
    re.IGNORECASE,
)


def is_request(text: str) -> bool:
    """True when the message asks for a recommendation, plan, choice or advice."""
    return bool(_REQUEST.search(text) or _IMPERATIVE.search(text))


def mentions_self(text: str) -> bool:
    """True when the message speaks of the user in the first person (I, my, we, ...)."""
    return bool(_SELF.search(text))


def about_other(text: str) -> bool:
    """True when the message is about, or on behalf of, someone other than the user."""
    return bool(_OTHER_SUBJECT.search(text) or _FOR_OTHER.search(text) or _SOMEONE.search(text))


def is_stated(text: str) -> bool:
    """True for a statement the user made about themselves (not a question, not a request)."""
    body = text.strip()
    if not body or body.endswith("?") or _QUESTION_START.search(body):
        return False
    if _COMMAND.search(body) or _ASKS_YOU.search(body) or about_other(body):
        return False
    return bool(_SELF.search(body))
