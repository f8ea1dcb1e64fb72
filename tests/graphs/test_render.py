from usermind.graphs.models import Triple
from usermind.graphs.render import render_graph


def test_render_groups_by_head_and_marks_polarity_and_history():
    old = Triple(head="user", relation="lives in", tail="Paris", polarity="is", valid_to=5.0)
    text = render_graph(
        [
            Triple(head="user", relation="likes", tail="jazz", polarity="likes", weight=0.9),
            Triple(head="user", relation="dislikes", tail="rain", polarity="dislikes", weight=0.4),
            old,
            Triple(head="Rex", relation="is", tail="dog", polarity="is"),
        ]
    )
    assert text.splitlines() == [
        "Rex",
        "  = is dog  [w=1.00]",
        "user",
        "  + likes jazz  [w=0.90]",
        "  - dislikes rain  [w=0.40]",
        "  = lives in Paris  [w=1.00]  (no longer true)",
        "2 entities with outgoing relations, 3 current triples",
    ]
    assert render_graph([]) == "(the knowledge graph is empty)"
