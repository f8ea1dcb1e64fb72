"""Word expansion: the user's own words most like a question's words are searched for as a third
lexical query ("instruments" finds "clarinet"); word vectors are stored once and go with forgotten
memories.  Real MiniLM embeddings (the session's embedder) on SQLite."""

import numpy as np

from usermind.memory import MemorySystem, TurnIn
from usermind.memory.config import MemoryConfig
from usermind.memory.query import analyse
from usermind.memory.recall import expansion_terms
from usermind.memory.vocabulary import Vocabulary, related_terms

SAID = [
    ("S1", "Melanie", "Work has been hectic, we launched a new product line last week."),
    ("S1", "Caroline", "Congrats! I finished a painting of a sunset over the lake."),
    ("S2", "Melanie", "Yeah, I practise the clarinet every evening to unwind."),
    ("S2", "Caroline", "I went to a concert downtown, the band played for three hours."),
    ("S3", "Melanie", "We went hiking in the mountains with the kids on Sunday."),
    ("S3", "Caroline", "My cat knocked over a vase and hid under the sofa all day."),
    ("S4", "Melanie", "We play board games every Friday night, the kids always win."),
    ("S4", "Caroline", "I play tennis on Saturdays with my neighbour."),
]
QUESTION = "What instruments does Melanie play?"


def _fill(mem: MemorySystem) -> None:
    mem.add_turns(
        "u",
        [
            TurnIn(session_id=s, text=t, speaker=who, ts=1.7e9 + i, source_id=f"t{i}")
            for i, (s, who, t) in enumerate(SAID)
        ],
    )


class CountingEmbedder:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self, inner):
        self.inner, self.dim, self.texts = inner, inner.dim, []

    def embed(self, texts):
        self.texts.extend(texts)
        return self.inner.embed(texts)


def _unit(*rows) -> np.ndarray:
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_related_terms_keep_the_likest_usable_words_above_the_floor_without_the_asked_ones():
    vocab = Vocabulary(dim=3)
    vocab.add(
        ["violins", "violin", "guitar", "weather", "played"],
        _unit([1, 0.1, 0], [1, 0.12, 0], [1, 0.3, 0], [0, 0, 1], [1, 0, 0]),
    )
    likeness = vocab.likeness(_unit([1, 0, 0]), generic=0.0)
    assert likeness.argmax() == 4  # "played" is the query's own vector
    asked = {"play"}  # the stem of "played": the question's own word is not an expansion
    terms = related_terms(vocab, likeness, asked, usable=lambda t: t != "guitar", n=5, floor=0.5)
    assert terms == [
        "violin"
    ]  # one stem for "violins"/"violin"; "guitar" unusable; "weather" below the floor
    assert related_terms(vocab, likeness, asked, usable=lambda t: True, n=1, floor=0.5) == ["violin"]


def test_the_generic_share_lowers_words_like_the_vocabularys_mean():
    vocab = Vocabulary(dim=2)
    vocab.add(["a", "b", "c"], _unit([1, 0], [1, 0.05], [0, 1]))
    plain = vocab.likeness(_unit([0.7, 0.7]), generic=0.0)
    corrected = vocab.likeness(_unit([0.7, 0.7]), generic=0.5)
    assert np.isclose(plain[0], plain[2], atol=1e-6) and corrected[2] > corrected[0]  # "c" is the rare one


def test_instruments_finds_the_clarinet_and_its_score_is_the_weighted_component(db, embedder):
    mem = MemorySystem(db, embedder)
    _fill(mem)
    index = mem.cache.get("u")
    info = analyse(QUESTION, index.speakers)  # "Melanie" is a speaker: left out of the words compared
    missing = mem.words.for_query(index, info, mem.query_vectors.vectors)
    assert set(missing) == {"instruments"}  # "play" is one of the user's words, "Melanie" a speaker
    terms = expansion_terms(index, info, missing, mem.config)
    assert "clarinet" in terms and not {"instrument", "play", "melanie"} & set(terms)
    request = analyse("Recommend an instrument I could learn.", index.speakers)
    assert request.wants_preferences
    assert mem.words.for_query(index, request, mem.query_vectors.vectors) is None
    assert expansion_terms(index, request, {}, mem.config) == []
    unseen = analyse("Which woodwind instruments does Melanie own?", index.speakers)
    vectors = mem.words.for_query(index, unseen, mem.query_vectors.vectors)
    assert set(vectors) == {"woodwind", "instruments"}  # embedded before the index is locked
    assert "clarinet" in expansion_terms(index, unseen, vectors, mem.config)
    found = {m.source_ids[0]: m for m in mem.recall("u", QUESTION, k=8, now=1.8e9)}
    assert found["t2"].components["expansion"] > 0
    mem.config = MemoryConfig(weights={"expansion": 0.0})
    plain = {m.source_ids[0]: m for m in mem.recall("u", QUESTION, k=8, now=1.8e9)}
    assert "expansion" not in plain["t2"].components
    for sid, memory in found.items():
        assert np.isclose(memory.score - plain[sid].score, 0.15 * memory.components["expansion"], atol=1e-5)


