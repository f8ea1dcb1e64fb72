"""The LLM paths (extraction, extractive re-check) with a scripted client, and their rule fallbacks."""

from usermind.errors import StructuredOutputError
from usermind.memory import MemoryConfig, MemorySystem
from usermind.memory.extraction.llm import ExtractedFact, ExtractedFacts
from usermind.memory.models import Memory
from usermind.memory.verify_llm import build_prompt, parse_kept


class ScriptedLLM:
    def __init__(self, text="", facts=None, fail=False):
        self.text, self.facts, self.fail, self.prompts = text, facts, fail, []

    def complete(self, messages, max_tokens=256, temperature=0.0):
        self.prompts.append(messages[-1]["content"])
        return self.text

    def structured(self, messages, schema):
        self.prompts.append(messages[-1]["content"])
        if self.fail:
            raise StructuredOutputError("model returned broken JSON")
        return schema.model_validate(self.facts.model_dump())


def _mems(*texts):
    return [Memory(id=f"m{i}", kind="turn", text=t) for i, t in enumerate(texts)]


def test_parse_kept_by_number_and_text_and_none():
    mems = _mems("I have a dog named Rex.", "I live in Oslo.")
    assert parse_kept("[2] I live in Oslo.", mems) == {1}
    assert parse_kept("I have a dog named Rex.", mems) == {0}
    assert parse_kept("NO RELEVANT CONTEXT", mems) == set()
    assert "NO RELEVANT CONTEXT" in build_prompt("hi", mems) and "[1] I have a dog" in build_prompt(
        "hi", mems
    )


def test_llm_verify_mode_uses_the_extractive_answer(db, embedder):
    llm = ScriptedLLM(text="[1] I live in Oslo.")
    mem = MemorySystem(db, embedder, llm=llm, config=MemoryConfig(llm_verify=True))
    mem.add_turn("u1", "s", "user", "I live in Oslo.")
    mem.add_turn("u1", "s", "user", "I play chess on Sundays.")
    result = mem.verify("u1", "Where do I live?", mem.recall("u1", "Where do I live?", k=2))
    assert result.mode == "llm" and [m.text for m in result.kept] == ["I live in Oslo."]
    assert result.dropped[0].reason and "Where do I live?" in llm.prompts[0]


def test_a_general_question_is_not_sent_to_the_llm_recheck(db, embedder):
    llm = ScriptedLLM(text="[1]")
    mem = MemorySystem(db, embedder, llm=llm, config=MemoryConfig(llm_verify=True))
    mem.add_turn("u1", "s", "user", "I visited Canberra last spring with my sister.")
    asked = "What is the capital of Australia?"
    result = mem.verify("u1", asked, mem.recall("u1", asked, k=2))
    assert llm.prompts == [] and result.mode != "llm" and not result.personalize  # the rules: no memory
    request = "Suggest a weekend trip for me."
    assert mem.verify("u1", request, mem.recall("u1", request, k=2)).mode == "llm" and len(llm.prompts) == 1


def test_the_llm_recheck_keeps_the_rules_guards(db, embedder):
    from usermind.memory.config import VerifyConfig

    llm = ScriptedLLM(text="[1]")
    config = MemoryConfig(llm_verify=True, verify=VerifyConfig(repetition_limit=1))
    mem = MemorySystem(db, embedder, llm=llm, config=config)
    mem.add_turn("u1", "s", "user", "I live in Oslo and work at the harbour.")
    claim = "Remember when I went skydiving over the Nazca lines?"
    result = mem.verify("u1", claim, mem.recall("u1", claim, k=2))
    assert result.mode == "llm" and llm.prompts  # the model kept [1] ...
    assert result.kept == [] and [g.kind for g in result.guards] == ["sycophancy"]  # nothing backs it
    asked = "Where do I live again?"
    first = mem.verify("u1", asked, mem.recall("u1", asked, k=2))
    assert first.kept and not first.guards
    mem.note_used("u1", [m.id for m in first.kept])
    again = mem.verify("u1", asked, mem.recall("u1", asked, k=2))
    assert [g.kind for g in again.guards] == ["repetition"]


def test_llm_extraction_and_fallback_to_rules(db, embedder):
    facts = ExtractedFacts(
        facts=[
            ExtractedFact(
                subject="user",
                predicate="plays",
                object="chess",
                statement="User plays chess on Sundays",
                turn=1,
            )
        ]
    )
    mem = MemorySystem(db, embedder, llm=ScriptedLLM(facts=facts), config=MemoryConfig(llm_extraction=True))
    turn = mem.add_turn("u1", "s", "user", "I play chess on Sundays.")
    (change,) = mem.remember("u1")
    assert change.fact.method == "llm" and change.fact.source_ids == [turn.id]
    broken = MemorySystem(db, embedder, llm=ScriptedLLM(fail=True), config=MemoryConfig(llm_extraction=True))
    broken.add_turn("u2", "s", "user", "I live in Oslo.")
    (fallback,) = broken.remember("u2")
    assert fallback.fact.method == "rules" and fallback.fact.object == "Oslo"
