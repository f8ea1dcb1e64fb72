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
    r"\b(?:(?:recommend\w*|suggest\w*|advi[cs]e|tips?|ideas?|recs?|itinerary)\b|"
    r"(?:what|where|which|how|when)\b[^.?!]{0,40}?\b(?:should|could|can|would)\s+(?:i|we)\b|"
    r"(?:should|shall)\s+(?:i|we)\b|"  # a choice: "Should I take the train or fly?"
    r"(?:what|where|which)\b[^.?!]{0,40}?\b(?:i|we)\s+(?:should|could|can|might|ought to)\b|"
    r"how do (?:i|we)\b|"
    r"(?:what|which|where)(?:'s| is| are)?\s+(?:the\s+|a\s+|some\s+)?"
    r"(?:best|good|great|nice|cheapest|easiest|fun)\b|"
    r"(?:what|which|where)(?:'re| are)\s+some\b|"  # "What are some must-see places in Rome?"
    r"(?:best|good|great|easiest|cheapest) (?:way|ways|place|places|spot|spots|option|options|one|ones)\b|"
    r"worth (?:it|\w+ing)\b|must-(?:try|see|do|visit|read|have|watch|listen)s?\b|"
    r"(?:would|will|is|are)\s+(?:be\s+)?(?:good|best|great|ideal|suitable|right)\s+(?:for|to)\b|"
    r"\b(?:for|suit|suits|fit|fits)\s+(?:me|us)\b[^.]*\?|"  # "Which neighbourhood would suit me?"
    r"(?:can|could|would|will) you (?:please )?(?:find|pick|choose|help|give|make|create|plan|put together|"
    r"write me|come up with|think of|sort out|design|build|organi[sz]e|point me)\b|"
    r"help me\b|what would you\b|map out\b|"
    r"(?:what|which|where)(?:'s|s| is)?\s+(?:a\s+)?(?:\w+\s+)?(?:good|decent|nice)\b|"  # "whats a good ..."
    r"what should (?:be|go)\b|(?:better|best|ideal) for (?:my|our|me|us)\b|"
    r"(?:give|find|make|get|show) me\b|"
    r"i(?:'m| am) (?:looking for|trying to (?:find|decide|choose|pick))|"
    r"(?:^|(?<!if )\bi )(?:need|want) "
    r"(?:a|an|some|something|anything|to (?:find|buy|get|pick|choose|plan))\b|"
    r"(?:where|how) do (?:i|we) (?:start|begin|look)\b|(?:what|which) (?:goes|go|works?) (?:well|best)\b|"
    r"\bany\s+(?:\w+\s+)?(?:standouts?|picks?|favou?rites?|suggestions?|recommendations?|thoughts)\s*\?|"
    r"^\s*(?:i'm\s+|i am\s+)?looking for\b|"
    r"^\s*(?!(?:i|we|it|that|this|he|she|they)\b)(?:[\w'-]+\s+){1,3}needed\b|"  # "Gym playlist needed"
    r"^\s*any\s+(?:\w+\s+)?(?:good|great|nice|cheap|decent|fun|recommendations?|suggestions?|ideas?|tips?)\b)",
    re.IGNORECASE,
)
# A short question without a question word ("Movie for tonight?", "Pizza or sushi tonight?").
_ELLIPTICAL = re.compile(
    r"^\s*(?!(?:what|which|who|whom|whose|when|where|why|how|is|are|am|was|were|do|does|did|can|could|"
    r"would|will|should|shall|may|might|have|has|had|any|anyone|anybody|isn't|aren't|don't|doesn't|"
    r"didn't|remember|really|so|ok|okay|right|lol|seriously)\b)[^?]{2,40}\?\s*$",
    re.IGNORECASE,
)
# The user asks about their own past or what they told the assistant: a recall, never a request.
_RECALL = re.compile(
    r"\b(?:(?:did|have|had) (?:i|we)|do you remember|you remember|remind me|what(?:'s| is| was) (?:my|our)|"
    r"(?:i|we) (?:told|mentioned|said)|did you say)\b",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(
    r"^\s*(?:please\s+)?"
    r"(?:plan|create|design|build|pick|choose|find|organi[sz]e|propose|list|name|put together|draft|"
    r"map out|sketch out|work out)\b",
    re.IGNORECASE,
)
_OTHER_PEOPLE = (
    r"friends?|cousins?|sisters?|brothers?|siblings?|mom|mum|mother|dad|father|parents?|colleagues?|"
    r"co-?workers?|boss|manager|neighbou?rs?|aunt|uncle|niece|nephew|grand(?:ma|pa|mother|father|parents?)|"
    r"roommates?|flatmates?|classmates?|teachers?|students?|clients?|customers?|boyfriend|girlfriend|"
    r"fianc[eé]e?|in-laws?|guests?|team(?:mates?)?|relatives?|wife|husband|partner|spouse|buddy|mates?|"
    r"pals?|coach|tutor|mentor|host"
)
_OTHERS = f"(?:{_OTHER_PEOPLE})"
# As the subject, a child is someone else too ("My son wants ..."); a plan *for* the kids stays the user's.
_OTHERS_OR_CHILD = f"(?:{_OTHER_PEOPLE}|sons?|daughters?|kids?|children|child|baby)"
# A third party as the subject of the message ("My cousin is looking for ...", "A friend of mine wants ...").
_OTHER_SUBJECT = re.compile(
    r"^\s*(?:so,?\s+|hey,?\s+|hi,?\s+)?(?:my|our|a|one of my|one of our)\s+(?:\w+\s+){0,2}?"
    + _OTHERS_OR_CHILD
    + r"(?:'s (?:been|got|going|having|getting|looking|trying|thinking|planning)\b|"
    r"(?:\s+of (?:mine|ours))?\s+(?!and (?:i|me)\b)(?:is|are|was|were|has|have|had|wants?|needs?|"
    r"asked|asks|loves?|likes?|enjoys?|hates?|just|recently|keeps?|'s|can't|cannot|doesn't|don't|will|would)\b)",
    re.IGNORECASE,
)
# The user asks on someone else's behalf ("What should I get my boss?", "ideas for my friend's party").
_FOR_OTHER = re.compile(
    r"\b(?:for|get|buy|give|gift|help|surprise)\s+(?:my|our|a)\s+(?:[\w'-]+\s+)?"
    + _OTHERS
    + r"\b(?!\s+and (?:i|me)\b)",
    re.IGNORECASE,
)
_SOMEONE = re.compile(
    r"^\s*(?:someone|somebody|people|a person|a coworker|my kid's)\b|\bfor (?:someone|somebody)\b",
    re.IGNORECASE,
)
_SUBJECT_WORDS = r"i|i'm|i've|i'd|i'll|my|mine|myself|we|we're|we've|our|ours"  # the user who is or does
SELF = re.compile(rf"\b(?:{_SUBJECT_WORDS}|me|us)\b", re.IGNORECASE)
_SELF_SUBJECT = re.compile(rf"\b(?:{_SUBJECT_WORDS})\b", re.IGNORECASE)
_CLAUSE = re.compile(r"(?<=[.!;])\s+|,\s*(?:so|because|since|as)\s+|\s+(?:because|since)\s+", re.IGNORECASE)
# A message that opens with a verb addressed to the assistant ("Give me ...", "Tell me ...").
_COMMAND = re.compile(
    r"^\s*(?:please\s+)?(?:give|make|tell|show|write|translate|explain|summari[sz]e|define|describe|help|"
    r"suggest|recommend|plan|create|design|build|pick|choose|find|list|name|compare|calculate|convert|draft|"
    r"generate|let's|teach|remind|send|book|order|check)\b",
    re.IGNORECASE,
)
_ASKS_YOU = re.compile(r"\b(?:can|could|would|will) you\b|\b(?:recommend|suggest)\b", re.IGNORECASE)
_AUX = r"(?:is|are|was|were|do|does|did|can|could|would|will|should|shall|may|might|must|has|have|had)"
# A sentence that opens like a question (a statement's "?" is caught apart).  Not a clause that sets the
# scene for a statement: "When it comes to hotels, I ...", "When traveling, I ..." ("when" asks only
# before a verb: "When is ...", "When's ..."); nor "Any kind of seafood makes me sick." (an unpunctuated
# "any ..." asks nothing by its form) nor "Do not like ..." (the subject left out); nor "Can't stand ...".
_QUESTION_START = re.compile(
    r"^\s*(?:(?:what|which|who|whom|whose|where|why|how|is|are|did|can|could|would|will|should|shall|may|"
    rf"have|has)\b(?!['\u2019])|do(?:es)?\b(?!\s+not\b)(?!['\u2019])|when(?:['\u2019]s\b|\s+{_AUX}\b))",
    re.IGNORECASE,
)


def is_request(text: str) -> bool:
    """True when the message asks for a recommendation, plan, choice or advice (not when it asks about
    the user's own past)."""
    if is_recall(text):
        return False
    return bool(_REQUEST.search(text) or _IMPERATIVE.search(text) or _ELLIPTICAL.search(text))


def read_as_request(text: str, read: bool | None) -> bool:
    """Whether ``text`` asks for advice: as the memory system read it (``read``: wording rules and the
    message-kind classifier, see :class:`~usermind.memory.models.Verification`), or where it has not,
    by the wording rules alone."""
    return is_request(text) if read is None else read


def mentions_self(text: str) -> bool:
    """True when the message speaks of the user in the first person (I, my, we, ...)."""
    return bool(SELF.search(text))


def states_a_reason(text: str) -> bool:
    """True for a need the user states with what about them makes it one, asking nothing ("I need a
    private office. Half my day is confidential calls.", "I use a CPAP machine at night, so I need an
    outlet by the bed."): no question nor command, and a part of it a plain statement about the user."""
    if "?" in text or _COMMAND.search(text):
        return False
    parts = _CLAUSE.split(text)
    return len(parts) > 1 and any(is_stated(p) and not is_request(p) for p in parts)


def self_as_object(text: str) -> bool:
    """True when the message speaks of the user only as an object ("me", "us"): a statement ("Heights
    terrify me.") or a request the wording rules do not know ("Point me to a good primer on ...")."""
    return mentions_self(text) and not _SELF_SUBJECT.search(text)


def about_other(text: str) -> bool:
    """True when the message is about, or on behalf of, someone other than the user."""
    return bool(_OTHER_SUBJECT.search(text) or _FOR_OTHER.search(text) or _SOMEONE.search(text))


def is_recall(text: str) -> bool:
    """True when the message asks about the user's own past or what they told the assistant."""
    return bool(_RECALL.search(text))


def asks_assistant(body: str) -> bool:
    """The message addresses the assistant with a command, an imperative or "can you / recommend"."""
    return bool(_COMMAND.search(body) or _IMPERATIVE.search(body) or _ASKS_YOU.search(body))


def may_state(text: str) -> bool:
    """True for a statement that is not a question, a request, nor about someone else: a statement
    about the user when it speaks of them (:func:`is_stated`) or reads as one (an elided subject:
    "Vegetarian since college.", judged by :mod:`usermind.memory.kinds`)."""
    body = text.strip()
    if not body or body.endswith("?") or _QUESTION_START.search(body):
        return False
    return not (asks_assistant(body) or about_other(body))


_HOUSEHOLD = re.compile(
    r"^\s*(?:my|our)\s+(?:[\w'-]+\s+){0,2}?(?:sons?|daughters?|kids?|children|child|bab(?:y|ies)|"
    r"toddlers?|twins|teens?|wife|husband|partner|spouse|parents?|mom|mum|mother|dad|father|family)\b",
    re.IGNORECASE,
)


def states_household(text: str) -> bool:
    """True for a statement about someone the user lives or travels with ("My kids are 4 and 6, and they
    melt down if we walk more than a mile.", "My partner and I are vegan."): not the user's own words
    about themselves, but a constraint on the user's own plans all the same."""
    body = text.strip()
    if not body or body.endswith("?") or asks_assistant(body):
        return False
    return bool(_HOUSEHOLD.search(body))


def is_stated(text: str) -> bool:
    """True for a statement the user made about themselves (not a question, not a request)."""
    return may_state(text) and bool(SELF.search(text))
