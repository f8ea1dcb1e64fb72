"""Solvers for PTBench items: LLM-free (preference + embedding + profile filling) and with an LLM."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from usermind.evals.ptbench import FuncCalls, PTBenchItem, format_prediction, parse_prediction
from usermind.tools.fill import fill_arguments, flatten_profile
from usermind.tools.match import DEFAULT_CACHE, EmbeddingCache

if TYPE_CHECKING:
    from usermind.llm.client import LLMClient

_NEG = re.compile(r"\b(never|dislikes?|hates?|avoids?|stopped|not|no longer|rarely|unhappy)\b", re.I)


def profile_segments(profile: dict[str, Any]) -> list[str]:
    """Short text pieces of the profile ("key: value" or clauses of long text values)."""
    out = []
    for key, value in flatten_profile(profile).items():
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        pieces = [p.strip() for p in re.split(r"[;\n]|(?<=[.!?])\s+", text) if p.strip()]
        label = key.split(".")[-1].replace("_", " ")
        out.extend(f"{label}: {p}" for p in pieces)
    return out


def mention_scores(segments: list[str], names: list[str]) -> dict[str, float]:
    """Net count of profile segments naming each platform (negated mentions count −1)."""
    scores = {n: 0.0 for n in names}
    for seg in segments:
        for n in names:
            if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", seg, re.I):
                scores[n] += -1.0 if _NEG.search(seg) else 1.0
    return scores


def semantic_scores(
    segments: list[str],
    query: str,
    descriptions: dict[str, str],
    cache: EmbeddingCache,
    query_weight: float = 0.25,
    temperature: float = 0.05,
) -> dict[str, float]:
    """Per platform: affinity of the profile segments to its description (double-centred: against the
    other candidates and the other segments), weighted towards segments related to this request by a
    softmax, plus ``query_weight`` times the query's own contrasted affinity."""
    import numpy as np

    names = list(descriptions)
    desc = cache.vectors([f"{n}: {descriptions[n]}" for n in names])
    texts = [*segments, query]
    sims = cache.vectors(texts) @ desc.T
    contrast = sims - sims.mean(axis=1, keepdims=True)
    if segments:
        seg = contrast[:-1] - contrast[:-1].mean(axis=0, keepdims=True)
        vecs = cache.vectors(texts)
        relevance = vecs[:-1] @ vecs[-1] + sims[:-1].mean(axis=1)
        weights = np.exp((relevance - relevance.max()) / temperature)
        prof = (weights / weights.sum()) @ seg
    else:
        prof = np.zeros(len(names))
    total = prof + query_weight * contrast[-1]
    return {n: float(v) for n, v in zip(names, total, strict=True)}


def _tool_text(tool: dict[str, Any]) -> str:
    """Name, description and parameter names, minus the platform name (so equivalents match alike)."""
    platform = str(tool.get("platform", ""))
    params = ", ".join((tool.get("parameters") or {}).get("properties") or {})
    text = f"{tool.get('name', '').replace('_', ' ')}: {tool.get('description', '')} ({params})"
    return re.sub(re.escape(platform), "", text, flags=re.I) if platform else text


def unabsorbed_values(query: str, tool: dict[str, Any]) -> int:
    """How many typed values of the query (numbers, dates, times) the tool has no parameter for."""
    from usermind.tools.extract import dates, extract_for_param, numbers, times

    n_values = len(dates(query)) + len(times(query)) or len(numbers(query))
    used: set[str] = set()
    props = (tool.get("parameters") or {}).get("properties") or {}
    absorbed = sum(
        extract_for_param(n, p, query, used) is not None
        for n, p in props.items()
        if p.get("type") in ("integer", "number") or "date" in n or "time" in n
    )
    return max(n_values - absorbed, 0)


