"""Message kinds learned from embeddings (see :mod:`usermind.memory.kinds.classifier`)."""

from usermind.memory.kinds.classifier import REQUEST, STATEMENT, MessageKinds
from usermind.memory.kinds.softmax import SoftmaxModel, fit_softmax

__all__ = ["REQUEST", "STATEMENT", "MessageKinds", "SoftmaxModel", "fit_softmax"]
