"""llama.cpp engine for GGUF models (CPU; JSON-schema constrained decoding; exact log-probs)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from usermind.errors import ModelError
from usermind.llm.local_model import Generation

_LOOSE_CHAR = 'char ::= [^"\\\\]'
_STRICT_CHAR = 'char ::= [^"\\\\\\x7F\\x00-\\x1F]'


def _log_softmax(row: np.ndarray) -> np.ndarray:
    shifted = row - row.max()
    return shifted - np.log(np.exp(shifted).sum())


def _threads() -> int:
    """``$USERMIND_LOCAL_THREADS``, else one per CPU.  On a machine busier than its cores, llama.cpp's
    threads wait on each other at every step; one thread keeps a small model's speed steady there."""
    raw = os.environ.get("USERMIND_LOCAL_THREADS", "").strip()
    if raw:
        if not raw.isdigit() or int(raw) < 1:
            raise ModelError(f"USERMIND_LOCAL_THREADS must be a positive whole number, not {raw!r}")
        return int(raw)
    return max(1, os.cpu_count() or 1)


class LlamaCppEngine:
    name = "llama_cpp"
    device = "cpu"

    repeat_penalty = 1.2  # a 135M model loops without it

    def __init__(self, path: Path, n_ctx: int = 4096, scorer_ctx: int = 1024):
        try:
            from llama_cpp import Llama, LlamaGrammar
        except ImportError:
            raise ModelError("llama-cpp-python is not installed: pip install 'usermind[local]'") from None
        self._Llama = Llama
        self._grammar_cls = LlamaGrammar
        self.path = path
        self.scorer_ctx = scorer_ctx
        threads = _threads()
        self.llm = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=threads, verbose=False, seed=0)
        self._scorer = None
        self._formatter = self._chat_formatter()
        self._lock = threading.Lock()

    def chat(
        self,
        messages: list[dict[str, str]],
        max_tokens: int,
        temperature: float,
        json_schema: dict[str, Any] | None = None,
        stop: list[str] | None = None,
    ) -> Generation:
        # The chat template is rendered here and sent through create_completion with our own grammar
        # (see _grammar): llama-cpp-python's response_format path builds a looser one.
        formatted = self._formatter(messages=messages)
        stops = [
            *(
                formatted.stop
                if isinstance(formatted.stop, list)
                else [formatted.stop]
                if formatted.stop
                else []
            )
        ]
        grammar = self._grammar(json_schema) if json_schema is not None else None
        with self._lock:
            out: Any = self.llm.create_completion(
                formatted.prompt,
                max_tokens=max_tokens,
                temperature=temperature,
                stop=[*stops, *(stop or [])] or None,
                grammar=grammar,
                seed=0,
                repeat_penalty=1.0 if grammar is not None else self.repeat_penalty,
            )
        usage = out.get("usage") or {}
        return Generation(
            text=out["choices"][0].get("text") or "",
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
        )

    def _grammar(self, schema: dict[str, Any]):
        """GBNF for ``schema`` whose strings cannot hold control characters: without that, a small
        model can stay inside a string (newlines are legal there) until it runs out of tokens."""
        from llama_cpp.llama_grammar import json_schema_to_gbnf

        gbnf = json_schema_to_gbnf(json.dumps(schema)).replace(_LOOSE_CHAR, _STRICT_CHAR)
        return self._grammar_cls.from_string(gbnf, verbose=False)

    def _chat_formatter(self):
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        template = self.llm.metadata.get("tokenizer.chat_template")
        if not template:
            raise ModelError(f"{self.path.name} has no chat template in its metadata")
        special = {"eos_token": self.llm.token_eos(), "bos_token": self.llm.token_bos()}
        names = {
            k: self.llm.detokenize([v], special=True).decode("utf-8", "ignore") if v >= 0 else ""
            for k, v in special.items()
        }
        return Jinja2ChatFormatter(template=template, add_generation_prompt=True, **names)

    def _scorer_model(self):
        if self._scorer is None:
            self._scorer = self._Llama(
                model_path=str(self.path),
                n_ctx=self.scorer_ctx,
                logits_all=True,
                n_threads=_threads(),
                verbose=False,
            )
        return self._scorer

    def logprobs(self, prompt: str, continuations: list[str]) -> list[float]:
        """Exact sum of log P(continuation tokens | prompt).

        The scorer keeps its KV cache between evaluations and only evaluates the tokens after the
        longest prefix shared with what it evaluated last, so the prompt is evaluated once per call
        (and not at all when the previous call had the same prompt).
        """
        with self._lock:
            scorer = self._scorer_model()
            head = scorer.tokenize(prompt.encode("utf-8"), add_bos=True, special=True)
            results = []
            for continuation in continuations:
                tail = scorer.tokenize(continuation.encode("utf-8"), add_bos=False, special=False)
                if not tail:
                    results.append(0.0)
                    continue
                tokens = head + tail
                if len(tokens) > self.scorer_ctx:
                    raise ModelError(
                        f"prompt and continuation need {len(tokens)} tokens; limit {self.scorer_ctx}"
                    )
                self._eval_reusing_prefix(scorer, tokens)
                logits = np.asarray(scorer.scores[len(head) - 1 : len(tokens) - 1], dtype=np.float64)
                total = 0.0
                for offset, token in enumerate(tail):
                    total += float(_log_softmax(logits[offset])[token])
                results.append(total)
            return results

    @staticmethod
    def _eval_reusing_prefix(scorer, tokens: list[int]) -> None:
        """Evaluate ``tokens``, keeping the cached KV entries and logits of the shared prefix."""
        cached = scorer.input_ids[: scorer.n_tokens].tolist()
        shared = 0
        for a, b in zip(cached, tokens, strict=False):
            if a != b:
                break
            shared += 1
        shared = min(shared, len(tokens) - 1)  # always evaluate at least the last token
        scorer.n_tokens = shared  # eval() drops the KV entries from here on
        scorer.eval(tokens[shared:])
