"""PTBench through the product: each item becomes a user of the agent's own stores and its tools a
:class:`~usermind.tools.ToolRegistry`; the choice is made by :func:`usermind.tools.select_tools`, the
function the agent's ``select_tools`` node calls, after the same steps the node takes (preferences stated
in the message are learned; the profile comes from the persona store).  With a model, the product's
LLM path of ``select_tools`` (one structured call over the same candidates and evidence)."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from usermind.evals.progress import tracked
from usermind.evals.ptbench import FuncCalls, PTBenchItem, aggregate, score_item
from usermind.tools.fill import flatten_profile
from usermind.tools.registry import ToolRegistry
from usermind.tools.schema_tool import spec_from_schema

if TYPE_CHECKING:
    from usermind.llm.client import LLMClient
    from usermind.persona.store import PersonaStore
    from usermind.tools.match import EmbeddingCache
    from usermind.tools.preferences import ToolPreferenceStore


def registry_for(item: PTBenchItem) -> tuple[ToolRegistry, dict[str, str]]:
    """The item's tools as a registry (names made unique per platform when two platforms share one)
    and the map from registered name back to the item's tool name."""
    descriptions = {str(p.get("name", "")): str(p.get("description", "")) for p in item.platforms}
    names = [str(t.get("name", "")) for t in item.tools]
    registry, back = ToolRegistry(), {}
    for n, tool in enumerate(item.tools):
        name = str(tool.get("name") or "")
        if not name:
            continue
        platform = str(tool.get("platform") or "default")
        unique = name if names.count(name) == 1 else f"t{n}_{name}"[:64]
        registry.register(
            spec_from_schema(
                tool, platform=platform, platform_description=descriptions.get(platform, ""), name=unique
            )
        )
        back[unique] = name
    return registry, back


def profile_into_persona(persona: PersonaStore, user: str, profile: dict[str, Any]) -> dict[str, Any]:
    """Store the item's profile as the user's stated persona (the agent's source of profiles) and
    return what the agent would read back from it."""
    persona.set_sensitive_allowed(user, True)  # a PTBench profile is stated by its user, fields included
    for key, value in flatten_profile(profile).items():
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        if text.strip():
            persona.set(user, key, text)
    return persona.current(user).as_profile()


def solve(
    item: PTBenchItem,
    user: str,
    persona: PersonaStore,
    prefs: ToolPreferenceStore,
    cache: EmbeddingCache,
    llm: LLMClient | None = None,
) -> tuple[str, FuncCalls] | None:
    """The product's tool call for the item's query, as a PTBench prediction (None: no tool chosen)."""
    from usermind.tools import select_tools

    registry, back = registry_for(item)
    if not len(registry):
        return None
    prefs.learn_from_message(user, item.query, sorted({s.platform for s in registry.specs()}))
    profile = profile_into_persona(persona, user, item.user_profile)
    selection = select_tools(user, item.query, registry, prefs, profile, llm=llm, cache=cache, min_score=-1.0)
    if selection is None:
        return None
    return selection.platform, [{back[selection.tool]: selection.arguments}]


def run_ptbench(
    items: list[PTBenchItem],
    *,
    model: str | None = None,
    source: str = "",
    progress: bool = True,
    out: Path | None = None,
) -> dict[str, Any]:
    """Solve and score every item through the product's selection; returns the ``ptbench.json`` report
    (with ``out``, every prediction goes to ``out/ptbench_predictions.json``)."""
    from usermind.persona.store import PersonaStore
    from usermind.storage import Database
    from usermind.tools.match import DEFAULT_CACHE
    from usermind.tools.preferences import ToolPreferenceStore

    llm = None
    if model:
        from usermind.llm.client import LLMClient

        llm = LLMClient(model)
    start = time.perf_counter()
    scores, predictions = [], []
    with tempfile.TemporaryDirectory() as tmp, tracked(items, "items", enabled=progress) as each:
        db = Database(Path(tmp) / "ptbench.sqlite3")
        persona, prefs = PersonaStore(db), ToolPreferenceStore(db)
        for n, item in enumerate(each):
            predicted = solve(item, f"pt-{n}", persona, prefs, DEFAULT_CACHE, llm)
            scores.append(score_item(item, predicted))
            predictions.append({"query": item.query, "predicted": predicted, "answer": item.answer})
        db.close()
    seconds = time.perf_counter() - start
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "ptbench_predictions.json").write_text(json.dumps(predictions, indent=1, default=str))
    return {
        "benchmark": "ptbench",
        "data": source,
        "solver": f"usermind.tools.select_tools (llm={model})"
        if model
        else "usermind.tools.select_tools (LLM-free)",
        **aggregate(scores).model_dump(),
        "seconds": round(seconds, 2),
        "ms_per_item": round(1000 * seconds / max(len(items), 1), 2),
    }
