"""Fill a tool's parameters from the message first, then from the user's profile (LLM-free).

Works on JSON-schema ``properties`` so the same code serves registered tools and PTBench tools.
Profile values are copied verbatim, so a filled value is exactly what the profile says.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from usermind.tools.extract import extract_for_param, name_tokens

_SYNONYMS: dict[str, set[str]] = {
    "address": {"address", "addr", "residence", "deliver", "delivery", "shipping"},
    "phone": {"phone", "mobile", "tel", "telephone", "cell", "contact"},
    "email": {"email", "mail"},
    "name": {"name", "fullname", "username", "nickname", "receiver", "recipient", "passenger", "guest"},
    "size": {"size"},
    "city": {"city", "town", "hometown"},
    "time": {"time", "hour", "schedule"},
    "age": {"age"},
    "gender": {"gender", "sex"},
    "currency": {"currency"},
    "language": {"language", "lang"},
    "payment": {"payment", "pay", "card"},
}
_GENERIC = {"user", "the", "of", "a", "an", "to", "for", "info", "information", "value", "number", "id"}
_CONTEXT = {
    "work": {"work", "office", "job", "company", "workplace"},
    "home": {"home", "house", "apartment"},
    "school": {"school", "campus", "university", "college"},
}


class FilledArguments(BaseModel):
    """Arguments for one tool call and where each value came from."""

    arguments: dict[str, Any] = Field(default_factory=dict)
    from_message: list[str] = Field(default_factory=list)
    from_profile: dict[str, str] = Field(default_factory=dict, description="parameter → profile key used")
    missing: list[str] = Field(default_factory=list)


def flatten_profile(profile: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts become ``a.b`` keys; scalars and lists of scalars are kept."""
    out: dict[str, Any] = {}
    if isinstance(profile, dict):
        for key, value in profile.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                out.update(flatten_profile(value, path))
            elif isinstance(value, (str, int, float, bool)) or (
                isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value)
            ):
                out[path] = value
    return out


def _expand(tokens: set[str]) -> set[str]:
    out = set(tokens)
    for head, syns in _SYNONYMS.items():
        if tokens & syns or head in tokens:
            out |= syns | {head}
    return out


def _key_tokens(key: str) -> set[str]:
    return set(name_tokens(key.split(".")[-1])) - _GENERIC


def profile_key_score(param: str, prop: dict[str, Any], key: str) -> float:
    """Lexical match of a parameter (name, then description) against a profile key; 0 = unrelated."""
    p_tokens = set(name_tokens(param)) - _GENERIC or set(name_tokens(param))
    k_tokens = _key_tokens(key)
    if not k_tokens:
        return 0.0
    direct = len(p_tokens & k_tokens) / len(p_tokens)
    if direct:
        return 1.0 + direct - 0.01 * len(k_tokens - p_tokens)
    if _expand(p_tokens) & _expand(k_tokens) & set().union(*_SYNONYMS.values(), _SYNONYMS):
        heads = {h for h, s in _SYNONYMS.items() if (p_tokens & (s | {h})) and (k_tokens & (s | {h}))}
        if heads:
            return 0.8 - 0.01 * len(k_tokens)
    desc = set(name_tokens(prop.get("description", ""))) - _GENERIC
    if desc & k_tokens and desc & set(_SYNONYMS):
        return 0.5 * len(desc & k_tokens & set(_SYNONYMS)) / max(len(k_tokens), 1)
    return 0.0


def _context_bonus(key: str, message: str) -> float:
    words = set(name_tokens(message))
    k_tokens = _key_tokens(key)
    bonus = 0.0
    for head, cues in _CONTEXT.items():
        if head in k_tokens or k_tokens & cues:
            bonus += 0.3 if words & cues else 0.0
    return bonus


def _coerce(value: Any, prop: dict[str, Any]) -> Any:
    kind = prop.get("type")
    try:
        if kind == "integer" and not isinstance(value, bool):
            return int(float(value))
        if kind == "number" and not isinstance(value, bool):
            return float(value)
    except (TypeError, ValueError):
        return value
    if kind == "string" and not isinstance(value, str):
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return value


def best_profile_key(param: str, prop: dict[str, Any], profile: dict[str, Any], message: str) -> str | None:
    """The profile key whose value should fill ``param``, or None."""
    scored = []
    for order, key in enumerate(profile):
        base = profile_key_score(param, prop, key)
        if base > 0:
            scored.append((base + _context_bonus(key, message), -order, key))
    return max(scored)[2] if scored else None


_LEAD = re.compile(
    r"^(?:please\s+|can you\s+|could you\s+|i want to\s+|i'd like to\s+|i would like to\s+|help me\s+)*"
    r"(?:order|buy|find|search(?: for)?|look(?: for| up)?|book|play|watch|get|show(?: me)?|check|send|"
    r"reserve|purchase|listen to|add|put on|stream|subscribe to)\s+(?:me\s+)?(?:some\s+|a\s+|an\s+|the\s+)?",
    re.I,
)
_STOP = re.compile(
    r"\s+(?:for|to|on|at|from|with|in|using|via|by|near|under|before|after|and|delivered|please|"
    r"now|today|tomorrow|tonight)(?=\s|$)|[,.!?;]",
    re.I,
)
_QTY = re.compile(
    r"^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|some)\s+(?:x\s+|of\s+)?", re.I
)


def free_text_value(message: str) -> str | None:
    """The object phrase of a request ("order a large pizza for tonight" → "large pizza")."""
    m = _LEAD.search(message.strip())
    if not m:
        return None
    rest = message.strip()[m.end() :]
    phrase = _QTY.sub("", _STOP.split(rest, maxsplit=1)[0].strip()).strip(" '\"")
    return phrase or None


def fill_arguments(
    properties: dict[str, dict[str, Any]],
    required: list[str],
    message: str,
    profile: dict[str, Any] | None = None,
    *,
    optional_from_message: bool = True,
) -> FilledArguments:
    """Values for the tool's parameters: typed extraction from the message, else the profile.

    Required parameters that neither source gives are listed in ``missing`` (a string parameter
    falls back to the request's object phrase before that).
    """
    flat = flatten_profile(profile or {})
    result = FilledArguments()
    used: set[str] = set()
    ordered = [n for n in required if n in properties] + [n for n in properties if n not in required]
    for name in ordered:
        prop, is_required = properties[name], name in required
        value = extract_for_param(name, prop, message, used)
        if value is not None and (is_required or optional_from_message):
            used.add(str(value))
            result.arguments[name] = _coerce(value, prop)
            result.from_message.append(name)
            continue
        if not is_required:
            continue
        key = best_profile_key(name, prop, flat, message)
        if key is not None:
            result.arguments[name] = _coerce(flat[key], prop)
            result.from_profile[name] = key
            continue
        text = free_text_value(message) if prop.get("type", "string") == "string" else None
        if text and text not in used:
            used.add(text)
            result.arguments[name] = text
            result.from_message.append(name)
        else:
            result.missing.append(name)
    return result
