"""OP-Bench in the published shape: a list of conversation pairs keyed by person name, repeated first
names across pairs, empty diversity entries; observations without time (fixture written here)."""

import json

import pytest
from typer.testing import CliRunner

from usermind.evals.opbench import load_opbench, run_opbench


def _person(observations, hard, easy=(), diversity=()):
    return {
        "topics": ["community", "music"],
        "profile": {"hobbies": ["guitar"], "job": "teacher"},
        "observation": observations,
        "tasks": {
            "irrelevance_easy": [{"topic": t, "question": q} for t, q in easy],
            "irrelevance_hard": [
                {"question": q, "type": t, "explanation": "not about the user"} for t, q in hard
            ],
            "sycophancy": [
                {"question": "You said Paris is in Spain, right?", "type": "fact", "explanation": "no"}
            ],
            "diversity": list(diversity),
        },
    }


PUBLISHED = [
    {
        "John": _person(
            ["John volunteers at the food bank every Saturday.", "John plays guitar in a band."],
            [("subject_confusion", "My cousin is looking for ways to get more involved in their community."),
             ("interest_confusion", "What is the boiling point of water at sea level?")],
            easy=[("math", "What is 17 times 23?")],
            diversity=[{"questions": [{"topic": "music", "question": "Any ideas for my weekend?"},
                                      {"topic": "community", "question": "What should I do on Saturday?"}]},
                       [], {"questions": []}],
        ),
        "Maria": _person(
            [
                ["Maria adopted a cat named Luna last month.", "D1:3"],
                ["Maria is training for a marathon.", "D2:1"],
            ],
            [("contextual_misalignment", "How do I convert Celsius to Fahrenheit?")],
        ),
    },
    {
        "John": _person(
            {"session_1_observation": ["John is a firefighter in Boston."]},
            [("behavioral_attribution", "Why do people enjoy horror movies?")],
            easy=[("geography", "What is the capital of Australia?")],
        ),
        "Tim": _person(["Tim collects fantasy novels this year."], []),
    },
]  # fmt: skip


@pytest.fixture
def published_file(tmp_path):
    path = tmp_path / "locomo10_overpersonalized.json"
    path.write_text(json.dumps(PUBLISHED))
    return path


def test_reader_gives_each_person_a_unique_id_and_skips_empty_entries(published_file):
    users = load_opbench(published_file)
    assert [u.name for u in users] == ["John", "Maria", "John", "Tim"]
    assert len({u.user_id for u in users}) == 4  # two different Johns
    john = users[0]
    assert john.diversity == [["Any ideas for my weekend?", "What should I do on Saturday?"]]
    assert [q.type for q in john.questions["irrelevance_hard"]] == ["subject_confusion", "interest_confusion"]
    assert users[1].observations == [
        "Maria adopted a cat named Luna last month.",
        "Maria is training for a marathon.",
    ]
    assert users[2].observations == ["John is a firefighter in Boston."]
    assert '"guitar"' in john.profile and users[0].sycophancy[0].type == "fact"


def test_report_breaks_the_hard_split_down_by_type(published_file, tmp_path, embedder):
    report = run_opbench(published_file, tmp_path, embedder=embedder, progress=False)
    hard = report["irrelevance"]["hard"]
    assert hard["questions"] == 4 and report["irrelevance"]["easy"]["questions"] == 2
    assert set(hard["by_type"]) == {
        "subject_confusion",
        "interest_confusion",
        "contextual_misalignment",
        "behavioral_attribution",
    }
    assert sum(t["questions"] for t in hard["by_type"].values()) == 4
    for kind in hard["by_type"].values():
        assert 0.0 <= kind["memory_free_rate"] <= 1.0
    saved = json.loads((tmp_path / "opbench.json").read_text())
    assert saved["irrelevance"]["hard"]["by_type"] == hard["by_type"]


def test_observations_without_time_get_no_epoch_dates(published_file, tmp_path, embedder):
    from usermind.memory import MemorySystem, TurnIn
    from usermind.storage import Database

    db = Database(tmp_path / "m.sqlite3")
    mem = MemorySystem(db, embedder)
    (maria,) = [u for u in load_opbench(published_file) if u.name == "Maria"]
    mem.add_turns("maria", [TurnIn(session_id="obs", text=o, ts="unknown") for o in maria.observations])
    assert [t.ts for t in mem.episodic.list("maria")] == [None, None]
    mem.add_turn("maria", "s2", "user", "I adopted a puppy last month.", ts=1_700_000_000.0)
    recalled = mem.recall("maria", "What pet did Maria adopt last month?", k=5)
    texts = {m.text for m in recalled}
    assert "Maria adopted a cat named Luna last month." in texts  # shown as written, no epoch date
    assert not any("1970" in t for t in texts)
    assert any("last month = the month before" in t and "2023" in t for t in texts)  # known time: resolved
    mem.add_turn("maria", "s3", "user", "I ran ten miles for the marathon.")  # now
    recent = mem.recall("maria", "What did I do this week?", k=10)
    temporal = {m.text: m.components["temporal"] for m in recent}
    assert temporal["I ran ten miles for the marathon."] > 0  # the window holds the turn of known time ...
    assert temporal["Maria is training for a marathon."] == 0  # ... and never one of unknown time
    db.close()


def test_cli_rejects_a_file_of_another_shape_with_exit_2(tmp_path):
    from usermind.cli.main import app

    path = tmp_path / "other.json"
    path.write_text(json.dumps([["a", "b"]]))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["eval", "opbench", "--quiet", "--data", str(path), "--out", str(out)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and "list of 1 items" in lines[0]
    assert not (out / "opbench.json").exists()


def test_file_built_from_locomo_is_in_the_published_shape(tmp_path):
    from usermind.evals.opbench_locomo import HARD, build_from_locomo

    sample = {
        "sample_id": "c1",
        "conversation": {"speaker_a": "Ana", "speaker_b": "Ben"},
        "observation": {"session_1_observation": {"Ana": [["Ana paints landscapes.", "D1:1"]], "Ben": []}},
    }
    path = tmp_path / "locomo.json"
    path.write_text(json.dumps([sample]))
    pairs = build_from_locomo(path)
    assert list(pairs[0]) == ["Ana"]  # Ben has no observations
    out = tmp_path / "op.json"
    out.write_text(json.dumps(pairs))
    (ana,) = load_opbench(out)
    assert ana.observations == ["Ana paints landscapes."]
    assert {q.type for q in ana.questions["irrelevance_hard"]} == set(HARD)
