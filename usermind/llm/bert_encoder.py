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

    def tokenize(self, texts: list[str]) -> tuple[Any, Any]:
        """Token ids and attention mask, padded to the longest text (truncated at ``max_length``)."""
        encoded = self.tokenizer.encode_batch(texts)
        torch = self.torch
        ids = torch.tensor([e.ids for e in encoded], dtype=torch.long, device=self.device)
        mask = torch.tensor([e.attention_mask for e in encoded], dtype=torch.long, device=self.device)
        return ids, mask

    def _w(self, name: str) -> Any:
        return self.weights[name]

    def _linear(self, x: Any, name: str) -> Any:
        return self.torch.nn.functional.linear(x, self._w(f"{name}.weight"), self._w(f"{name}.bias"))

    def _norm(self, x: Any, name: str) -> Any:
        weight, bias = self._w(f"{name}.weight"), self._w(f"{name}.bias")
        return self.torch.nn.functional.layer_norm(x, (self.hidden_size,), weight, bias, self.eps)

    def hidden(self, ids: Any, mask: Any) -> Any:
        torch, F = self.torch, self.torch.nn.functional
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
            q = split(self._linear(x, f"{p}.attention.self.query"))
            k = split(self._linear(x, f"{p}.attention.self.key"))
            v = split(self._linear(x, f"{p}.attention.self.value"))
            context = F.scaled_dot_product_attention(q, k, v, attn_mask=blocked, scale=1 / math.sqrt(size))
            context = context.transpose(1, 2).reshape(batch, length, self.hidden_size)
            attended = self._linear(context, f"{p}.attention.output.dense") + x
            x = self._norm(attended, f"{p}.attention.output.LayerNorm")
            inner = F.gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = self._norm(self._linear(inner, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
        return x
