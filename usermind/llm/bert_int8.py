"""int8 matrix products for query-sized encodes of the embedded BERT (:mod:`usermind.llm.bert_encoder`).

A query is a few tokens, so its encode is bound by reading the encoder's weights (about 42 MB of
float32 per pass), not by arithmetic.  Dynamic int8 (weights per output channel, activations per
tensor, both 8-bit; torch's x86/fbgemm kernels) reads a quarter of the bytes.  Measured ad hoc on the
shared 2-core AMD EPYC (AVX2, no AVX512, one torch thread): an 11-token query 11-13.6 ms float32 -> 3.9
ms, its vector within cosine 0.990-0.995 of float32's; LoCoMo dev evidence recall with every question
embedded this way (documents in float32) 0.722 / 0.825 / 0.897 -> 0.726 / 0.824 / 0.898.  Documents
keep the configured precision: only the query path (``embed_queries``) uses these products.
"""

from __future__ import annotations

import warnings
from typing import Any


def int8_linears(torch: Any, weights: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The linear layers ``names`` (``<name>.weight`` / ``<name>.bias`` in ``weights``) packed for
    torch's dynamic int8 product, each checked once against the float32 product on a probe; empty where
    torch lacks the quantized kernels or any probe disagrees (callers then stay in floating point)."""
    packed: dict[str, Any] = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch marks its quantized tensor constructors deprecated
            for name in names:
                weight = weights[f"{name}.weight"].float()
                bias = weights[f"{name}.bias"].float()
                scale = (weight.abs().amax(dim=1) / 127).clamp(min=1e-12).double()
                zero = torch.zeros(len(scale), dtype=torch.long)
                codes = torch.quantize_per_channel(weight, scale, zero, 0, torch.qint8)
                packed[name] = torch.ops.quantized.linear_prepack(codes, bias)
                probe = torch.randn(4, weight.shape[1], generator=torch.Generator().manual_seed(0))
                got = linear_int8(torch, probe, packed[name])
                expected = torch.nn.functional.linear(probe, weight, bias)
                if float(torch.nn.functional.cosine_similarity(got, expected).min()) < 0.99:
                    return {}
    except (AttributeError, RuntimeError, NotImplementedError):
        return {}
    return packed


def linear_int8(torch: Any, x: Any, packed: Any) -> Any:
    """``x @ weight.T + bias`` through a packed int8 layer (float32 in and out)."""
    return torch.ops.quantized.linear_dynamic(x.float(), packed, False)
