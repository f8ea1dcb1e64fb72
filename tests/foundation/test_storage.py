import threading

from usermind.storage import Database

DDL = """
CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, body TEXT);
CREATE TABLE IF NOT EXISTS global_stats (name TEXT PRIMARY KEY, value INTEGER);
"""


def make_db(tmp_path):
    db = Database(tmp_path / "t.sqlite3")
    db.ensure_schema("notes", DDL)
    return db


def test_wal_mode(tmp_path):
    db = make_db(tmp_path)
    assert db.query("PRAGMA journal_mode")[0][0] == "wal"


def test_forget_user_only_touches_that_user(tmp_path):
    db = make_db(tmp_path)
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO notes VALUES (?, ?, ?)", [("1", "a", "x"), ("2", "a", "y"), ("3", "b", "z")]
        )
        conn.execute("INSERT INTO global_stats VALUES ('n', 1)")
    assert "notes" in db.user_tables() and "global_stats" not in db.user_tables()
    assert db.forget_user("a") == {"notes": 2}
    assert db.count_user_rows("a") == 0
    assert db.count_user_rows("b") == 1
    assert db.query("SELECT COUNT(*) FROM global_stats")[0][0] == 1


def test_transaction_rolls_back_on_error(tmp_path):
    db = make_db(tmp_path)
    try:
        with db.transaction() as conn:
            conn.execute("INSERT INTO notes VALUES ('1', 'a', 'x')")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert db.count_user_rows("a") == 0


def test_committed_rows_visible_to_a_new_connection(tmp_path):
    db = make_db(tmp_path)
    db.execute("INSERT INTO notes VALUES ('1', 'a', 'x')")
    other = Database(tmp_path / "t.sqlite3")
    assert other.query("SELECT body FROM notes WHERE user_id = ?", ("a",))[0][0] == "x"


def test_concurrent_writers(tmp_path):
    db = make_db(tmp_path)

    def write(start):
        for i in range(start, start + 50):
            db.execute("INSERT INTO notes VALUES (?, 'u', 'x')", (str(i),))

    threads = [threading.Thread(target=write, args=(n * 100,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert db.count_user_rows("u") == 200
