import pytest

from usermind.graphs.driver import open_backend
from usermind.graphs.graph import KnowledgeGraph
from usermind.graphs.kgt import KGTEditor, predict_answer
from usermind.graphs.models import Triple
from usermind.storage.db import Database


@pytest.mark.slow
def test_kgt_with_the_local_model_makes_the_user_answer_win_and_reverts(tmp_path):
    from usermind.llm.client import LLMClient

    llm = LLMClient("local/smollm2")
    db = Database(tmp_path / "g.db")
    backend = open_backend("networkx", db=db)
    graph = KnowledgeGraph(backend, "bob")
    graph.add(Triple(head="user", relation="lives in", tail="London"))
    graph.add(Triple(head="user", relation="favourite sport", tail="football"))
    graph.add(Triple(head="user", relation="favourite fruit", tail="apple"))
    start = sorted(t.text() for t in graph.triples())
    query, options = "What is my favourite fruit?", ["mango", "apple"]
    before = predict_answer(llm, query, graph.triples(), options)
    assert before.best == "apple"

    result = KGTEditor(graph, llm).tune(query, "mango")
    assert any(t.tail == "mango" for t in result.added)
    assert result.loss_after < result.loss_before
    after = predict_answer(llm, "Which fruit do I like best?", graph.triples(), options)
    assert after.facts == ["user favourite fruit mango"]
    assert after.scores["mango"] > after.scores["apple"]
    assert ("user lives in London") in [t.text() for t in graph.triples()]

    graph.revert_group(result.group_id)
    assert sorted(t.text() for t in graph.triples()) == start
    backend.close()
    db.close()
