"""Tunable settings of the memory system; defined in :mod:`usermind.settings.memory` (the ``memory``
section of the settings tree) and importable from here as before."""

from usermind.settings.memory import FusionWeights, MemoryConfig, VerifyConfig

__all__ = ["FusionWeights", "MemoryConfig", "VerifyConfig"]
