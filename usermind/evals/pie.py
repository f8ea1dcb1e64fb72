"""``usermind eval pie``: Out-PIE rate and relevance of PIE-avoidance strategies on generated data.

Per user: preference triples from the observed likes/dislikes are written to a real graph backend
(networkx in a temporary SQLite database) and read back as the user's slice; PIE pairs are mined
against the population of all users' liked recipes; each strategy adapts the slice and the
LLM-free scorer ranks the unseen catalogue.  For the per-user choice the user first gives feedback
on a probe slate (the top ``probes_per_strategy`` recipes of every strategy, judged by the true
taste); probes are then excluded from the candidates and from the relevant set of every method.

Metrics at k: Out-PIE rate = share of recommendations that are relevant and outside the user's
bubble (do not contain the bubble pair); precision, hit rate and NDCG (binary) against the
held-out truly-liked recipes.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel

from usermind.evals.pie_data import PieBenchConfig, PieDataset, PieUser, generate
from usermind.evals.progress import iterate
from usermind.graphs.driver import open_backend
from usermind.graphs.graph import KnowledgeGraph
from usermind.graphs.pie import (
    STRATEGIES,
    AdaptConfig,
    Catalogue,
    FeedbackEvent,
    PieRuleSet,
    PopulationStats,
    adapt_slice,
    choose_strategy,
    mine_pie_pairs,
    preference_triples,
    score_items,
)
from usermind.graphs.pie.rules import DEFAULT_RULES
from usermind.storage.db import Database


class MethodScores(BaseModel):
    out_pie_rate: float
    out_pie_share_of_relevant: float
    in_bubble_share: float
    precision: float
    hit_rate: float
    ndcg: float


def ranking_metrics(recs: list[str], relevant: set[str], in_bubble: set[str], k: int) -> dict[str, float]:
    """Per-user metrics of one top-k list (pure)."""
    top = recs[:k]
    rel = [r in relevant for r in top]
    out = [r in relevant and r not in in_bubble for r in top]
    dcg = sum(1.0 / math.log2(i + 2) for i, hit in enumerate(rel) if hit)
    idcg = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    n_rel = sum(rel)
    return {
        "out_pie_rate": sum(out) / k,
        "out_pie_share_of_relevant": sum(out) / n_rel if n_rel else 0.0,
        "in_bubble_share": sum(r in in_bubble for r in top) / k,
        "precision": n_rel / k,
        "hit_rate": float(n_rel > 0),
        "ndcg": dcg / idcg if idcg else 0.0,
    }


def _top(scores: np.ndarray, catalogue: Catalogue, exclude: set[str], k: int) -> list[str]:
    order = np.lexsort((np.arange(len(scores)), -scores))
    return [catalogue.items[i].id for i in order if catalogue.items[i].id not in exclude][:k]


def _user_slice(kg: KnowledgeGraph, user: PieUser, catalogue: Catalogue) -> list:
    by_id = catalogue.by_id
    for t in preference_triples([by_id[i] for i in user.liked], [by_id[i] for i in user.disliked], catalogue):
        kg.add(t, reason="observed feedback", source="pie-bench")
    return kg.triples()


def run_pie(
    config: PieBenchConfig | None = None,
    k: int = 10,
    probes_per_strategy: int = 3,
    rules: PieRuleSet = DEFAULT_RULES,
    adapt: AdaptConfig | None = None,
    progress: bool = False,
) -> dict:
    """Run the benchmark; returns the JSON-ready report."""
    t0 = time.perf_counter()
    data: PieDataset = generate(config)
    cat = data.catalogue
    cfg = adapt or AdaptConfig()
    population = PopulationStats.from_items([cat.by_id[i].features for u in data.users for i in u.liked])
    methods = [*STRATEGIES, "per_user"]
    per_method: dict[str, list[dict[str, float]]] = {m: [] for m in methods}
    chosen: Counter[str] = Counter()
    flagged_bubble = n_flagged = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "pie.sqlite3")
        backend = open_backend("networkx", db=db)
        for user in iterate(data.users, "users", enabled=progress):
            triples = _user_slice(KnowledgeGraph(backend, user.id), user, cat)
            findings = mine_pie_pairs([cat.by_id[i].features for i in user.liked], population, rules)
            n_flagged += bool(findings)
            flagged_bubble += any(tuple(f.pair) == tuple(user.bubble) for f in findings)
            seen = set(user.liked) | set(user.disliked)
            scores: dict[str, Any] = {
                s: score_items(adapt_slice(triples, findings, s, cfg), cat) for s in STRATEGIES
            }
            probes = list(
                dict.fromkeys(i for s in STRATEGIES for i in _top(scores[s], cat, seen, probes_per_strategy))
            )
            truly = set(user.truly_liked)
            feedback = [FeedbackEvent(item_id=i, liked=i in truly) for i in probes]
            choice = choose_strategy(triples, findings, feedback, cat, cfg)
            chosen[choice.strategy] += 1
            exclude = seen | set(probes)
            relevant = truly - exclude
            a, b = user.bubble
            in_bubble = {it.id for it in cat.items if a in it.features and b in it.features}
            for m in methods:
                ranked = _top(scores[choice.strategy if m == "per_user" else m], cat, exclude, k)
                per_method[m].append(ranking_metrics(ranked, relevant, in_bubble, k))
        db.close()
    results = {
        m: MethodScores(**{key: float(np.mean([r[key] for r in rows])) for key in rows[0]}).model_dump()
        for m, rows in per_method.items()
    }
    gain = 100 * (results["per_user"]["out_pie_rate"] - results["none"]["out_pie_rate"])
    ndcg_drop = 100 * (results["none"]["ndcg"] - results["per_user"]["ndcg"])
    hit_drop = 100 * (results["none"]["hit_rate"] - results["per_user"]["hit_rate"])
    return {
        "benchmark": "pie",
        "config": data.config.model_dump(),
        "k": k,
        "probes_per_strategy": probes_per_strategy,
        "users": len(data.users),
        "catalogue": len(cat.items),
        "users_with_flagged_pair": n_flagged,
        "users_whose_true_bubble_was_flagged": flagged_bubble,
        "methods": results,
        "chosen_strategy": dict(chosen),
        "bar": {
            "out_pie_gain_points": round(gain, 2),
            "ndcg_drop_points": round(ndcg_drop, 2),
            "hit_rate_drop_points": round(hit_drop, 2),
            "passed": gain >= 7.0 and ndcg_drop <= 2.0 and hit_drop <= 2.0,
        },
        "seconds": round(time.perf_counter() - t0, 2),
    }