def solve_llm_free(
    item: PTBenchItem, cache: EmbeddingCache | None = None, margin: float = 0.1
) -> tuple[str, FuncCalls]:
    """Platform by preference, function by embedding match, parameters from query then profile."""
    cache = cache or DEFAULT_CACHE
    tools = [t for t in item.tools if t.get("name")]
    if not tools:
        return ("", [])
    sims = cache.similarities(item.query, [_tool_text(t) for t in tools])
    sims = [s - 0.05 * unabsorbed_values(item.query, t) for s, t in zip(sims, tools, strict=True)]
    best_by_platform: dict[str, tuple[float, dict[str, Any]]] = {}
    for s, t in zip(sims, tools, strict=True):
        p = str(t.get("platform", ""))
        if p not in best_by_platform or s > best_by_platform[p][0]:
            best_by_platform[p] = (s, t)
    top = max(s for s, _ in best_by_platform.values())
    candidates = [p for p, (s, _) in best_by_platform.items() if s >= top - margin]
    platform = choose_ptbench_platform(item, candidates, cache)
    tool = best_by_platform[platform][1]
    params = tool.get("parameters") or {}
    filled = fill_arguments(
        params.get("properties") or {}, list(params.get("required") or []), item.query, item.user_profile
    )
    return platform, [{tool["name"]: filled.arguments}]


def choose_ptbench_platform(item: PTBenchItem, candidates: list[str], cache: EmbeddingCache) -> str:
    """Named in the query > named in the profile > semantic affinity of profile traits to descriptions."""
    if len(candidates) == 1:
        return candidates[0]
    named = [c for c in candidates if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", item.query, re.I)]
    if named:
        return max(named, key=len)
    segments = profile_segments(item.user_profile)
    mentions = mention_scores(segments, candidates)
    ranked = sorted(mentions.values(), reverse=True)
    if ranked[0] > 0 and ranked[0] > ranked[1]:
        return max(candidates, key=lambda c: mentions[c])
    descriptions = {p.get("name", ""): str(p.get("description", "")) for p in item.platforms}
    descs = {c: descriptions.get(c, c) for c in candidates}
    sem = semantic_scores(segments, item.query, descs, cache)
    return max(candidates, key=lambda c: sem[c] + 0.5 * mentions[c])


PROMPT = (
    "You are given a user profile:{profile}.\nHere is some platforms:{platforms}.\n"
    "Here is some apis under the platforms:{tools}.\nThe user will give you a query. Based on the profile, "
    "try to solve the query by using the platforms and apis. The platform you choose should fit the user "
    "profile or the needs of the user's query. All the necessary information are provided in the user "
    "profile. DO NOT ask the user for further information.\nYou should respond in the format of "
    "platform:[func1(param1_name = param1_value, param2...), func2...] No other text MUST be included."
)


def warm_cache(items: list[PTBenchItem], cache: EmbeddingCache | None = None) -> None:
    """Embed every query, tool, platform and profile text of ``items`` in one batch."""
    cache = cache or DEFAULT_CACHE
    texts: list[str] = []
    for item in items:
        texts.append(item.query)
        texts.extend(_tool_text(t) for t in item.tools)
        texts.extend(f"{p.get('name', '')}: {p.get('description', '')}" for p in item.platforms)
        texts.extend(profile_segments(item.user_profile))
    cache.vectors(list(dict.fromkeys(texts)))


def solve_llm(item: PTBenchItem, llm: LLMClient, max_tokens: int = 256) -> tuple[str, FuncCalls] | None:
    """The original prompt; None when the output does not parse (a format failure)."""
    messages = [
        {
            "role": "system",
            "content": PROMPT.format(profile=item.user_profile, platforms=item.platforms, tools=item.tools),
        },
        {"role": "user", "content": item.query},
    ]
    text = llm.complete(messages, max_tokens=max_tokens, temperature=0.0)
    try:
        return parse_prediction(text)
    except (ValueError, KeyError, TypeError):
        return None


__all__ = ["format_prediction", "solve_llm", "solve_llm_free"]


def run_ptbench(items: list[PTBenchItem], model: str | None = None, source: str = "") -> dict[str, Any]:
    """Solve and score every item; returns the report written to ``ptbench.json``."""
    import time

    from usermind.evals.ptbench import aggregate, score_item

    start = time.perf_counter()
    llm = None
    if model:
        from usermind.llm.client import LLMClient

        llm = LLMClient(model)
    else:
        warm_cache(items)
    scores = []
    for item in items:
        predicted = solve_llm(item, llm) if llm is not None else solve_llm_free(item)
        scores.append(score_item(item, predicted))
    seconds = time.perf_counter() - start
    return {
        "benchmark": "ptbench",
        "data": source,
        "solver": model or "llm-free",
        **aggregate(scores).model_dump(),
        "seconds": round(seconds, 2),
        "ms_per_item": round(1000 * seconds / max(len(items), 1), 2),
    }
