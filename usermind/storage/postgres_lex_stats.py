"""Per-user term statistics on Postgres (schema version 5), kept exact by the database itself.

``mem_lex_stats`` holds, for each user, what BM25 and query analysis need of the whole memory without
reading it: ``kind = 'c'`` (term ``''``) the number of searchable rows and their total length in
terms, ``kind = 't'`` each stemmed term's document frequency, ``kind = 's'`` each speaker's number of
searchable turns.  A searchable row is a turn with an ``embedding``, or a fact with one that is still
valid (the rows recall ranks).  Statement-level triggers on ``mem_turns`` and ``mem_facts`` apply the
net change of every INSERT, UPDATE and DELETE in the same transaction — whichever code path wrote
(a chat turn, an import, a backfill, a forget) — and delete a statistic that reaches zero, so a
forgotten memory's words do not stay behind.  Same-user writers never deadlock here: every write
transaction first bumps the user's cache token (one row lock) before it touches memory rows.
"""

from __future__ import annotations

TABLE = "mem_lex_stats"

_DDL_TABLE = """CREATE TABLE IF NOT EXISTS mem_lex_stats (
    _rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    user_id TEXT NOT NULL, kind TEXT NOT NULL, term TEXT NOT NULL,
    docs BIGINT NOT NULL, length BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, kind, term)
)"""

# TG_ARGV[0]: when a row is searchable; TG_ARGV[1]: its speaker expression (facts have none)
_DDL_FUNCTION = r"""CREATE OR REPLACE FUNCTION usermind_lex_stats() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    source text := '';
    zero_users text[];
    zero_kinds text[];
    zero_terms text[];
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        source := format('SELECT -1 AS sign, user_id, lex, nterms, %s AS speaker FROM old_rows WHERE %s',
                         TG_ARGV[1], TG_ARGV[0]);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        source := source || CASE WHEN source = '' THEN '' ELSE ' UNION ALL ' END
            || format('SELECT 1 AS sign, user_id, lex, nterms, %s AS speaker FROM new_rows WHERE %s',
                      TG_ARGV[1], TG_ARGV[0]);
    END IF;
    EXECUTE format($q$
        WITH r AS (%s),
        d AS (
            SELECT user_id, 't' AS kind, t AS term, SUM(sign) AS docs, 0::bigint AS length
              FROM r CROSS JOIN LATERAL unnest(tsvector_to_array(r.lex)) AS t GROUP BY user_id, t
            UNION ALL
            SELECT user_id, 'c', '', SUM(sign), SUM(sign * COALESCE(nterms, 0)) FROM r GROUP BY user_id
            UNION ALL
            SELECT user_id, 's', speaker, SUM(sign), 0 FROM r WHERE speaker IS NOT NULL
              GROUP BY user_id, speaker
        ),
        up AS (
            INSERT INTO mem_lex_stats AS s (user_id, kind, term, docs, length)
            SELECT user_id, kind, term, docs, length FROM d WHERE docs <> 0 OR length <> 0
            ORDER BY user_id, kind, term
            ON CONFLICT (user_id, kind, term)
            DO UPDATE SET docs = s.docs + excluded.docs, length = s.length + excluded.length
            RETURNING s.user_id, s.kind, s.term, s.docs
        )
        SELECT array_agg(user_id), array_agg(kind), array_agg(term) FROM up WHERE docs <= 0
    $q$, source) INTO zero_users, zero_kinds, zero_terms;
    IF zero_users IS NOT NULL THEN
        DELETE FROM mem_lex_stats s USING unnest(zero_users, zero_kinds, zero_terms) AS z(u, k, t)
         WHERE s.user_id = z.u AND s.kind = z.k AND s.term = z.t;
    END IF;
    RETURN NULL;
EXCEPTION WHEN undefined_column THEN
    RETURN NULL;  -- no embedding column yet (added with the embedder's dimension): nothing searchable
END
$fn$"""

_SEARCHABLE = {
    "mem_turns": ("embedding IS NOT NULL", "speaker"),
    "mem_facts": ("valid_to IS NULL AND embedding IS NOT NULL", "NULL::text"),
}


def _triggers() -> list[str]:
    out = []
    for table, (searchable, speaker) in _SEARCHABLE.items():
        args = f"'{searchable}', '{speaker}'"
        transitions = {
            "insert": "REFERENCING NEW TABLE AS new_rows",
            "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "delete": "REFERENCING OLD TABLE AS old_rows",
        }
        for event, referencing in transitions.items():
            name = f"{table}_lex_stats_{event}"
            out += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION usermind_lex_stats({args})",
            ]
    return out


# a database migrated from version 4 already has searchable rows: count them once
_BACKFILL = r"""DO $fill$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
               AND table_name = 'mem_turns' AND column_name = 'embedding') AND
       EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
               AND table_name = 'mem_facts' AND column_name = 'embedding') THEN
        DELETE FROM mem_lex_stats;
        WITH r AS (
            SELECT user_id, lex, nterms, speaker FROM mem_turns WHERE embedding IS NOT NULL
            UNION ALL
            SELECT user_id, lex, nterms, NULL FROM mem_facts WHERE valid_to IS NULL AND embedding IS NOT NULL
        )
        INSERT INTO mem_lex_stats (user_id, kind, term, docs, length)
        SELECT user_id, 't', t, COUNT(*), 0 FROM r CROSS JOIN LATERAL unnest(tsvector_to_array(r.lex)) AS t
         GROUP BY user_id, t
        UNION ALL SELECT user_id, 'c', '', COUNT(*), SUM(COALESCE(nterms, 0)) FROM r GROUP BY user_id
        UNION ALL SELECT user_id, 's', speaker, COUNT(*), 0 FROM r WHERE speaker IS NOT NULL
         GROUP BY user_id, speaker;
    END IF;
END
$fill$"""


def lex_stats_5() -> list[str]:
    """Schema version 5 (Postgres only): the statistics table, its triggers, and the first count."""
    return [_DDL_TABLE, _DDL_FUNCTION, *_triggers(), _BACKFILL]
