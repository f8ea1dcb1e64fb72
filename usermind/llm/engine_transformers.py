"""transformers engine for GGUF models: CUDA when torch sees a GPU, CPU otherwise; exact log-probs."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from usermind.errors import ModelError
from usermind.llm.local_model import Generation, cuda_available


def _quiet_gguf_conversion() -> None:
    """transformers draws a tqdm bar while it de-quantises GGUF tensors, whatever its logging
    settings say; a chat's stderr should not carry it."""
    from functools import partial

    from transformers import modeling_gguf_pytorch_utils as gguf_utils

    bar = getattr(gguf_utils, "tqdm", None)
    if bar is not None and not isinstance(bar, partial):
        gguf_utils.tqdm = partial(bar, disable=True)


class TransformersEngine:
    name = "transformers"
    repeat_penalty = 1.2  # as the llama.cpp engine: a 135M model loops without it

    def __init__(self, path: Path):
        try:
            import accelerate  # noqa: F401  (transformers needs it to load GGUF files)
            import gguf  # noqa: F401
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError:
            raise ModelError("transformers engine needs: pip install 'usermind[gpu]'") from None
        self.torch = torch
        self.device = "cuda" if cuda_available() else "cpu"
        dtype = torch.float16 if self.device == "cuda" else torch.float32
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        _quiet_gguf_conversion()
        folder, name = str(path.parent), path.name
        self.tokenizer: Any = AutoTokenizer.from_pretrained(folder, gguf_file=name)
        model: Any = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=dtype)
        self.model: Any = model.to(self.device).eval()
        self._lock = threading.Lock()

    def chat(
        self,
        messages: list[dict[str, str]],
        max_tokens: int,
        temperature: float,
        json_schema: dict[str, Any] | None = None,
        stop: list[str] | None = None,
    ) -> Generation:
        if json_schema is not None:  # no constrained decoding here: ask for it; the caller validates
            hint = "Reply with one JSON object matching this schema and nothing else: " + json.dumps(
                json_schema
            )
            messages = [*messages[:-1], {**messages[-1], "content": messages[-1]["content"] + "\n" + hint}]
        encoded = self.tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
        )
        ids = encoded["input_ids"].to(self.device)
        sample = temperature > 0
        with self._lock, self.torch.no_grad():
            out = self.model.generate(
                ids,
                max_new_tokens=max_tokens,
                do_sample=sample,
                temperature=temperature if sample else None,
                top_p=None,
                top_k=None,
                repetition_penalty=self.repeat_penalty,
                pad_token_id=self.tokenizer.eos_token_id,
            )
        new = out[0, ids.shape[1] :]
        text: str = self.tokenizer.decode(new, skip_special_tokens=True)
        for marker in stop or []:
            text = text.split(marker)[0]
        return Generation(text=text, prompt_tokens=int(ids.shape[1]), completion_tokens=int(new.shape[0]))

    def logprobs(self, prompt: str, continuations: list[str]) -> list[float]:
        torch = self.torch
        head = self.tokenizer(prompt, add_special_tokens=False)["input_ids"]
        results = []
        with self._lock, torch.no_grad():
            for continuation in continuations:
                tail = self.tokenizer(continuation, add_special_tokens=False)["input_ids"]
                if not tail:
                    results.append(0.0)
                    continue
                ids = torch.tensor([head + tail], device=self.device)
                logits = self.model(ids).logits[0].float()
                logp = torch.log_softmax(logits[len(head) - 1 : -1], dim=-1)
                results.append(float(logp[torch.arange(len(tail)), torch.tensor(tail)].sum()))
        return results
