"""The embedded local model (SmolLM2-135M) answers two LoCoMo questions end to end."""

import pytest

from tests.evals_memory.judge_answers import JUDGE_CORRECT
from usermind.evals.locomo import run_locomo
from usermind.evals.locomo_qa import LoCoMoQA
from usermind.evals.qa_scoring import bleu1, locomo_f1
from usermind.llm.client import LLMClient


@pytest.mark.slow
def test_local_model_answers_two_questions(locomo_file, tmp_path, embedder):
    answerer = LLMClient("local/smollm2")
    judge = LLMClient("openai/gpt-4o-mini", mock_response=JUDGE_CORRECT)
    qa = LoCoMoQA(answerer, judge, categories=[1, 2, 3, 4], limit=2, max_tokens=24)
    report = run_locomo(locomo_file, tmp_path, embedder=embedder, progress=False, qa=qa)
    assert [r.question for r in qa.records] == [
        "What is the name of Ana's dog?",
        "When did Ben play his first cello recital?",
    ]
    for record in qa.records:
        assert record.answer_error is None and record.answer.strip()
        assert 0 < record.completion_tokens <= 24 and record.memories > 0
        assert record.f1 == locomo_f1(record.answer, record.gold, record.category)
        assert record.bleu1 == bleu1(record.answer, record.gold)
    assert report["qa"]["overall"]["n"] == 2 and report["qa"]["llm_calls_per_question"]["answer"] == 1.0
