"""The persona API the agent calls: observe, learn from feedback, edit, render, cold start."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from usermind.persona.aggregate import extract_statements, from_facts
from usermind.persona.feedback import infer_from_pair, infer_from_pair_llm
from usermind.persona.gpg import guided_profile
from usermind.persona.models import FactLike, Persona, PersonaAttribute
from usermind.persona.render import clarifying_question, render_persona
from usermind.persona.store import PersonaStore
from usermind.storage.contract import Storage

if TYPE_CHECKING:
    from usermind.protocols import ChatModel


def merge(old: PersonaAttribute | None, new: PersonaAttribute) -> PersonaAttribute:
    """Same polarity: confidences combine (1−(1−a)(1−b)); opposite: the newer observation wins."""
    if old is None:
        return new
    if old.polarity == new.polarity:
        conf = 1 - (1 - old.confidence) * (1 - new.confidence)
        source = "stated" if "stated" in (old.source, new.source) else new.source
        return new.model_copy(
            update={
                "confidence": round(min(conf, 1.0), 3),
                "source": source,
                "provenance": (old.provenance + new.provenance)[-5:],
            }
        )
    return new


class PersonaService:
    """Persona of each user, stored in the shared database."""

    def __init__(self, db: Storage, llm: ChatModel | None = None):
        self.store = PersonaStore(db)
        self.llm = llm

    def get(self, user_id: str) -> Persona:
        return self.store.current(user_id)

    def add(self, user_id: str, observations: Iterable[PersonaAttribute]) -> list[PersonaAttribute]:
        """Merge observations into the stored persona; returns what was stored."""
        stored = []
        for obs in observations:
            current = {(a.attribute, a.value.lower()): a for a in self.store.current(user_id).attributes}
            result = self.store.upsert(user_id, merge(current.get((obs.attribute, obs.value.lower())), obs))
            if result is not None:
                stored.append(result)
        return stored

    def observe_message(self, user_id: str, text: str, turn_id: str | None = None) -> list[PersonaAttribute]:
        """LLM-free: attributes the user states in a message (run in the remember step)."""
        found = extract_statements(text)
        if turn_id:
            found = [a.model_copy(update={"provenance": [turn_id, *a.provenance]}) for a in found]
        return self.add(user_id, found)

    def observe_facts(
        self, user_id: str, facts: Iterable[FactLike | tuple[str, str, str]]
    ) -> list[PersonaAttribute]:
        return self.add(user_id, from_facts(facts))

    def prefer(self, user_id: str, prompt: str, chosen: str, rejected: str) -> list[PersonaAttribute]:
        """Pairwise feedback → abductive persona (LLM when configured, else feature contrast)."""
        if self.llm is not None:
            from usermind.errors import UsermindError

            try:
                return self.add(user_id, infer_from_pair_llm(self.llm, prompt, chosen, rejected))
            except UsermindError:
                pass
        return self.add(user_id, infer_from_pair(prompt, chosen, rejected))

    def refresh_with_llm(self, user_id: str, user_messages: list[str]) -> list[PersonaAttribute]:
        """GPG over the history (background work; needs an LLM)."""
        if self.llm is None:
            return []
        return self.add(user_id, guided_profile(self.llm, user_messages))

    def set(self, user_id: str, attribute: str, value: str, polarity: int = 1) -> PersonaAttribute | None:
        return self.store.set(user_id, attribute, value, polarity)

    def forget(self, user_id: str, attribute: str, value: str | None = None) -> int:
        return self.store.forget(user_id, attribute, value)

    def set_sensitive_allowed(self, user_id: str, allowed: bool) -> None:
        self.store.set_sensitive_allowed(user_id, allowed)

    def render(self, user_id: str, alpha: float = 1.0) -> str:
        return render_persona(self.get(user_id), alpha)

    def clarifying_question(self, user_id: str, message: str, request: bool | None = None) -> str | None:
        return clarifying_question(self.get(user_id), message, request)
