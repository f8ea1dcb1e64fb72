"""The number format the embedded encoder computes in.

``bfloat16`` embeds a query ~2× and a batch ~2× faster on CPUs that multiply bfloat16 natively
(AVX512-BF16 or AMX; ``python benchmarks/embed_precision.py`` on the shared 2-core EPYC, load 1.1: one
query 12.9 → 6.3 ms p50, 64 texts 395 → 171 ms, with the weights pre-packed for oneDNN by
:mod:`usermind.llm.bert_encoder`) while the vectors stay within cosine 0.9999 of float32's.  Where
the CPU would emulate it, bfloat16 is slower than float32, so ``auto`` picks it only where it is native.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, get_args

Precision = Literal["auto", "float32", "bfloat16"]  # the type of the ``embedding.precision`` setting
PRECISIONS: tuple[str, ...] = get_args(Precision)


@lru_cache(maxsize=1)
def native_bfloat16() -> bool:
    """Whether torch's CPU kernels (oneDNN) multiply bfloat16 natively on this machine."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def resolve(precision: str) -> Literal["float32", "bfloat16"]:
    """``auto`` → bfloat16 where it is native, else float32; the others as they are."""
    if precision == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    if precision == "bfloat16":
        return "bfloat16"
    return "float32"
