"""Moved to :mod:`usermind.prompts.data_frame` (every prompt lives in ``usermind/prompts/``)."""

from usermind.prompts.data_frame import data_message, data_note, escape, frame

__all__ = ["data_message", "data_note", "escape", "frame"]
