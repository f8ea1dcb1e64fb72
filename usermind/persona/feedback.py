"""Abductive persona inference from pairwise feedback (chosen vs rejected answers).

LLM-free: contrast style features and content words of the two answers. With an LLM: a one-sentence
persona explaining the choice, and one for the opposite choice (inferred both ways).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from usermind.persona.models import PersonaAttribute
from usermind.prompts import render
from usermind.prompts.persona import AbductivePersona
from usermind.text import STOPWORDS
from usermind.text import words as word_tokens

if TYPE_CHECKING:
    from usermind.protocols import ChatModel


def style_features(text: str) -> dict[str, bool]:
    """Binary style features of an answer."""
    words = re.findall(r"\w+", text)
    return {
        "concise": len(words) <= 40,
        "detailed": len(words) >= 80,
        "bullet_points": bool(re.search(r"(?m)^\s*(?:[-*•]|\d+[.)])\s+", text)),
        "code_examples": "```" in text or bool(re.search(r"(?m)^ {4}\S", text)),
        "emoji": bool(re.search(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]", text)),
        "formal_tone": not re.search(r"\b(?:hey|gonna|wanna|cool|awesome|lol)\b|!", text, re.I),
        "casual_tone": bool(re.search(r"\b(?:hey|gonna|wanna|cool|awesome|lol)\b|!", text, re.I)),
    }


_FEATURE_ATTR = {
    "concise": ("response_length", "concise"),
    "detailed": ("response_length", "detailed"),
    "bullet_points": ("response_format", "bullet points"),
    "code_examples": ("response_format", "code examples"),
    "emoji": ("response_style", "emoji"),
    "formal_tone": ("tone", "formal"),
    "casual_tone": ("tone", "casual"),
}


def content_words(text: str) -> set[str]:
    return {w for w in word_tokens(text) if w not in STOPWORDS and len(w) > 2 and w[0].isalpha()}


_PAIRED = {"response_length", "tone"}


def infer_from_pair(prompt: str, chosen: str, rejected: str, max_topics: int = 2) -> list[PersonaAttribute]:
    """Attributes that explain choosing ``chosen`` over ``rejected`` (source ``feedback``).

    Style features present in one answer and absent in the other give a +1 (chosen side) or −1
    (rejected side) observation; content words unique to the chosen side and absent from the prompt give
    ``likes`` observations with lower confidence (only when few words differ, i.e. a clear topic).
    """
    quote = f"chose over alternative for: {prompt[:80]}"
    fc, fr = style_features(chosen), style_features(rejected)
    out: list[PersonaAttribute] = []
    for feat, (attribute, value) in _FEATURE_ATTR.items():
        if fc[feat] == fr[feat]:
            continue
        if not fc[feat] and attribute in _PAIRED:
            continue  # the opposite value of a paired attribute is recorded from the chosen side
        out.append(
            PersonaAttribute(
                attribute=attribute,
                value=value,
                polarity=1 if fc[feat] else -1,
                confidence=0.6,
                source="feedback",
                provenance=[quote],
            )
        )
    prompt_words = content_words(prompt)
    wc, wr = content_words(chosen) - prompt_words, content_words(rejected) - prompt_words
    for word in sorted(wc - wr)[:max_topics] if len(wc - wr) <= max_topics else []:
        out.append(
            PersonaAttribute(
                attribute="likes",
                value=word,
                polarity=1,
                confidence=0.3,
                source="feedback",
                provenance=[quote],
            )
        )
    return out


def infer_from_pair_llm(llm: ChatModel, prompt: str, chosen: str, rejected: str) -> list[PersonaAttribute]:
    """The LLM version: abductive one-sentence personas both ways; the chosen one is kept (+1), the
    rejected one recorded as what the user is not (−1)."""
    content = render("persona_pair", prompt=prompt, chosen=chosen, rejected=rejected)
    messages = [{"role": "user", "content": content}]
    out = llm.structured(messages, AbductivePersona)
    quote = f"pairwise choice on: {prompt[:80]}"
    return [
        PersonaAttribute(
            attribute="persona",
            value=out.persona_for_chosen.strip(),
            polarity=1,
            confidence=0.6,
            source="feedback",
            provenance=[quote],
        ),
        PersonaAttribute(
            attribute="persona",
            value=out.persona_for_rejected.strip(),
            polarity=-1,
            confidence=0.4,
            source="feedback",
            provenance=[quote],
        ),
    ]
