"""The recommendation path: a ``recommend_items`` agent tool over the user's PIE-adapted graph.

Per call, for the user of the act step in progress (:func:`usermind.tools.context.current_user`):

1. **Slice**: the user's current graph triples.  ``user likes|dislikes <item>`` triples (the tail
   is a catalogue item id or name) are *judgments*; ``user likes|dislikes "type:value"`` and
   ``co_liked_with`` triples are feature preferences and are used as they are.  Judged items are
   also turned into feature/pair preferences with :func:`preference_triples` (a preference the
   graph already holds wins over the derived one).
2. **PIE pairs**: :func:`mine_pie_pairs` over the liked items' features against ``population``.
   Without one, the population is the catalogue itself (pair counts over every candidate item):
   it needs no other users' data and says what an unbiased pick from this catalogue looks like.
   Pass ``PopulationStats.from_items(<all users' liked items>)`` when other users are known.
3. **Strategy**: fixed by ``strategy``, else :func:`choose_strategy` from the user's *feedback*,
   the item judgments whose provenance source is :data:`FEEDBACK_SOURCE` (reactions to earlier
   recommendations, kept apart from the history the preferences come from, so the choice is not
   scored on the very likes that built the bubble).  Too little feedback → ``AdaptConfig.fallback``.
4. **Ranking**: :func:`adapt_slice` then the LLM-free :func:`recommend`; judged items are skipped,
   and a request naming catalogue feature values (``"something with basil"``) keeps only items
   with one of them.  With ``llm`` and ``llm.supports_tools()`` one structured call reranks the
   top candidates; on :class:`~usermind.errors.ModelError` the LLM-free order stands.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from usermind.errors import ModelError
from usermind.graphs.graph import KnowledgeGraph
from usermind.graphs.models import SELF, Triple, entity_key, polarity_sign
from usermind.graphs.pie.adapt import AdaptConfig, FeedbackEvent, Strategy, adapt_slice, choose_strategy
from usermind.graphs.pie.recommend import Catalogue, CatalogueItem, preference_triples, recommend
from usermind.graphs.pie.rules import DEFAULT_RULES, PieFinding, PieRuleSet, PopulationStats, mine_pie_pairs
from usermind.prompts import render
from usermind.prompts.tools import Rerank
from usermind.tools.context import current_user
from usermind.tools.registry import ToolRegistry
from usermind.tools.spec import ToolSpec

if TYPE_CHECKING:  # litellm is imported only by whoever builds the client
    from usermind.protocols import ChatModel

FEEDBACK_SOURCE = "feedback"
"""Provenance source of item judgments that count as feedback on recommendations."""
TOOL_NAME = "recommend_items"
TOOL_DESCRIPTION = (
    "Recommend me recipes and dishes to cook; suggest items I would like from the catalogue, "
    "each with a reason"
)
"""Worded like the requests it serves: ``select_tools`` matches messages to it by embedding."""
RERANK_POOL = 3
"""The LLM reranks the top ``RERANK_POOL * k`` candidates."""


class RecommendedItem(BaseModel):
    item_id: str
    name: str = ""
    score: float
    in_bubble: bool = Field(description="the item has every feature of a flagged PIE pair")
    reason: str


class RecommendationResult(BaseModel):
    """What ``recommend_items`` returns to the agent."""

    items: list[RecommendedItem]
    strategy: Strategy
    strategy_reason: str
    pie_pairs: list[tuple[str, str]] = Field(default_factory=list)
    request_features: list[str] = Field(default_factory=list)
    reranked_by_llm: bool = False


class UserTaste(BaseModel):
    """A user's graph split into item judgments and feature preferences (see module doc)."""

    liked: list[CatalogueItem] = Field(default_factory=list)
    disliked: list[CatalogueItem] = Field(default_factory=list)
    feedback: list[FeedbackEvent] = Field(default_factory=list)
    slice: list[Triple] = Field(default_factory=list)


def read_taste(triples: list[Triple], catalogue: Catalogue) -> UserTaste:
    """Split current triples into judged items, feedback and a preference slice (pure)."""
    items = {entity_key(it.id): it for it in catalogue.items}
    items |= {
        entity_key(it.name): it for it in catalogue.items if it.name and entity_key(it.name) not in items
    }
    taste = UserTaste()
    prefs: list[Triple] = []
    for t in triples:
        if not t.current:
            continue
        item = items.get(entity_key(t.tail)) if entity_key(t.head) == SELF else None
        sign = polarity_sign(t.polarity)
        if item is None or sign == 0:
            prefs.append(t)
            continue
        (taste.liked if sign > 0 else taste.disliked).append(item)
        if t.provenance.source == FEEDBACK_SOURCE:
            taste.feedback.append(FeedbackEvent(item_id=item.id, liked=sign > 0))
    held = {t.identity for t in prefs}
    derived = preference_triples(taste.liked, taste.disliked, catalogue)
    taste.slice = prefs + [t for t in derived if t.identity not in held]
    return taste


def request_features(request: str | None, catalogue: Catalogue) -> list[str]:
    """Catalogue features whose value is named in the request (``"with basil"`` → ``ingredient:basil``)."""
    if not request:
        return []
    text = request.lower()
    return [
        f
        for f in catalogue.features
        if re.search(rf"(?<!\w){re.escape(f.split(':', 1)[-1].lower())}(?!\w)", text)
    ]


