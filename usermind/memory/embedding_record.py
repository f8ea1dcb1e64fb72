"""Which embedding model a database's vectors come from, kept in the database itself.

Vectors of two models (or of one model with and without :mod:`usermind.llm.centring`) are not
comparable: a store embedded with one and searched with the other ranks noise, without any error.  The
first memory system that opens a database with a named model records it; opening it later with another
named model, or with centring switched, fails with one line that says what the store holds.  Nothing
is embedded to check (a remote model's dimension would cost a call before the first message is
stored); embedders without a ``model`` name (your own objects) are not recorded or checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from usermind.errors import ConfigError

if TYPE_CHECKING:
    from usermind.protocols import Embedder
    from usermind.storage.contract import Storage

SCHEMA_NAME = "embedding_record_v1"
DDL = """
CREATE TABLE IF NOT EXISTS mem_embedding (
    id INTEGER PRIMARY KEY,
    model TEXT NOT NULL,
    centred INTEGER NOT NULL
);
"""


class EmbeddingIdentity(NamedTuple):
    model: str
    centred: bool

    def describe(self) -> str:
        return f"{self.model}{' (re-centred)' if self.centred else ''}"


def identity(embedder: Embedder) -> EmbeddingIdentity | None:
    """What makes an embedder's vectors comparable with a store's: its model name and whether it is
    re-centred; None for an embedder without a model name."""
    from usermind.llm.centring import CentredEmbedder

    model = getattr(embedder, "model", None)
    if not isinstance(model, str) or not model:
        return None
    centred = isinstance(embedder, CentredEmbedder) or isinstance(
        getattr(embedder, "impl", None), CentredEmbedder
    )
    return EmbeddingIdentity(model, centred)


def _holds_vectors(db: Storage) -> bool:
    return bool(db.query("SELECT 1 FROM mem_turns WHERE length(vec) > 0 LIMIT 1", ()))


def check_embedder(db: Storage, embedder: Embedder) -> None:
    """Record ``embedder`` as the database's model on first use; raise :class:`ConfigError` when the
    database holds another one.  A database that holds vectors but no record (written before records
    were kept, when no model was re-centred) is recorded as not re-centred.  Call it once the memory
    tables exist."""
    own = identity(embedder)
    if own is None:
        return
    db.ensure_schema(SCHEMA_NAME, DDL)
    read = "SELECT model, centred FROM mem_embedding WHERE id = 1"
    rows = db.query(read, ())
    if not rows:
        # embedded before stores kept a record: nothing was centred then
        first = own._replace(centred=False) if _holds_vectors(db) else own
        db.execute(  # the first opener records its model; a second process at the same moment keeps it
            "INSERT INTO mem_embedding (id, model, centred) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING",
            (first.model, int(first.centred)),
        )
        rows = db.query(read, ())
    held = EmbeddingIdentity(str(rows[0]["model"]), bool(rows[0]["centred"]))
    if held != own:
        raise ConfigError(
            f"this database's memories were embedded with {held.describe()}, not {own.describe()}; "
            f"set embedding_model (and embedding.centre) to match it, or use another database"
        )
