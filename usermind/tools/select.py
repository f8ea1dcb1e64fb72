"""``select_tools``: which tool the user would pick for a message, with arguments and a reason.

LLM-free path: embedding match of the message to tool descriptions → the tool's group; platform by
the user's learned preference (explicit mention in the message wins); parameters from the message,
then from the profile. With an LLM: the same candidates and evidence, one structured-output call.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from usermind.prompts import render
from usermind.prompts.tools import ToolChoice
from usermind.tools.fill import fill_arguments
from usermind.tools.match import DEFAULT_CACHE, EmbeddingCache
from usermind.tools.preferences import ToolPreferenceStore
from usermind.tools.registry import ToolRegistry
from usermind.tools.spec import ToolSpec

if TYPE_CHECKING:
    from usermind.protocols import ChatModel


class ToolSelection(BaseModel):
    """The chosen tool call and where each part of it came from (shown by ``/why``)."""

    tool: str
    platform: str
    group: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    from_message: list[str] = Field(default_factory=list)
    from_profile: dict[str, str] = Field(default_factory=dict, description="parameter → profile attribute")
    missing: list[str] = Field(default_factory=list)
    match_score: float = 0.0
    reason: str = ""


class PlatformChoice(BaseModel):
    platform: str
    reason: str


def named_platform(message: str, candidates: list[str]) -> str | None:
    """The candidate platform named in the message (longest name wins)."""
    hits = [c for c in candidates if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", message, re.I)]
    return max(hits, key=len) if hits else None


def choose_platform(
    candidates: list[str],
    message: str,
    preference: dict[str, float],
    profile_choice: tuple[str, str] | None,
    default: str,
) -> PlatformChoice:
    """Pure platform choice: named in the message > learned preference > what the profile points to
    (:func:`usermind.tools.platform.profile_choice`) > best description match."""
    named = named_platform(message, candidates)
    if named:
        return PlatformChoice(platform=named, reason=f"you asked for {named} in this message")
    if preference:
        best = max(candidates, key=lambda c: preference.get(c, 0.0))
        ranked = sorted((preference.get(c, 0.0) for c in candidates), reverse=True)
        if ranked[0] > 0 and (len(ranked) == 1 or ranked[0] > ranked[1]):
            return PlatformChoice(
                platform=best,
                reason=f"you have preferred {best} before "
                f"(preference score {ranked[0]:.1f} vs {ranked[1] if len(ranked) > 1 else 0:.1f})",
            )
    if profile_choice is not None and profile_choice[0] in candidates:
        return PlatformChoice(platform=profile_choice[0], reason=profile_choice[1])
    return PlatformChoice(
        platform=default, reason=f"{default} best matches the request (no preference known)"
    )


def unabsorbed_values(message: str, properties: dict[str, Any]) -> int:
    """How many typed values of the message (numbers, dates, times) the tool has no parameter for."""
    from usermind.tools.extract import dates, extract_for_param, numbers, times

    n_values = len(dates(message)) + len(times(message)) or len(numbers(message))
    used: set[str] = set()
    absorbed = sum(
        extract_for_param(n, p, message, used) is not None
        for n, p in properties.items()
        if p.get("type") in ("integer", "number") or "date" in n or "time" in n
    )
    return max(n_values - absorbed, 0)


def rank_tools(message: str, specs: list[ToolSpec], cache: EmbeddingCache) -> list[tuple[float, ToolSpec]]:
    """Tools by match to the message; a tool with no parameter for a number, date or time the message
    gives loses a little (0.05 per value)."""
    scores = cache.similarities(message, [s.match_text() for s in specs])
    penalised = [
        s - 0.05 * unabsorbed_values(message, spec.parameters_schema().get("properties", {}))
        for s, spec in zip(scores, specs, strict=True)
    ]
    return sorted(zip(penalised, specs, strict=True), key=lambda p: p[0], reverse=True)


def alternatives(
    registry: ToolRegistry, ranked: list[tuple[float, ToolSpec]], margin: float
) -> list[ToolSpec]:
    """The tools to choose a platform among: the best tool's group; for a tool without a group, the
    best-matching tool of each platform within ``margin`` of the best match (tools that do the same job
    on different platforms match a message alike)."""
    best = ranked[0][1]
    members = registry.equivalents(best.name)
    if len(members) > 1 or best.group:
        return members
    per_platform: dict[str, ToolSpec] = {}
    for score, spec in ranked:
        if score >= ranked[0][0] - margin and not spec.group:
            per_platform.setdefault(spec.platform, spec)
    return list(per_platform.values())


def select_tools(
    user_id: str,
    message: str,
    registry: ToolRegistry,
    preferences: ToolPreferenceStore | None,
    profile: dict[str, Any] | None = None,
    *,
    llm: ChatModel | None = None,
    cache: EmbeddingCache | None = None,
    min_score: float = 0.2,
    margin: float = 0.1,
) -> ToolSelection | None:
    """The tool call the user would make for ``message``, or None when no tool fits (score < min_score)."""
    from usermind.tools.platform import profile_choice

    if not len(registry):
        return None
    cache = cache or DEFAULT_CACHE
    ranked = rank_tools(message, registry.specs(), cache)
    score, best = ranked[0]
    if score < min_score:
        return None
    members = alternatives(registry, ranked, margin)
    candidates = list(dict.fromkeys(m.platform for m in members))
    pref = preferences.scores(user_id, candidates, best.group_key) if preferences else {}
    descriptions = {m.platform: m.platform_description for m in members if m.platform_description}
    from_profile = (
        profile_choice(profile, candidates, message, descriptions, cache) if len(candidates) > 1 else None
    )
    choice = choose_platform(candidates, message, pref, from_profile, best.platform)
    spec = next(m for m in members if m.platform == choice.platform)
    if llm is not None:
        chosen = _llm_select(llm, message, members, profile, choice)
        if chosen is not None:
            spec, args = chosen
            return ToolSelection(
                tool=spec.name,
                platform=spec.platform,
                group=spec.group_key,
                arguments=args,
                from_message=list(args),
                match_score=score,
                reason=f"model choice; {choice.reason}",
            )
    schema = spec.parameters_schema()
    filled = fill_arguments(schema["properties"], schema["required"], message, profile)
    reason = f"{spec.name} on {spec.platform}: {choice.reason}"
    if filled.from_profile:
        reason += "; from your profile: " + ", ".join(f"{p} ← {k}" for p, k in filled.from_profile.items())
    return ToolSelection(
        tool=spec.name,
        platform=spec.platform,
        group=spec.group_key,
        arguments=filled.arguments,
        from_message=filled.from_message,
        from_profile=filled.from_profile,
        missing=filled.missing,
        match_score=score,
        reason=reason,
    )


def _llm_select(
    llm: ChatModel,
    message: str,
    members: list[ToolSpec],
    profile: dict[str, Any] | None,
    hint: PlatformChoice,
) -> tuple[ToolSpec, dict[str, Any]] | None:
    """One structured call; None (fall back to the LLM-free path) on any failure or invalid arguments."""
    from usermind.errors import UsermindError

    tools = json.dumps([m.openai_schema()["function"] for m in members])
    prompt = render(
        "tool_select", profile=json.dumps(profile or {}), tools=tools, evidence=hint.reason, message=message
    )
    try:
        out = llm.structured([{"role": "user", "content": prompt}], ToolChoice)
        spec = next((m for m in members if m.name == out.tool), None)
        args = json.loads(out.arguments_json)
        if spec is None or not isinstance(args, dict):
            return None
        return spec, spec.args_model.model_validate(args).model_dump(by_alias=True, exclude_none=True)
    except (UsermindError, ValueError):
        return None
