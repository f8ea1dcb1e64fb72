"""Persona: a structured, versioned, user-editable profile per user."""

from usermind.persona.models import FactLike, Persona, PersonaAttribute
from usermind.persona.render import clarifying_question, render_persona
from usermind.persona.service import PersonaService
from usermind.persona.store import PersonaStore

__all__ = [
    "FactLike",
    "Persona",
    "PersonaAttribute",
    "PersonaService",
    "PersonaStore",
    "clarifying_question",
    "render_persona",
]