def test_word_vectors_are_stored_once_and_read_back_by_a_new_process(db, embedder):
    counting = CountingEmbedder(embedder)
    _fill(MemorySystem(db, counting))
    learned = [t for t in counting.texts if " " not in t]
    assert "clarinet" in learned and len(learned) == len(set(learned))
    counting.texts.clear()
    fresh = MemorySystem(db, counting)  # a restarted process: the index is built from the database
    assert "clarinet" in fresh.cache.get("u").vocabulary
    assert counting.texts == []  # no word embedded again


def test_forgetting_a_memory_deletes_its_words_and_the_rebuilt_index_relearns_shared_ones(db, embedder):
    mem = MemorySystem(db, embedder)
    _fill(mem)
    clarinet = next(m for m in mem.list_memories("u") if "clarinet" in m.text)
    assert mem.forget("u", clarinet.id)
    stored = {r["word"] for r in db.query("SELECT word FROM mem_words WHERE user_id = ?", ("u",))}
    assert "clarinet" not in stored and "unwind" not in stored
    assert "melanie" not in stored  # a word of the forgotten turn that others share is dropped too ...
    index = mem.cache.get("u")  # ... and embedded again when the index is rebuilt
    assert "melanie" in index.vocabulary and "clarinet" not in index.vocabulary
    stored = {r["word"] for r in db.query("SELECT word FROM mem_words WHERE user_id = ?", ("u",))}
    assert "melanie" in stored and "clarinet" not in stored


class WordlessEmbedder(CountingEmbedder):
    """Fails whenever it is asked for single words (the word vectors), embeds sentences."""

    def embed(self, texts):
        if any(" " not in t for t in texts):
            raise RuntimeError("embedding service down")
        return super().embed(texts)


def test_a_failing_word_embedding_loses_no_turn_and_the_next_index_build_fills_the_words(db, embedder):
    _fill(MemorySystem(db, WordlessEmbedder(embedder)))  # no error raised
    assert len(db.query("SELECT id FROM mem_turns WHERE user_id = ?", ("u",))) == len(SAID)
    assert db.query("SELECT word FROM mem_words WHERE user_id = ?", ("u",)) == []
    index = MemorySystem(db, embedder).cache.get("u")
    assert "clarinet" in index.vocabulary
    assert len(db.query("SELECT word FROM mem_words WHERE user_id = ?", ("u",))) == len(index.vocabulary)


def test_the_index_notes_each_rows_words_once_and_pending_lists_those_without_a_vector():
    vocab = Vocabulary(dim=2)
    vocab.note(["the", "clarinet", "is", "a", "clarinet", "2024", "ok"])
    vocab.note(["violin", "clarinet"])
    assert list(vocab.seen) == ["clarinet", "violin"]  # stop words, short and non-alphabetic words out
    vocab.add(["violin"], _unit([1, 0]))
    assert vocab.pending() == ["clarinet"]


def test_likeness_in_one_pass_equals_the_two_products_it_stands_for():
    rng = np.random.default_rng(7)
    words = rng.standard_normal((500, 16)).astype(np.float32)
    words /= np.linalg.norm(words, axis=1, keepdims=True)
    vocab = Vocabulary(dim=16)
    vocab.add([f"w{i}" for i in range(500)], words)
    query = words[:3]
    mean = words.sum(axis=0) / np.linalg.norm(words.sum(axis=0))
    expected = (words @ query.T).max(axis=1) - 0.3 * (words @ mean)
    assert np.allclose(vocab.likeness(query, generic=0.3), expected, atol=1e-5)


def test_a_split_vocabulary_scan_gives_the_same_likeness_as_one_pass(monkeypatch):
    import usermind.memory.vocabulary as vocabulary

    rng = np.random.default_rng(3)
    words = rng.standard_normal((301, 16)).astype(np.float32)  # odd: the halves differ in size
    words /= np.linalg.norm(words, axis=1, keepdims=True)
    vocab = Vocabulary(dim=16)
    vocab.add([f"w{i}" for i in range(301)], words)
    one_pass = vocab.likeness(words[:2], generic=0.3)
    monkeypatch.setattr(vocabulary, "SPLIT_FROM", 10)
    split = vocab.likeness(words[:2], generic=0.3)
    assert split.shape == (301,) and np.array_equal(split, one_pass)


def test_a_failed_word_embedding_is_remembered_until_a_build_retries_it_or_the_user_is_forgotten(
    db, embedder
):
    mem = MemorySystem(db, WordlessEmbedder(embedder))
    _fill(mem)
    assert mem.words.failed == {"u"}
    mem.words._embed = embedder.embed  # the embedder works again: the index build's retry clears it
    assert "clarinet" in mem.cache.get("u").vocabulary and mem.words.failed == set()
    mem.words._embed = WordlessEmbedder(embedder).embed
    mem.add_turns("u", [TurnIn(session_id="S9", text="I bought a new oboe today.", speaker="Melanie")])
    assert mem.words.failed == {"u"}
    mem.forget_all("u")
    assert mem.words.failed == set()
