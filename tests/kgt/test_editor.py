import pytest

from tests.kgt.fakes import FakeScorer, bow_embed
from usermind.errors import ConfigError
from usermind.graphs.driver import open_backend
from usermind.graphs.graph import KnowledgeGraph
from usermind.graphs.kgt import FactRetriever, KGTConfig, KGTEditor, answer_with_graph, predict_answer
from usermind.graphs.models import Triple
from usermind.storage.db import Database


@pytest.fixture()
def graph(tmp_path):
    db = Database(tmp_path / "g.db")
    backend = open_backend("networkx", db=db)
    yield KnowledgeGraph(backend, "alice")
    backend.close()
    db.close()


def facts(graph):
    return sorted((t.head, t.relation, t.tail) for t in graph.triples())


def scorer():
    return FakeScorer({"favourite fruit": -1.0, "lives in": -1.5}, conflicting=frozenset({"favourite fruit"}))


def test_tune_adds_the_fact_removes_the_stale_one_and_logs_both(graph):
    graph.add(Triple(head="user", relation="favourite fruit", tail="apple"))
    graph.add(Triple(head="user", relation="lives in", tail="Paris"))
    start = facts(graph)
    result = KGTEditor(graph, scorer(), KGTConfig(epsilon=1.0)).tune("What is my favourite fruit?", "mango")
    assert [(t.relation, t.tail) for t in result.added] == [("favourite fruit", "mango")]
    assert [(t.relation, t.tail) for t in result.removed] == [("favourite fruit", "apple")]
    assert ("user", "lives in", "Paris") in facts(graph)  # neutral fact kept
    assert result.converged and result.loss_after < result.loss_before
    edits = [e for e in graph.edits() if e.group_id == result.group_id]
    assert [e.op for e in edits] == ["add", "remove"] and [e.id for e in edits] == result.edit_ids
    assert all(e.loss_before > e.loss_after and "mango" in e.reason and e.source == "kgt" for e in edits)
    graph.revert_group(result.group_id)
    assert facts(graph) == start


def test_tuning_the_same_feedback_again_changes_nothing(graph):
    editor = KGTEditor(graph, scorer(), KGTConfig(epsilon=0.5))
    first = editor.tune("What is my favourite fruit?", "mango")
    again = editor.tune("What is my favourite fruit?", "mango")
    assert first.changed == 1 and again.changed == 0 and again.converged


def test_the_lm_is_only_asked_for_logprobs(graph):
    fake = scorer()
    KGTEditor(graph, fake, KGTConfig()).tune("What is my favourite fruit?", "mango")
    assert fake.calls and not hasattr(fake, "structured")


def test_blank_answer_is_a_config_error(graph):
    with pytest.raises(ConfigError):
        KGTEditor(graph, scorer()).tune("What is my favourite fruit?", "  ")


def test_answers_follow_the_retrieved_graph_fact(graph):
    graph.add(Triple(head="user", relation="lives in", tail="Paris"))
    editor = KGTEditor(graph, scorer(), KGTConfig(epsilon=0.5))
    retriever = FactRetriever(embed=bow_embed, k=1)
    query, options = "Which fruit do I like as my favourite?", ["mango", "apple"]
    before = predict_answer(editor.llm, query, graph.triples(), options, retriever)
    assert before.facts == ["user lives in Paris"] and before.scores["mango"] == before.scores["apple"]
    editor.tune("What is my favourite fruit?", "mango")
    after = predict_answer(editor.llm, query, graph.triples(), options, retriever)
    assert after.facts == ["user favourite fruit mango"] and after.best == "mango"
    assert answer_with_graph(editor.llm, graph, query, options, retriever) == "mango"
