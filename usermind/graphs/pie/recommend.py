"""LLM-free recommendation from a user's graph slice over a candidate catalogue.

The slice holds feature preferences ``(user, likes|dislikes, "type:value")`` and co-occurrence
preferences ``("type:a", co_liked_with, "type:b")``; an item's score is the signed sum of the
weights of its features and of its feature pairs.  Everything here is pure (no I/O).
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cached_property

import numpy as np
from pydantic import BaseModel, Field

from usermind.graphs.models import SELF, Provenance, Triple, entity_key, polarity_sign
from usermind.graphs.pie.rules import PopulationStats, feature_type, pairs_of

PAIR_RELATION = "co_liked_with"


class CatalogueItem(BaseModel):
    id: str
    name: str = ""
    features: list[str]


class Catalogue(BaseModel):
    """Candidate items; features are ``"type:value"`` strings."""

    items: list[CatalogueItem]

    @cached_property
    def features(self) -> list[str]:
        return sorted({f for it in self.items for f in it.features})

    @cached_property
    def index(self) -> dict[str, int]:
        return {entity_key(f): i for i, f in enumerate(self.features)}

    @cached_property
    def matrix(self) -> np.ndarray:
        """(items x features) 0/1 float matrix."""
        x = np.zeros((len(self.items), len(self.features)), dtype=np.float64)
        for r, it in enumerate(self.items):
            for f in it.features:
                x[r, self.index[entity_key(f)]] = 1.0
        return x

    @cached_property
    def by_id(self) -> dict[str, CatalogueItem]:
        return {it.id: it for it in self.items}

    @cached_property
    def population(self) -> PopulationStats:
        return PopulationStats.from_items([it.features for it in self.items])

    @cached_property
    def feature_share(self) -> dict[str, float]:
        counts = Counter(f for it in self.items for f in set(it.features))
        return {f: c / len(self.items) for f, c in counts.items()}


class PreferenceConfig(BaseModel):
    min_pair_count: int = Field(3, ge=1, description="liked items a pair needs to become a triple")


class Recommendation(BaseModel):
    item_id: str
    score: float


def _log_ratio(count: int, n: int, share: float) -> float:
    return math.log((count + 1.0) / (n * share + 1.0))


def preference_triples(
    liked: list[CatalogueItem],
    disliked: list[CatalogueItem],
    catalogue: Catalogue,
    config: PreferenceConfig | None = None,
) -> list[Triple]:
    """Turn liked/disliked items into weighted feature and pair preference triples (pure).

    Weight = log((count + 1) / (expected count under the catalogue's feature share + 1)), kept
    when positive; pairs need ``min_pair_count`` liked items.
    """
    cfg = config or PreferenceConfig()
    out: list[Triple] = []
    for items, polarity in ((liked, "likes"), (disliked, "dislikes")):
        counts = Counter(f for it in items for f in set(it.features))
        for f in sorted(counts):
            w = _log_ratio(counts[f], len(items), catalogue.feature_share.get(f, 0.0))
            if w > 0:
                prov = Provenance(feedback_ids=[it.id for it in items if f in it.features], source="feedback")
                out.append(
                    Triple(
                        head=SELF,
                        relation=polarity,
                        tail=f,
                        polarity=polarity,
                        weight=w,
                        head_type="user",
                        tail_type=feature_type(f),
                        provenance=prov,
                    )
                )
    pair_counts = Counter(p for it in liked for p in pairs_of(it.features))
    pop = catalogue.population
    for (a, b), c in sorted(pair_counts.items()):
        if c < cfg.min_pair_count:
            continue
        w = math.log((c + 1.0) / (len(liked) * pop.support((a, b), 0.0) + 1.0))
        if w > 0:
            out.append(
                Triple(
                    head=a,
                    relation=PAIR_RELATION,
                    tail=b,
                    polarity="likes",
                    weight=w,
                    head_type=feature_type(a),
                    tail_type=feature_type(b),
                    provenance=Provenance(source="feedback"),
                )
            )
    return out


def score_items(triples: list[Triple], catalogue: Catalogue) -> np.ndarray:
    """Score every catalogue item from the preference triples of a (possibly adapted) slice."""
    idx = catalogue.index
    x = catalogue.matrix
    unary = np.zeros(x.shape[1])
    scores = np.zeros(x.shape[0])
    for t in triples:
        if not t.current:
            continue
        sign = polarity_sign(t.polarity)
        head, tail = entity_key(t.head), entity_key(t.tail)
        if head == SELF and t.relation in ("likes", "dislikes") and tail in idx:
            unary[idx[tail]] += sign * t.weight
        elif t.relation == PAIR_RELATION and head in idx and tail in idx:
            scores += sign * t.weight * x[:, idx[head]] * x[:, idx[tail]]
    return scores + x @ unary


def recommend(
    triples: list[Triple], catalogue: Catalogue, k: int = 10, exclude: set[str] | frozenset[str] = frozenset()
) -> list[Recommendation]:
    """The top ``k`` catalogue items by :func:`score_items`, skipping ``exclude``; ties by item id."""
    scores = score_items(triples, catalogue)
    order = sorted(range(len(catalogue.items)), key=lambda i: (-scores[i], catalogue.items[i].id))
    out: list[Recommendation] = []
    for i in order:
        item = catalogue.items[i]
        if item.id in exclude:
            continue
        out.append(Recommendation(item_id=item.id, score=float(scores[i])))
        if len(out) == k:
            break
    return out
