"""``usermind eval kgt``: efficacy of KGT edits on the generated personalized-fact set.

Per user (a real networkx graph in a temporary SQLite database): the model's default answer of
each fact is its preferred option with no facts; for half of the facts (``stale``) the graph first
holds that default as an outdated belief.  Facts are then edited one after another with
:class:`KGTEditor`; right before and right after each edit, every wording of the question (the
query and its paraphrases) is answered by retrieving the user's facts from the graph
(:class:`FactRetriever`: embedding similarity + entity match; never the answer) and comparing the
LM's log-probabilities of the user's answer and the default answer given those facts.
"""

from __future__ import annotations

import tempfile
import time
from itertools import groupby
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from usermind.evals.kgt_data import KGTCase, generate
from usermind.evals.progress import tracked
from usermind.graphs.driver import open_backend
from usermind.graphs.graph import KnowledgeGraph
from usermind.graphs.kgt import FactRetriever, KGTConfig, KGTEditor, extract, predict_answer
from usermind.graphs.kgt.scoring import Scorer, answer_scores
from usermind.graphs.models import Triple
from usermind.storage.db import Database


class CaseResult(BaseModel):
    id: str
    user_id: str
    slot: str
    user_answer: str
    default_answer: str
    stale: bool
    before: list[bool]
    after: list[bool]
    margin_after: list[float]
    added: int
    removed: int
    removed_other_slot: int
    loss_before: float
    loss_after: float
    converged: bool
    seconds: float


def default_answer(llm: Scorer, case: KGTCase) -> str:
    """The option the model prefers for the query with no facts, other than the user's answer."""
    scores = answer_scores(llm, case.query, [], case.options).scores
    return max((o for o in case.options if o != case.user_answer), key=lambda o: scores[o])


def _wins(llm: Scorer, case: KGTCase, default: str, triples: list[Triple], retriever: FactRetriever):
    wins, margins = [], []
    for query in [case.query, *case.paraphrases]:
        scores = predict_answer(llm, query, triples, [case.user_answer, default], retriever).scores
        margins.append(scores[case.user_answer] - scores[default])
        wins.append(margins[-1] > 0)
    return wins, margins


def run_case(
    llm: Scorer,
    graph: KnowledgeGraph,
    editor: KGTEditor,
    case: KGTCase,
    default: str,
    retriever: FactRetriever,
    slot_of: dict[str, str],
) -> CaseResult:
    before, _ = _wins(llm, case, default, graph.triples(), retriever)
    result = editor.tune(case.query, case.user_answer, feedback_id=case.id)
    after, margins = _wins(llm, case, default, graph.triples(), retriever)
    for ref in result.added:
        slot_of[ref.id] = case.slot
    return CaseResult(
        id=case.id,
        user_id=case.user_id,
        slot=case.slot,
        user_answer=case.user_answer,
        default_answer=default,
        stale=case.stale,
        before=before,
        after=after,
        margin_after=margins,
        added=len(result.added),
        removed=len(result.removed),
        removed_other_slot=sum(slot_of.get(r.id) != case.slot for r in result.removed),
        loss_before=result.loss_before,
        loss_after=result.loss_after,
        converged=result.converged,
        seconds=result.seconds,
    )


def _seed_stale(graph: KnowledgeGraph, case: KGTCase, default: str, slot_of: dict[str, str]) -> None:
    found = extract(case.query, default)
    edit = graph.add(
        Triple(head=found.head, relation=found.relations[0], tail=found.answer),
        reason="benchmark: outdated belief",
        source="seed",
    )
    slot_of[edit.triple_id] = case.slot


def summarise(rows: list[CaseResult]) -> dict:
    """Aggregate metrics over cases (pure)."""

    def mean(values) -> float:
        values = list(values)
        return float(np.mean(values)) if values else 0.0

    seconds = [r.seconds for r in rows]
    return {
        "cases": len(rows),
        "users": len({r.user_id for r in rows}),
        "efficacy": mean(r.after[0] for r in rows),
        "paraphrase_efficacy": mean(w for r in rows for w in r.after[1:]),
        "baseline_efficacy": mean(r.before[0] for r in rows),
        "baseline_paraphrase_efficacy": mean(w for r in rows for w in r.before[1:]),
        "efficacy_stale_cases": mean(r.after[0] for r in rows if r.stale),
        "efficacy_fresh_cases": mean(r.after[0] for r in rows if not r.stale),
        "triples_changed_per_edit": mean(r.added + r.removed for r in rows),
        "triples_added_per_edit": mean(r.added for r in rows),
        "triples_removed_per_edit": mean(r.removed for r in rows),
        "removed_of_other_facts": int(sum(r.removed_other_slot for r in rows)),
        "converged_share": mean(r.converged for r in rows),
        "loss_before_mean": mean(r.loss_before for r in rows),
        "loss_after_mean": mean(r.loss_after for r in rows),
        "seconds_per_edit_mean": mean(seconds),
        "seconds_per_edit_p95": float(np.percentile(seconds, 95)) if seconds else 0.0,
    }


def _run_user(
    llm: Scorer,
    backend,
    config: KGTConfig,
    retriever: FactRetriever,
    user_id: str,
    user_cases: list[KGTCase],
    rows: list[CaseResult],
) -> None:
    """Tune one user's graph on their cases (stale facts seeded first), appending a row per case."""
    graph = KnowledgeGraph(backend, user_id)
    editor = KGTEditor(graph, llm, config)
    defaults = {c.id: default_answer(llm, c) for c in user_cases}
    slot_of: dict[str, str] = {}
    for case in user_cases:
        if case.stale:
            _seed_stale(graph, case, defaults[case.id], slot_of)
    for case in user_cases:
        rows.append(run_case(llm, graph, editor, case, defaults[case.id], retriever, slot_of))


def run_kgt(
    llm: Scorer,
    n: int = 60,
    seed: int = 0,
    config: KGTConfig | None = None,
    k: int = 1,
    model_name: str = "local/smollm2",
    progress: bool = False,
) -> dict:
    """Run the benchmark; returns the JSON-ready report (summary, config, per-case rows)."""
    config = config or KGTConfig()
    cases = generate(n, seed)
    retriever = FactRetriever(k=k)
    rows: list[CaseResult] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="usermind-kgt-") as tmp:
        db = Database(Path(tmp) / "kgt.db")
        backend = open_backend("networkx", db=db)
        try:
            users = [(user_id, list(group)) for user_id, group in groupby(cases, key=lambda c: c.user_id)]
            with tracked(users, "users", enabled=progress) as each_user:
                for user_id, user_cases in each_user:
                    _run_user(llm, backend, config, retriever, user_id, user_cases, rows)
        finally:
            backend.close()
            db.close()
    return {
        "benchmark": "kgt",
        "model": model_name,
        "n": n,
        "seed": seed,
        "retrieved_facts_k": k,
        "config": config.model_dump(),
        "summary": summarise(rows),
        "wall_seconds": time.perf_counter() - start,
        "paper_reference": {"efficacy": 0.9458, "seconds_per_edit": 0.15, "model": "Llama3-8B, A100"},
        "cases": [r.model_dump() for r in rows],
    }
