"""A lean encoder for sentence-transformers checkpoints made of Transformer → mean Pooling → Normalize
(all-MiniLM-L6-v2 is one).  It skips the sentence-transformers import (about 6 s of a chat's start-up
on 2 cores) and, for a plain BERT, transformers too (:mod:`usermind.llm.bert_encoder`); the vectors are
the same (tests compare them with ``SentenceTransformer`` and with the transformers path).  Other
pipelines load through sentence-transformers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

MEAN_PIPELINE = ["sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling"]


def is_mean_pooled(folder: Path) -> bool:
    """Whether ``folder`` holds a Transformer → mean Pooling (→ Normalize) pipeline."""
    try:
        modules = [m["type"] for m in json.loads((folder / "modules.json").read_text())]
        pooling = next(
            m["path"] for m in json.loads((folder / "modules.json").read_text()) if "Pooling" in m["type"]
        )
        config = json.loads((folder / pooling / "config.json").read_text())
    except (OSError, ValueError, KeyError, StopIteration):
        return False
    flags = [k for k, v in config.items() if k.startswith("pooling_mode") and v]
    return modules[:2] == MEAN_PIPELINE and flags == ["pooling_mode_mean_tokens"]


class MeanPooledEncoder:
    """``encode(texts)`` → float32 rows (not yet normalised), like ``SentenceTransformer.encode``."""

    def __init__(
        self, folder: Path, device: str = "cpu", *, plain: bool | None = None, precision: str = "float32"
    ):
        """``plain``: run the checkpoint with :mod:`usermind.llm.bert_encoder` (no transformers import);
        by default whenever the folder is a plain BERT it supports.  ``precision``: ``float32`` or
        ``bfloat16`` (:mod:`usermind.llm.precision`); pooling always adds up in float32."""
        import torch

        from usermind.llm import bert_encoder

        self.torch = torch
        settings = json.loads((folder / "sentence_bert_config.json").read_text())
        self.max_length = int(settings.get("max_seq_length", 256))
        self.device = device
        dtype = torch.bfloat16 if precision == "bfloat16" else torch.float32
        self.plain = bert_encoder.supported(folder) if plain is None else plain
        if self.plain:
            self.bert = bert_encoder.BertEncoder(folder, self.max_length, device, dtype)
            self.hidden_size = self.bert.hidden_size
        else:
            from transformers import AutoModel, AutoTokenizer

            self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
            self.model = AutoModel.from_pretrained(str(folder)).to(device=device, dtype=dtype).eval()
            self.hidden_size = int(self.model.config.hidden_size)

    def _hidden(self, texts: list[str], int8: bool = False) -> tuple[Any, Any]:
        """Last hidden states and attention mask of one batch."""
        if self.plain:
            ids, mask = self.bert.tokenize(texts)
            return self.bert.hidden(ids, mask, int8=int8), mask
        batch = self.tokenizer(
            texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
        ).to(self.device)
        return self.model(**batch).last_hidden_state, batch["attention_mask"]

    def encode(self, texts: list[str], batch_size: int = 64, *, int8: bool = False) -> np.ndarray:
        """``int8``: the plain BERT's matrix products in dynamic int8 (query-sized encodes,
        :mod:`usermind.llm.bert_int8`); other checkpoints ignore it."""
        order = np.argsort([-len(t) for t in texts], kind="stable")  # similar lengths share a batch
        rows = np.zeros((len(texts), self.hidden_size), dtype=np.float32)
        with self.torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                index = order[start : start + batch_size]
                hidden, attention = self._hidden([texts[i] for i in index], int8)
                hidden = hidden.float()
                mask = attention.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                rows[index] = pooled.cpu().numpy()  # float32: the hidden states were made float above
        return rows
