"""What a request's bearing is computed with (see :func:`usermind.memory.recall.bearing`)."""

from usermind.memory.bearing.basis import BearingBasis, BearingVectors
from usermind.memory.bearing.bridge import bridged, like_examples

__all__ = ["BearingBasis", "BearingVectors", "bridged", "like_examples"]
