"""A database records which embedding model its vectors come from, on every backend; another model or
centring fails in one line and loses nothing (usermind/memory/embedding_record.py).
Real MiniLM; the other model is MiniLM with one direction added to every vector."""

from __future__ import annotations

import pytest

from tests.offset_embedder import OffsetEmbedder
from usermind.errors import ConfigError
from usermind.llm.centring import CentredEmbedder
from usermind.memory import MemorySystem
from usermind.storage.open import open_database


class OtherModel(OffsetEmbedder):
    model = "other/minilm-offset"


class Unnamed(OffsetEmbedder):
    model = None


def test_another_model_on_a_store_fails_in_one_line_and_loses_nothing(tmp_path, storage_url, embedder):
    db = open_database(tmp_path, storage_url)
    try:
        MemorySystem(db, embedder).add_turn("alice", "s1", "user", "I keep bees on my balcony.")
        with pytest.raises(ConfigError) as failed:
            MemorySystem(db, OtherModel(embedder))
        message = str(failed.value)
        assert "\n" not in message
        assert "embedded with local/minilm, not other/minilm-offset;" in message
        again = MemorySystem(db, embedder)  # the store's own model still opens it, every memory there
        assert [m.text for m in again.recall("alice", "What do I keep on the balcony?", k=1)] == [
            "I keep bees on my balcony."
        ]
        MemorySystem(db, Unnamed(embedder))  # an embedder without a model name is not checked
    finally:
        db.close()


def test_centring_is_part_of_what_a_store_records(tmp_path, storage_url, embedder):
    db = open_database(tmp_path, storage_url)
    try:
        MemorySystem(db, OtherModel(embedder))
        MemorySystem(db, OtherModel(embedder))  # the same model again: fine
        centred = r"with other/minilm-offset, not other/minilm-offset \(re-centred\)"
        with pytest.raises(ConfigError, match=centred):
            MemorySystem(db, CentredEmbedder(OtherModel(embedder)))
    finally:
        db.close()


def test_a_store_written_before_records_were_kept_counts_as_not_centred(tmp_path, storage_url, embedder):
    db = open_database(tmp_path, storage_url)
    try:
        MemorySystem(db, Unnamed(embedder)).add_turn("alice", "s1", "user", "I keep bees on my balcony.")
        with pytest.raises(ConfigError, match=r"embedded with other/minilm-offset, not .*\(re-centred\)"):
            MemorySystem(db, CentredEmbedder(OtherModel(embedder)))
        MemorySystem(db, OtherModel(embedder))  # the model as it was: opens
    finally:
        db.close()
