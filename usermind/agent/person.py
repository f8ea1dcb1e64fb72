"""Grammatical person: the user's first-person words as facts about "the user" (for a small model's
prompt) or as "you" (for acknowledgements and memory-grounded fallbacks)."""

from __future__ import annotations

import re

# first-person word -> (second person, third person); verbs that follow "I" are conjugated separately
_PRONOUNS: dict[str, tuple[str, str]] = {
    "i'm": ("you're", "the user is"),
    "im": ("you're", "the user is"),
    "i've": ("you've", "the user has"),
    "i'd": ("you'd", "the user would"),
    "i'll": ("you'll", "the user will"),
    "me": ("you", "the user"),
    "my": ("your", "the user's"),
    "mine": ("yours", "the user's"),
    "myself": ("yourself", "themselves"),
    "we": ("you", "they"),
    "our": ("your", "their"),
    "us": ("you", "them"),
}
_IRREGULAR_THIRD = {"am": "is", "have": "has", "do": "does", "go": "goes", "was": "was", "can": "can"}
_SECOND_FROM_I = {"am": "are", "was": "were"}
_PAST = set(
    """went had did got made met saw took came left bought began found gave knew ran said sat spent told
    thought wrote felt kept lost heard built grew won became broke drove flew fell ate drank read taught
    caught brought sold sent put let set cut hit quit""".split()
)
_MODALS = {"can", "could", "will", "would", "should", "must", "may", "might", "shall", "did", "didn't"}
_WORD = re.compile(r"[A-Za-z']+|[^A-Za-z']+")
_ADVERBS = {"also", "really", "usually", "always", "never", "often", "now", "just", "still", "recently"}


def _third_person_verb(verb: str) -> str:
    low = verb.lower()
    if low in _IRREGULAR_THIRD:
        return _IRREGULAR_THIRD[low]
    if low in _MODALS or low in _PAST or low.endswith("n't") or low.endswith("ed"):
        return verb
    if re.search(r"[^aeiou]y$", low):
        return verb[:-1] + "ies"
    if re.search(r"(s|sh|ch|x|z|o)$", low):
        return verb + "es"
    return verb + "s"


def _convert(text: str, third: bool) -> str:
    tokens = _WORD.findall(text)
    out: list[str] = []
    after_i = False  # the next word is the verb of "I ..." (an adverb in between keeps it pending)
    for token in tokens:
        low = token.lower()
        if not token.strip() or not token[0].isalpha():
            out.append(token)
            continue
        if after_i and low not in _ADVERBS:
            after_i = False
            if third:
                token = _third_person_verb(token)
            elif low in _SECOND_FROM_I:
                token = _SECOND_FROM_I[low]
        elif low == "i":
            token, after_i = ("the user" if third else "you"), True
        elif low in _PRONOUNS:
            token = _PRONOUNS[low][1 if third else 0]
        out.append(token)
    return "".join(out)


def third_person(text: str) -> str:
    """ "I'm vegetarian and I live in Lisbon" -> "the user is vegetarian and the user lives in Lisbon"."""
    return _convert(text, third=True)


def second_person(text: str) -> str:
    """ "I'm vegetarian and my dog is Rex" -> "you're vegetarian and your dog is Rex"."""
    return _convert(text, third=False)


_FACT_SUBJECT = re.compile(r"^(?:the )?user('s)?\s+(\w+)?", re.IGNORECASE)
_THIRD_TO_SECOND = {"is": "are", "has": "have", "does": "do", "was": "were", "goes": "go"}


def fact_to_second_person(fact: str) -> str:
    """A stored fact ("User lives in Lisbon", "User's cat is Miso") said to the user."""
    m = _FACT_SUBJECT.match(fact.strip())
    if m is None:
        return second_person(fact.strip())
    rest = second_person(fact.strip()[m.end() :])  # "with my husband" -> "with your husband"
    if m.group(1):  # "User's cat ..." -> "your cat ..."
        return f"your {m.group(2) or ''}{rest}".strip()
    verb = m.group(2) or ""
    low = verb.lower()
    if low in _THIRD_TO_SECOND:
        verb = _THIRD_TO_SECOND[low]
    elif low.endswith("ies"):
        verb = verb[:-3] + "y"
    elif re.search(r"(ss|sh|ch|x|z|o)es$", low):
        verb = verb[:-2]
    elif low.endswith("s") and not low.endswith("ss"):
        verb = verb[:-1]
    said = f"you {verb}{rest}".strip()
    return re.sub(r"\b(no longer|never|also) (\w+?)(?:ie)?s\b", _unconjugate, said)


def _unconjugate(m: re.Match[str]) -> str:
    word = m.group(0).split()[-1]
    base = word[:-3] + "y" if word.endswith("ies") else word[:-2] if word.endswith("oes") else word[:-1]
    return f"{m.group(1)} {base}"


def fact_to_third_person(fact: str) -> str:
    """A stored fact as a short statement about "the user"; first-person turns are converted."""
    text = fact.strip()
    m = _FACT_SUBJECT.match(text)
    if m:  # the subject, then any first-person words the user said inside the fact
        subject = re.sub(r"^(?:the )?user", "the user", text[: m.end()], count=1, flags=re.IGNORECASE)
        return subject + third_person(text[m.end() :])
    return third_person(text)


_ADVICE = {"suggests": "suggest", "recommends": "recommend", "advises": "advise", "proposes": "propose"}
_USER_MENTION = re.compile(r"\b(?:the user|the User|The user|The User)('s)?(?:\s+(\w+))?")


def address_user(reply: str) -> str:
    """A small model told facts about "the user" tends to answer about them in the third person:
    "The user lives in Lisbon" -> "You live in Lisbon"; and when it writes its own advice as the user's
    ("The user suggests a café") the advice is its own again ("I suggest a café")."""

    def swap(m: re.Match[str]) -> str:
        verb = (m.group(2) or "").lower()
        if not m.group(1) and verb in _ADVICE:  # "The user suggests X": the model speaking as the user
            said = f"I {_ADVICE[verb]}"
        else:
            said = fact_to_second_person(m.group(0))
        starts_sentence = m.start() == 0 or reply[: m.start()].rstrip()[-1:] in ".!?"
        return said[0].upper() + said[1:] if starts_sentence else said

    return _USER_MENTION.sub(swap, reply)