def _reason(item: CatalogueItem, slice_: list[Triple], findings: list[PieFinding]) -> str:
    weights: dict[str, float] = {}
    for t in slice_:
        if t.current and entity_key(t.head) == SELF:
            key = entity_key(t.tail)
            weights[key] = weights.get(key, 0.0) + polarity_sign(t.polarity) * t.weight
    liked = [f for f in item.features if weights.get(entity_key(f), 0.0) > 0]
    liked.sort(key=lambda f: -weights[entity_key(f)])
    parts = [f"you like {', '.join(liked[:3])}" if liked else "ranked by your overall taste"]
    if findings and not set(findings[0].pair) <= set(item.features):
        parts.append("outside your usual " + " + ".join(findings[0].pair))
    return "; ".join(parts)


def llm_rerank(
    llm: ChatModel, request: str | None, candidates: list[RecommendedItem], catalogue: Catalogue
) -> list[RecommendedItem] | None:
    """Reorder ``candidates`` with one structured call; None on :class:`ModelError`."""
    listing = [
        {"id": c.item_id, "name": c.name, "features": catalogue.by_id[c.item_id].features, "why": c.reason}
        for c in candidates
    ]
    prompt = render(
        "recommend_rerank", request=request or "recommend something", candidates=json.dumps(listing)
    )
    try:
        out = llm.structured([{"role": "user", "content": prompt}], Rerank)
    except ModelError:
        return None
    by_id = {c.item_id: c for c in candidates}
    order = [i for i in dict.fromkeys(out.order) if i in by_id]
    return [by_id[i] for i in order] + [c for c in candidates if c.item_id not in set(order)]


def recommend_for(
    graph: KnowledgeGraph,
    catalogue: Catalogue,
    *,
    request: str | None = None,
    k: int = 5,
    population: PopulationStats | None = None,
    rules: PieRuleSet = DEFAULT_RULES,
    strategy: Strategy | None = None,
    adapt: AdaptConfig | None = None,
    llm: ChatModel | None = None,
) -> RecommendationResult:
    """The top ``k`` catalogue items for the graph's user, with a reason each (see module doc)."""
    taste = read_taste(graph.triples(), catalogue)
    findings = mine_pie_pairs([it.features for it in taste.liked], population or catalogue.population, rules)
    if strategy is None:
        choice = choose_strategy(taste.slice, findings, taste.feedback, catalogue, adapt)
        chosen, why = choice.strategy, choice.reason
    else:
        chosen, why = strategy, "strategy fixed by the tool's configuration"
    adapted = adapt_slice(taste.slice, findings, chosen, adapt)
    wanted = request_features(request, catalogue)
    exclude = {it.id for it in taste.liked + taste.disliked}
    if wanted:
        keys = {entity_key(f) for f in wanted}
        exclude |= {it.id for it in catalogue.items if not keys & {entity_key(f) for f in it.features}}
    rerank = llm is not None and llm.supports_tools()
    ranked = recommend(adapted, catalogue, k * RERANK_POOL if rerank else k, exclude)
    items = [
        RecommendedItem(
            item_id=r.item_id,
            name=catalogue.by_id[r.item_id].name,
            score=r.score,
            in_bubble=any(set(f.pair) <= set(catalogue.by_id[r.item_id].features) for f in findings),
            reason=_reason(catalogue.by_id[r.item_id], adapted, findings),
        )
        for r in ranked
    ]
    reranked = llm_rerank(llm, request, items, catalogue) if llm is not None and rerank and items else None
    return RecommendationResult(
        items=(reranked or items)[:k],
        strategy=chosen,
        strategy_reason=why,
        pie_pairs=[f.pair for f in findings],
        request_features=wanted,
        reranked_by_llm=reranked is not None,
    )


def recommendation_tools(
    registry: ToolRegistry,
    graph_for: Callable[[str], KnowledgeGraph],
    catalogue: Catalogue,
    *,
    population: PopulationStats | None = None,
    rules: PieRuleSet = DEFAULT_RULES,
    llm: ChatModel | None = None,
    k: int = 5,
    strategy: Strategy | None = None,
    adapt: AdaptConfig | None = None,
    name: str = TOOL_NAME,
    description: str = TOOL_DESCRIPTION,
) -> ToolSpec:
    """Register ``recommend_items`` (args: optional ``request`` text and ``k``) on ``registry``, or
    under ``name`` with ``description`` (worded like the requests it serves: tools are matched to
    messages by embedding) for a catalogue that is not recipes.

    ``graph_for`` gives a user's graph (``agent.context.graph_for``); the user is the one of the
    act step in progress, never an argument the model fills in.  ``strategy=None`` chooses per user.
    """
    default_k = k

    @registry.tool(description=description, name=name, group="recommend")
    def recommend_items(request: str | None = None, k: int | None = None) -> RecommendationResult:
        user = current_user()
        return recommend_for(
            graph_for(user),
            catalogue,
            request=request,
            k=max(1, k or default_k),
            population=population,
            rules=rules,
            strategy=strategy,
            adapt=adapt,
            llm=llm,
        )

    return registry.get(name)
