"""A seeded generator for the PIE (filter-bubble) recipe-recommendation benchmark.

World model (everything drawn from ``numpy.random.default_rng(seed)``):

* **Catalogue**: ``catalogue_size`` recipes, each with one cuisine, three distinct ingredients
  (each cuisine has six typical ingredients drawn three times as often) and one technique.
* **True taste** of each user: a weight per feature — three liked cuisines, eight liked and four
  disliked ingredients, small random weights elsewhere — plus per-item noise.  ``genuine_share`` of
  users also carry a real bonus for one cuisine+ingredient combination (their bubble is their taste).
  An item is *truly liked* when its utility is in the user's top ``1 - relevant_quantile`` share of
  the catalogue.  True tastes are broader than any one combination.
* **Bubble pair** of each user: one liked cuisine + one liked ingredient with at least
  ``min_bubble_items`` recipes.
* **Observed history**: ``impressions`` recipes shown to the user, each drawn from the bubble pair's
  recipes with probability ``bubble_exposure`` (a past filter bubble) and from the whole catalogue
  otherwise; shown recipes are liked when truly liked and disliked otherwise.
* **Held-out relevant items** (built by the benchmark): truly liked recipes the user was never shown.
  They come from the true taste, not from the observed likes nor from any strategy.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, Field

from usermind.graphs.pie import Catalogue, CatalogueItem

CUISINES = ["italian", "mexican", "indian", "japanese", "thai", "french", "greek", "chinese"]
INGREDIENTS = [
    "tomato",
    "basil",
    "garlic",
    "onion",
    "chili",
    "lime",
    "coriander",
    "cumin",
    "ginger",
    "soy",
    "rice",
    "noodles",
    "cheese",
    "cream",
    "butter",
    "mushroom",
    "chicken",
    "beef",
    "pork",
    "tofu",
    "shrimp",
    "lentils",
    "potato",
    "eggplant",
]
TECHNIQUES = ["baked", "grilled", "fried", "raw", "stewed", "steamed"]


class PieBenchConfig(BaseModel):
    seed: int = 0
    users: int = Field(200, ge=1, le=10000)
    catalogue_size: int = Field(2000, ge=200, le=50000)
    impressions: int = Field(50, ge=5)
    bubble_exposure: float = Field(0.5, ge=0.0, le=1.0)
    genuine_share: float = Field(0.25, ge=0.0, le=1.0)
    genuine_bonus: float = 2.0
    relevant_quantile: float = Field(0.9, gt=0.0, lt=1.0)
    item_noise: float = 0.3
    min_bubble_items: int = 30


class PieUser(BaseModel):
    id: str
    bubble: tuple[str, str]
    genuine: bool = Field(description="the bubble combination is part of the true taste")
    liked: list[str]
    disliked: list[str]
    truly_liked: list[str] = Field(description="every catalogue item the user truly likes")


class PieDataset(BaseModel):
    config: PieBenchConfig
    catalogue: Catalogue
    users: list[PieUser]


def _catalogue(rng: np.random.Generator, size: int) -> Catalogue:
    typical = {c: rng.choice(len(INGREDIENTS), 6, replace=False) for c in CUISINES}
    items = []
    for i in range(size):
        cuisine = CUISINES[rng.integers(len(CUISINES))]
        p = np.ones(len(INGREDIENTS))
        p[typical[cuisine]] = 3.0
        ingr = rng.choice(len(INGREDIENTS), 3, replace=False, p=p / p.sum())
        tech = TECHNIQUES[rng.integers(len(TECHNIQUES))]
        feats = [
            f"cuisine:{cuisine}",
            *sorted(f"ingredient:{INGREDIENTS[j]}" for j in ingr),
            f"technique:{tech}",
        ]
        items.append(CatalogueItem(id=f"r{i:05d}", name=f"{tech} {cuisine} recipe {i}", features=feats))
    return Catalogue(items=items)


def _taste(rng: np.random.Generator, features: list[str]) -> dict[str, float]:
    theta = {f: float(rng.normal(0, 0.2)) for f in features}
    liked_c = rng.choice(CUISINES, 3, replace=False)
    ingr = rng.permutation(INGREDIENTS)
    for c in liked_c:
        theta[f"cuisine:{c}"] = float(rng.uniform(0.8, 1.5))
    for g in ingr[:8]:
        theta[f"ingredient:{g}"] = float(rng.uniform(0.5, 1.2))
    for g in ingr[8:12]:
        theta[f"ingredient:{g}"] = float(rng.uniform(-1.5, -0.8))
    for t in TECHNIQUES:
        theta[f"technique:{t}"] = float(rng.normal(0, 0.4))
    return theta


def generate(config: PieBenchConfig | None = None) -> PieDataset:
    """Build the catalogue and users; the same config always gives the same dataset."""
    cfg = config or PieBenchConfig()
    rng = np.random.default_rng(cfg.seed)
    cat = _catalogue(rng, cfg.catalogue_size)
    x, feats = cat.matrix, cat.features
    col = {f: i for i, f in enumerate(feats)}
    users: list[PieUser] = []
    for u in range(cfg.users):
        theta = _taste(rng, feats)
        liked_c = [f for f in feats if f.startswith("cuisine:") and theta[f] >= 0.8]
        liked_g = [f for f in feats if f.startswith("ingredient:") and theta[f] >= 0.5]
        options = [
            (c, g)
            for c in liked_c
            for g in liked_g
            if (x[:, col[c]] * x[:, col[g]]).sum() >= cfg.min_bubble_items
        ]
        c, g = options[rng.integers(len(options))]
        in_bubble = (x[:, col[c]] * x[:, col[g]]) > 0
        genuine = bool(rng.random() < cfg.genuine_share)
        utility = x @ np.array([theta[f] for f in feats]) + rng.normal(0, cfg.item_noise, len(cat.items))
        if genuine:
            utility = utility + cfg.genuine_bonus * in_bubble
        truly = utility >= np.quantile(utility, cfg.relevant_quantile)
        bubble_ids, shown = np.flatnonzero(in_bubble), set[int]()
        while len(shown) < cfg.impressions:
            pool = bubble_ids if rng.random() < cfg.bubble_exposure else np.arange(len(cat.items))
            shown.add(int(rng.choice(pool)))
        shown_sorted = sorted(shown)
        users.append(
            PieUser(
                id=f"user{u:04d}",
                bubble=tuple(sorted((c, g))),
                genuine=genuine,
                liked=[cat.items[i].id for i in shown_sorted if truly[i]],
                disliked=[cat.items[i].id for i in shown_sorted if not truly[i]],
                truly_liked=[cat.items[i].id for i in np.flatnonzero(truly)],
            )
        )
    return PieDataset(config=cfg, catalogue=cat, users=users)
