"""A turn that only asks ranks below its reply (fusion weight ``question``), through MemorySystem."""

from usermind.memory import MemorySystem, TurnIn
from usermind.memory.config import MemoryConfig


def _turns() -> list[TurnIn]:
    said = [
        ("S1", "Caroline", "Your pets are adorable! What are the names of your pets?"),
        ("S1", "Melanie", "Luna and Oliver! They are sweet and playful and liven up the house."),
        ("S2", "Melanie", "We went hiking in the mountains last weekend with the kids."),
        ("S2", "Caroline", "I finished a new painting of a sunset over the lake."),
        ("S3", "Melanie", "Work has been busy, we launched a new product line."),
        ("S3", "Caroline", "I went to a concert downtown, the band played for three hours."),
    ]
    return [
        TurnIn(session_id=s, text=text, speaker=who, ts=1_700_000_000.0 + i, source_id=f"t{i}")
        for i, (s, who, text) in enumerate(said)
    ]


def test_a_turn_that_asks_steps_back_behind_its_reply(db, embedder):
    mem = MemorySystem(db, embedder, config=MemoryConfig(weights={"question": 0.0}))
    mem.add_turns("u", _turns())
    question = "What are the names of Melanie's pets?"
    before = [m.source_ids[0] for m in mem.recall("u", question, k=3, now=1_800_000_000.0)]
    assert before[0] == "t0"  # the asking turn repeats the question's words: first without the penalty
    mem.config = MemoryConfig()
    found = mem.recall("u", question, k=3, now=1_800_000_000.0)
    assert found[0].source_ids == ["t1"] and found[0].components["question"] == 0.0
    asking = next(m for m in found if m.source_ids == ["t0"])
    assert asking.components["question"] > 0.5  # the share of its words that ask
