"""A BERT encoder in plain torch for the embedded MiniLM checkpoint: the same last hidden states as
``transformers.BertModel`` (tests compare them) without importing transformers, which was the largest
single cost of a chat process's start (about 2.7 s of ~8 s on this machine, idle).

Reads ``config.json``, ``model.safetensors`` and ``tokenizer.json`` (the Rust ``tokenizers`` library,
as ``AutoTokenizer`` does); :func:`supported` says whether a folder is a plain absolute-position BERT
with GELU that this module runs — anything else goes through transformers.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any


def supported(folder: Path) -> bool:
    try:
        config = json.loads((folder / "config.json").read_text())
    except (OSError, ValueError):
        return False
    return (
        config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and (folder / "model.safetensors").is_file()
        and (folder / "tokenizer.json").is_file()
    )


class BertEncoder:
    """``tokenize(texts)`` then ``hidden(batch)``: BERT's last hidden states, batch × tokens × hidden."""

    def __init__(self, folder: Path, max_length: int, device: str = "cpu", dtype: Any = None):
        """``dtype``: the torch dtype the weights and activations are computed in (float32 if None)."""
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        self.torch = torch
        self.config: dict[str, Any] = json.loads((folder / "config.json").read_text())
        self.hidden_size = int(self.config["hidden_size"])
        self.heads = int(self.config["num_attention_heads"])
        self.eps = float(self.config.get("layer_norm_eps", 1e-12))
        self.layers = int(self.config["num_hidden_layers"])
        weights = load_file(str(folder / "model.safetensors"))
        self.weights = {k: v.to(device=device, dtype=dtype or v.dtype) for k, v in weights.items()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_length)
        pad_id = int(self.config.get("pad_token_id", 0))
        self.tokenizer.enable_padding(pad_id=pad_id, pad_token=self.tokenizer.id_to_token(pad_id) or "[PAD]")
        self.device = device
        self._fuse_qkv()
        self.packed = _packed_weights(torch, self.weights) if device == "cpu" else {}
        self._int8: dict[str, Any] | None = None  # packed on the first int8 encode (int8_layers)

    def _fuse_qkv(self) -> None:
        """Each layer's query, key and value projections as one matrix product (same results)."""
        for i in range(self.layers):
            p = f"encoder.layer.{i}.attention.self"
            for part in ("weight", "bias"):
                names = [f"{p}.{n}.{part}" for n in ("query", "key", "value")]
                self.weights[f"{p}.qkv.{part}"] = self.torch.cat([self.weights.pop(n) for n in names])

    def tokenize(self, texts: list[str]) -> tuple[Any, Any]:
        """Token ids and attention mask, padded to the longest text (truncated at ``max_length``)."""
        encoded = self.tokenizer.encode_batch(texts)
        torch = self.torch
        ids = torch.tensor([e.ids for e in encoded], dtype=torch.long, device=self.device)
        mask = torch.tensor([e.attention_mask for e in encoded], dtype=torch.long, device=self.device)
        return ids, mask

    def _w(self, name: str) -> Any:
        return self.weights[name]

    def int8_layers(self) -> dict[str, Any]:
        """The encoder's linear layers packed for dynamic int8 (:mod:`usermind.llm.bert_int8`); empty
        where this torch cannot (encodes then stay in the weights' own precision)."""
        if self._int8 is None:
            from usermind.llm.bert_int8 import int8_linears

            names = [
                n[: -len(".weight")]
                for n, w in self.weights.items()
                if n.endswith(".weight") and w.dim() == 2
            ]
            names = [n for n in names if n.startswith("encoder.layer.")]
            self._int8 = int8_linears(self.torch, self.weights, names) if self.device == "cpu" else {}
        return self._int8

    def _linear(self, x: Any, name: str, int8: dict[str, Any] | None = None) -> Any:
        if int8 and name in int8:
            from usermind.llm.bert_int8 import linear_int8

            return linear_int8(self.torch, x, int8[name]).to(x.dtype)
        packed = self.packed.get(name)
        if packed is not None:
            return self.torch.ops.mkldnn._linear_pointwise(x, packed, self._w(f"{name}.bias"), "none", [], "")
        return self.torch.nn.functional.linear(x, self._w(f"{name}.weight"), self._w(f"{name}.bias"))

    def _norm(self, x: Any, name: str) -> Any:
        weight, bias = self._w(f"{name}.weight"), self._w(f"{name}.bias")
        return self.torch.nn.functional.layer_norm(x, (self.hidden_size,), weight, bias, self.eps)

    def hidden(self, ids: Any, mask: Any, *, int8: bool = False) -> Any:
        """Last hidden states; ``int8``: the layers' matrix products in dynamic int8 where
        :meth:`int8_layers` could pack them (for query-sized batches, :mod:`usermind.llm.bert_int8`)."""
        torch, F = self.torch, self.torch.nn.functional
        layers = self.int8_layers() if int8 else None
        batch, length = ids.shape
        positions = torch.arange(length, device=self.device)
        x = (
            F.embedding(ids, self._w("embeddings.word_embeddings.weight"))
            + F.embedding(positions, self._w("embeddings.position_embeddings.weight"))[None]
            + self._w("embeddings.token_type_embeddings.weight")[0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        blocked = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        size = self.hidden_size // self.heads

        def split(t: Any) -> Any:
            return t.view(batch, length, self.heads, size).transpose(1, 2)

        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            q, k, v = (split(t) for t in self._linear(x, f"{p}.attention.self.qkv", layers).chunk(3, dim=-1))
            context = F.scaled_dot_product_attention(q, k, v, attn_mask=blocked, scale=1 / math.sqrt(size))
            context = context.transpose(1, 2).reshape(batch, length, self.hidden_size)
            attended = self._linear(context, f"{p}.attention.output.dense", layers) + x
            x = self._norm(attended, f"{p}.attention.output.LayerNorm")
            inner = F.gelu(self._linear(x, f"{p}.intermediate.dense", layers))
            x = self._norm(self._linear(inner, f"{p}.output.dense", layers) + x, f"{p}.output.LayerNorm")
        return x


def _packed_weights(torch: Any, weights: dict[str, Any]) -> dict[str, Any]:
    """bfloat16 linear weights pre-packed for oneDNN where the CPU computes bfloat16 natively: a
    matrix product then skips re-laying out its weight on every call (a query embedding's 24 products
    take about a third less time; ``benchmarks/embed_precision.py``).  Each packed weight is checked
    against the plain product once; on any mismatch or missing operator, nothing is packed."""
    from usermind.llm.precision import native_bfloat16

    ops = torch.ops.mkldnn
    names = [n[: -len(".weight")] for n, w in weights.items() if n.endswith(".weight") and w.dim() == 2]
    names = [n for n in names if n.startswith("encoder.layer.")]
    if not names or weights[f"{names[0]}.weight"].dtype != torch.bfloat16 or not native_bfloat16():
        return {}
    try:
        packed = {n: ops._reorder_linear_weight(weights[f"{n}.weight"], None) for n in names}
        for n, w in packed.items():
            probe = torch.linspace(-1, 1, weights[f"{n}.weight"].shape[1], dtype=torch.bfloat16)[None, None]
            expected = torch.nn.functional.linear(probe, weights[f"{n}.weight"], weights[f"{n}.bias"])
            got = ops._linear_pointwise(probe, w, weights[f"{n}.bias"], "none", [], "")
            if not torch.allclose(got.float(), expected.float(), rtol=1e-2, atol=1e-2):
                return {}
    except (AttributeError, RuntimeError):
        return {}
    return packed
