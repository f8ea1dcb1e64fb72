"""Declarative PIE rules and the lift-style miner that flags filter-bubble feature pairs.

A Personalized Information Environment (PIE, arXiv 2509.07133) shows up as feature pairs that
co-occur in a user's liked items far more often than in the population (``cuisine:italian`` +
``ingredient:tomato``).  A :class:`PieRule` says which pairs to look at and how strong the
over-representation must be; a :class:`PieRuleSet` is plain JSON users can read and extend::

    {"rules": [{"name": "cuisine x ingredient", "types": ["cuisine", "ingredient"],
                "min_count": 3, "min_support": 0.25, "min_lift": 2.0}]}

Features are strings ``"type:value"``; the type is the part before the first ``:``.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from usermind.errors import ConfigError

Pair = tuple[str, str]


def feature_type(feature: str) -> str:
    return feature.split(":", 1)[0] if ":" in feature else ""


def pairs_of(features: list[str] | set[str]) -> list[Pair]:
    """Every unordered pair of distinct features, each sorted."""
    return list(combinations(sorted(set(features)), 2))


class PieRule(BaseModel):
    """Which feature pairs to test and the thresholds that make one PIE-inducing."""

    name: str
    types: list[str] | None = Field(None, description="two feature types, one feature of each; None = any")
    features: list[str] | None = Field(None, description="an explicit pair to watch; None = any pair")
    min_count: int = Field(3, ge=1, description="liked items that must contain the pair")
    min_support: float = Field(0.25, ge=0.0, le=1.0, description="share of liked items with the pair")
    min_lift: float = Field(2.0, gt=0.0, description="user support / population support")
    strategy: str | None = Field(None, description="force none/soft/invert/remove for matches")
    enabled: bool = True

    def matches(self, pair: Pair) -> bool:
        if self.features is not None:
            return set(pair) == {f.strip() for f in self.features}
        if self.types is not None:
            return sorted(feature_type(f) for f in pair) == sorted(self.types)
        return True


class PieRuleSet(BaseModel):
    rules: list[PieRule]
    max_pairs_per_user: int = Field(3, ge=1)
    smoothing: float = Field(1.0, ge=0.0, description="pseudo-count added to the population pair count")


DEFAULT_RULES = PieRuleSet(rules=[PieRule(name="any feature pair")])


def load_rules(path: str | Path) -> PieRuleSet:
    """Read a rule set from JSON; a bad file is a one-line :class:`ConfigError`."""
    try:
        return PieRuleSet.model_validate(json.loads(Path(path).read_text()))
    except OSError as exc:
        raise ConfigError(f"cannot read PIE rules {path}: {exc.strerror}") from None
    except (json.JSONDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise ConfigError(f"PIE rules {path} are not a valid rule set: {first}") from None


class PopulationStats(BaseModel):
    """Pair counts over a population of liked items (all users, or the catalogue)."""

    n_items: int
    pair_counts: dict[str, int]

    @staticmethod
    def key(pair: Pair) -> str:
        return "|".join(pair)

    @classmethod
    def from_items(cls, items: list[list[str]]) -> PopulationStats:
        counts: Counter[str] = Counter()
        for features in items:
            counts.update(cls.key(p) for p in pairs_of(features))
        return cls(n_items=len(items), pair_counts=dict(counts))

    def support(self, pair: Pair, smoothing: float) -> float:
        return (self.pair_counts.get(self.key(pair), 0) + smoothing) / (self.n_items + smoothing)


class PieFinding(BaseModel):
    """One flagged PIE-inducing pair of one user, with the evidence."""

    pair: Pair
    rule: str
    count: int
    support: float
    population_support: float
    lift: float
    strategy: str | None = None


def mine_pie_pairs(
    liked_items: list[list[str]], population: PopulationStats, rules: PieRuleSet = DEFAULT_RULES
) -> list[PieFinding]:
    """Flag pairs over-represented in ``liked_items`` relative to ``population`` (pure).

    lift = (count / n_liked) / population support; a pair is flagged by the first enabled rule it
    matches whose thresholds it meets.  Returns at most ``max_pairs_per_user`` findings, highest
    ``lift * support`` first.
    """
    n = len(liked_items)
    if n == 0:
        return []
    counts: Counter[Pair] = Counter(p for features in liked_items for p in pairs_of(features))
    findings: list[PieFinding] = []
    for pair, count in counts.items():
        support = count / n
        pop = population.support(pair, rules.smoothing)
        lift = support / pop
        for rule in rules.rules:
            if not (rule.enabled and rule.matches(pair)):
                continue
            if count >= rule.min_count and support >= rule.min_support and lift >= rule.min_lift:
                findings.append(
                    PieFinding(
                        pair=pair,
                        rule=rule.name,
                        count=count,
                        support=support,
                        population_support=pop,
                        lift=lift,
                        strategy=rule.strategy,
                    )
                )
                break
    findings.sort(key=lambda f: (-f.lift * f.support, f.pair))
    return findings[: rules.max_pairs_per_user]
