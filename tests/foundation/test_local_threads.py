"""``USERMIND_LOCAL_THREADS`` sets llama.cpp's thread count; a bad value is a clear error."""

import pytest

from usermind.errors import ModelError

engine = pytest.importorskip("usermind.llm.engine_llama_cpp")


def test_threads_default_to_one_per_cpu_and_follow_the_variable(monkeypatch):
    monkeypatch.delenv("USERMIND_LOCAL_THREADS", raising=False)
    assert engine._threads() >= 1
    monkeypatch.setenv("USERMIND_LOCAL_THREADS", "1")
    assert engine._threads() == 1


@pytest.mark.parametrize("value", ["0", "two", "-3"])
def test_bad_thread_count_is_a_one_line_error(monkeypatch, value):
    monkeypatch.setenv("USERMIND_LOCAL_THREADS", value)
    with pytest.raises(ModelError, match="USERMIND_LOCAL_THREADS must be a positive whole number"):
        engine._threads()
