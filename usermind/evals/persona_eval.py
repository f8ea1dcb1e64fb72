"""Persona recovery: infer each simulated user's persona LLM-free and score it against the hidden profile."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from pydantic import BaseModel

from usermind.evals.persona_sim import HiddenAttribute, SimulatedUser, simulate_users
from usermind.evals.progress import iterate
from usermind.persona.models import PersonaAttribute


class RecoveryScore(BaseModel):
    users: int
    true_positives: int
    predicted: int
    hidden: int
    precision: float
    recall: float
    f1: float
    seconds: float


def _norm(attribute: str, value: str, polarity: int) -> tuple[str, str, int]:
    return (attribute.strip().lower(), value.strip().lower(), polarity)


def recovery_counts(hidden: list[HiddenAttribute], predicted: list[PersonaAttribute]) -> tuple[int, int, int]:
    """(true positives, predicted, hidden): exact (attribute, value, polarity) matches."""
    want = {_norm(h.attribute, h.value, h.polarity) for h in hidden}
    got = {_norm(p.attribute, p.value, p.polarity) for p in predicted}
    return len(want & got), len(got), len(want)


def prf(tp: int, n_pred: int, n_hidden: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_hidden if n_hidden else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def infer_user(user: SimulatedUser, home: Path, min_confidence: float = 0.5) -> list[PersonaAttribute]:
    """Feed the user's messages and choices through the persona service; keep confident attributes."""
    from usermind.persona.service import PersonaService
    from usermind.storage.db import Database

    db = Database(home / f"{user.user_id}.sqlite3")
    try:
        service = PersonaService(db)
        for i, message in enumerate(user.messages):
            service.observe_message(user.user_id, message, turn_id=f"t{i}")
        for prompt, chosen, rejected in user.choices:
            service.prefer(user.user_id, prompt, chosen, rejected)
        persona = service.get(user.user_id)
    finally:
        db.close()
    return [a for a in persona.attributes if a.confidence >= min_confidence]


def run_persona_eval(n_users: int = 20, seed: int = 0, progress: bool = False) -> RecoveryScore:
    start = time.perf_counter()
    users = simulate_users(n_users, seed)
    tp = n_pred = n_hidden = 0
    with tempfile.TemporaryDirectory() as tmp:
        for user in iterate(users, "users", enabled=progress):
            a, b, c = recovery_counts(user.hidden, infer_user(user, Path(tmp)))
            tp, n_pred, n_hidden = tp + a, n_pred + b, n_hidden + c
    p, r, f = prf(tp, n_pred, n_hidden)
    return RecoveryScore(
        users=len(users),
        true_positives=tp,
        predicted=n_pred,
        hidden=n_hidden,
        precision=round(p, 4),
        recall=round(r, 4),
        f1=round(f, 4),
        seconds=round(time.perf_counter() - start, 2),
    )
