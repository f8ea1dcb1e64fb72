"""Rule-guided avoidance of Personalized Information Environments (filter bubbles)."""

from usermind.graphs.pie.adapt import (
    STRATEGIES,
    AdaptConfig,
    FeedbackEvent,
    Strategy,
    StrategyChoice,
    adapt_slice,
    biased_triples,
    choose_strategy,
)
from usermind.graphs.pie.recommend import (
    Catalogue,
    CatalogueItem,
    PreferenceConfig,
    Recommendation,
    preference_triples,
    recommend,
    score_items,
)
from usermind.graphs.pie.rules import (
    DEFAULT_RULES,
    PieFinding,
    PieRule,
    PieRuleSet,
    PopulationStats,
    load_rules,
    mine_pie_pairs,
)

__all__ = [
    "STRATEGIES",
    "AdaptConfig",
    "FeedbackEvent",
    "Strategy",
    "StrategyChoice",
    "adapt_slice",
    "biased_triples",
    "choose_strategy",
    "Catalogue",
    "CatalogueItem",
    "PreferenceConfig",
    "Recommendation",
    "preference_triples",
    "recommend",
    "score_items",
    "DEFAULT_RULES",
    "PieFinding",
    "PieRule",
    "PieRuleSet",
    "PopulationStats",
    "load_rules",
    "mine_pie_pairs",
]
