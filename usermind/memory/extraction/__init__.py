"""Fact extraction: an LLM-free rule path and an LLM structured-output path, both yielding candidates."""

from usermind.memory.extraction.candidates import Candidate
from usermind.memory.extraction.rules import extract_rules

__all__ = ["Candidate", "extract_rules"]
