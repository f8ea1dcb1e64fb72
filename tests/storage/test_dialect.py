"""The SQL translation the Postgres backend applies to the stores' SQLite-flavoured statements."""

from usermind.storage.dialect import ddl_to_postgres, to_postgres
from usermind.storage.url import sqlite_path


def test_parameters_rowid_and_percent_signs_are_translated_outside_literals():
    sql = "SELECT a FROM t WHERE x = ? AND y LIKE '50%?' AND z <> 'rowid' ORDER BY rowid"
    assert (
        to_postgres(sql) == "SELECT a FROM t WHERE x = %s AND y LIKE '50%%?' AND z <> 'rowid' ORDER BY _rowid"
    )


def test_ddl_gets_postgres_types_and_an_insertion_order_column():
    ddl = "CREATE TABLE IF NOT EXISTS t (\n    id TEXT PRIMARY KEY, n INTEGER NOT NULL, x REAL, v BLOB\n);"
    out = ddl_to_postgres(ddl)
    assert out.startswith("CREATE TABLE IF NOT EXISTS t ( _rowid BIGINT GENERATED ALWAYS AS IDENTITY,")
    assert "n BIGINT NOT NULL, x DOUBLE PRECISION, v BYTEA" in out


def test_sqlite_urls_name_absolute_files():
    assert sqlite_path("sqlite:////tmp/a.sqlite3") == "/tmp/a.sqlite3"
    assert sqlite_path("sqlite:///tmp/a.sqlite3") == "/tmp/a.sqlite3"
    assert sqlite_path("postgresql://h/db") is None and sqlite_path("sqlite://") is None
