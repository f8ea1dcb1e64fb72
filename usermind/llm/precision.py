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
# ``embedding.query_precision``: what a query (a recall's question, its new words, a claim) is embedded in
QueryPrecision = Literal["auto", "same", "float32", "bfloat16", "int8"]
QUERY_PRECISIONS: tuple[str, ...] = get_args(QueryPrecision)


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


def resolve_query(query_precision: str, precision: str) -> Literal["float32", "bfloat16", "int8"]:
    """What queries are embedded in: ``same`` as documents (``precision``); ``auto``: bfloat16 where it
    is native, else int8 (:mod:`usermind.llm.bert_int8`: a query's encode is bound by reading the
    weights, which int8 quarters; where bfloat16 is native its packed products are measured instead)."""
    if query_precision == "same":
        return resolve(precision)
    if query_precision == "auto":
        return "bfloat16" if native_bfloat16() else "int8"
    if query_precision == "int8":
        return "int8"
    return resolve(query_precision)
