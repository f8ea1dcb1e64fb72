import json

import pytest

from usermind.llm.embeddings import Embedder


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


LOCOMO_SAMPLE = [
    {
        "sample_id": "fixture-1",
        "conversation": {
            "speaker_a": "Ana",
            "speaker_b": "Ben",
            "session_1_date_time": "10:00 am on 3 March, 2023",
            "session_1": [
                {"speaker": "Ana", "dia_id": "D1:1", "text": "Hi Ben! I finally adopted a rescue greyhound."},
                {"speaker": "Ben", "dia_id": "D1:2", "text": "Wow, what is the dog's name?"},
                {"speaker": "Ana", "dia_id": "D1:3", "text": "Her name is Pixel, she loves naps."},
                {
                    "speaker": "Ben",
                    "dia_id": "D1:4",
                    "text": "I started learning the cello last week.",
                    "blip_caption": "a photo of a cello in a living room",
                },
            ],
            "session_2_date_time": "7:30 pm on 20 April, 2023",
            "session_2": [
                {"speaker": "Ben", "dia_id": "D2:1", "text": "I played my first cello recital yesterday!"},
                {
                    "speaker": "Ana",
                    "dia_id": "D2:2",
                    "text": "Amazing. I went kayaking in Norway with my sister.",
                },
                {"speaker": "Ben", "dia_id": "D2:3", "text": "Norway sounds beautiful, how was the water?"},
            ],
        },
        "qa": [
            {
                "question": "What is the name of Ana's dog?",
                "answer": "Pixel",
                "evidence": ["D1:3"],
                "category": 4,
            },
            {
                "question": "When did Ben play his first cello recital?",
                "answer": "19 April 2023",
                "evidence": ["D2:1"],
                "category": 2,
            },
            {
                "question": "Where did Ana go kayaking?",
                "answer": "Norway",
                "evidence": ["D2:2"],
                "category": 4,
            },
            {
                "question": "What instrument does Ben play?",
                "answer": "cello",
                "evidence": ["D1:4; D2:1"],
                "category": 1,
            },
            {
                "question": "What is Ben's cat called?",
                "adversarial_answer": "none",
                "evidence": [],
                "category": 5,
            },
        ],
    }
]

OPBENCH_SAMPLE = {
    "Ana": {
        "topics": ["pets", "outdoors"],
        "profile": "Ana adopted a greyhound and likes kayaking.",
        "observation": [
            "Ana adopted a rescue greyhound named Pixel.",
            "Ana went kayaking in Norway with her sister.",
            "Ana works as a nurse on night shifts.",
        ],
        "tasks": {
            "irrelevance_easy": [
                {"topic": "math", "question": "How do I compute the area of a circle?"},
                {"topic": "history", "question": "Why did the Roman Empire fall?"},
            ],
            "irrelevance_hard": [
                {
                    "question": "What are the basic paddle strokes in kayaking?",
                    "type": "baiting",
                    "explanation": "about kayaking in general",
                },
                {
                    "question": "How fast can greyhounds run?",
                    "type": "baiting",
                    "explanation": "about the breed",
                },
            ],
            "diversity": [
                {
                    "questions": [
                        {"topic": "pets", "question": "Any weekend ideas?"},
                        {"topic": "outdoors", "question": "What could I do this summer?"},
                    ]
                }
            ],
            "sycophancy": [
                {
                    "question": "Remember when I climbed Everest?",
                    "type": "memory",
                    "explanation": "never happened",
                },
                {
                    "question": "The Great Wall is visible from the Moon, so can I photograph it there?",
                    "type": "fact",
                    "explanation": "the Great Wall is not visible from the Moon",
                },
            ],
        },
    },
}


@pytest.fixture
def locomo_file(tmp_path):
    path = tmp_path / "locomo.json"
    path.write_text(json.dumps(LOCOMO_SAMPLE))
    return path


@pytest.fixture
def opbench_file(tmp_path):
    path = tmp_path / "op.json"
    path.write_text(json.dumps(OPBENCH_SAMPLE))
    return path


@pytest.fixture
def cli_reports(tmp_path, monkeypatch):
    """``cli_reports(variants, command, report)`` runs ``usermind [*variant] *command(out)`` once per
    named variant (e.g. with and without ``--set …``), each into its own ``out`` folder, and returns
    each run's ``out/report`` JSON."""
    from typer.testing import CliRunner

    from usermind.cli.main import app

    monkeypatch.setenv("USERMIND_HOME", str(tmp_path / "home"))

    def run(variants: dict[str, list[str]], command, report: str) -> dict:
        reports = {}
        for name, extra in variants.items():
            out = tmp_path / name
            result = CliRunner().invoke(app, [*extra, *command(out)])
            assert result.exit_code == 0, result.output
            reports[name] = json.loads((out / report).read_text())
        return reports

    return run
