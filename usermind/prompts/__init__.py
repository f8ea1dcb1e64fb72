"""Every LLM prompt of the package: one module per concern, each prompt a builder next to its answer
model, all in one registry that settings (``[prompts]`` template files) and ``Agent(prompts=...)``
callables can override.  The chat reply's message layouts are :mod:`usermind.prompts.chat` and
:mod:`usermind.prompts.chat_compact` (tuned with ``system_prompt`` and the generation settings)."""

from usermind.prompts.library import (
    DEFAULT,
    Prompt,
    PromptLibrary,
    PromptOverride,
    answer_model,
    get_prompt,
    prompt_names,
    register_prompt,
    render,
)

__all__ = [
    "DEFAULT",
    "Prompt",
    "PromptLibrary",
    "PromptOverride",
    "answer_model",
    "get_prompt",
    "prompt_names",
    "register_prompt",
    "render",
]
