import pytest

from usermind.config import Settings, resolve_home, validate_user_id
from usermind.errors import ConfigError


@pytest.mark.parametrize("user", ["alice", "bob_2", "a.b@c-d", "Z"])
def test_valid_user_ids(user):
    assert validate_user_id(user) == user


@pytest.mark.parametrize(
    "user", ["", "../etc", "a/b", "a\\b", "..", "x..y", " alice", "a" * 65, "-lead", "al ice"]
)
def test_invalid_user_ids_get_one_line_error(user):
    with pytest.raises(ConfigError) as info:
        validate_user_id(user)
    assert "invalid user id" in str(info.value)
    assert "\n" not in str(info.value)


def test_home_is_created(tmp_path):
    home = resolve_home(tmp_path / "deep" / "home")
    assert home.is_dir()


def test_home_env_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("USERMIND_HOME", str(tmp_path / "envhome"))
    assert resolve_home(None) == (tmp_path / "envhome").resolve()


def test_home_that_is_a_file(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(ConfigError, match="not a directory"):
        resolve_home(target)


def test_home_under_unwritable_parent(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, so nothing can be created below it")
    with pytest.raises(ConfigError, match="cannot create home folder"):
        resolve_home(blocker / "home")


def test_settings_validation():
    with pytest.raises(ValueError):
        Settings(personalization=1.5)
    assert Settings(model="  openai/gpt-4o-mini ").model == "openai/gpt-4o-mini"


def test_home_without_permissions_is_a_clear_error(tmp_path, monkeypatch):
    # root bypasses file modes, so the permission check itself is exercised through os.access
    monkeypatch.setattr("usermind.config.os.access", lambda path, mode: False)
    with pytest.raises(ConfigError, match="not readable and writable"):
        resolve_home(tmp_path)


def test_unopenable_database_is_a_clear_error(tmp_path):
    from usermind.storage import Database

    (tmp_path / "usermind.sqlite3").mkdir()  # a folder where the database file should be
    with pytest.raises(ConfigError, match="cannot open database"):
        Database.in_home(tmp_path)
