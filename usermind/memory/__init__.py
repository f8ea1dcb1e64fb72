"""Episodic and semantic memory with hybrid recall and Self-ReCheck verification.

``MemorySystem`` is the facade; the models are what crosses its boundary.
"""

from usermind.memory.config import FusionWeights, MemoryConfig, VerifyConfig
from usermind.memory.decay import DecayPolicy, DecayReport
from usermind.memory.models import DroppedMemory, Fact, FactChange, Guard, Memory, Turn, TurnIn, Verification
from usermind.memory.system import MemorySystem

__all__ = [
    "DecayPolicy",
    "DecayReport",
    "DroppedMemory",
    "Fact",
    "FactChange",
    "FusionWeights",
    "Guard",
    "Memory",
    "MemoryConfig",
    "MemorySystem",
    "Turn",
    "TurnIn",
    "Verification",
    "VerifyConfig",
]
