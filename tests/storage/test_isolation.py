"""User ids and isolation: ids are validated with ``fullmatch`` and are case-sensitive; property tests
(hypothesis) over random ids and operation sequences: no operation for one user ever returns or
changes another user's data (memory, graph, persona, tool preferences, checkpoints, export)."""

import re
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.storage.test_durable_input import FlakyEmbedder
from usermind.agent.api import Agent
from usermind.config import validate_user_id
from usermind.errors import ConfigError
from usermind.llm.client import LLMClient

ID = r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}"
valid_ids = st.from_regex(ID, fullmatch=True).filter(lambda s: ".." not in s)


@pytest.mark.parametrize(
    "bad", ["alice\n", "alice\r\n", " alice", "alice ", "../etc", "a..b", "", "a" * 65, "é"]
)
def test_ids_must_match_whole_string(bad):
    with pytest.raises(ConfigError, match="invalid user id"):
        validate_user_id(bad)


@given(st.text(max_size=70))
def test_any_string_is_accepted_only_if_it_fully_matches(text):
    ok = re.fullmatch(ID, text) is not None and ".." not in text
    try:
        assert validate_user_id(text) == text and ok
    except ConfigError:
        assert not ok


def _agent(home, user):
    agent = Agent(user=user, home=home, llm=LLMClient("openai/gpt-4o-mini", mock_response="ok", retries=0))
    agent.memory.embedder = agent.memory.consolidator.embedder = FlakyEmbedder()  # fast, deterministic
    return agent


def _snapshot(agent):
    data = agent.export()
    data.pop("exported_at")
    return data


def _apply(agent, op, tag):
    """One operation; everything it stores carries ``tag`` (``Town<owner>x<step>``)."""
    kind = op
    if kind == "chat":
        agent.chat(f"I live in {tag} and I keep {tag}bees.")
    elif kind == "ask":
        agent.chat("Where do I live and what do I keep?")
    elif kind == "forget_one":
        memories = agent.memories()
        if memories:
            agent.forget(memories[0].id)
    elif kind == "forget_all":
        agent.forget_all()
    elif kind == "persona":
        agent.persona.set(agent.user, "hobby", f"{tag}hobby")
    elif kind == "tool":
        agent.tool_prefs.record(agent.user, platform=f"{tag}maps", kind="pick")
    elif kind == "react":
        agent.react(f"{tag}cake", liked=True)


pairs = st.one_of(
    st.tuples(valid_ids, valid_ids).filter(lambda p: p[0] != p[1]),
    valid_ids.filter(lambda s: s.swapcase() != s).map(lambda s: (s, s.swapcase())),  # Alice vs aLICE
)
ops = st.lists(
    st.tuples(
        st.sampled_from([0, 1]),
        st.sampled_from(["chat", "ask", "forget_one", "forget_all", "persona", "tool", "react"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs, ops)
def test_no_operation_for_one_user_touches_another(ids, sequence):
    with tempfile.TemporaryDirectory() as home:
        agents = [_agent(home, ids[0]), _agent(home, ids[1])]
        try:
            agents[1].chat("I live in Town1x99 and I keep Town1x99bees.")
            for n, (who, op) in enumerate(sequence):
                other = agents[1 - who]
                before = _snapshot(other)
                _apply(agents[who], op, f"Town{who}x{n}")
                assert _snapshot(other) == before, f"{op} for {agents[who].user} changed {other.user}"
                seen = repr(agents[who].export()) + repr(agents[who].why())
                assert f"Town{1 - who}x" not in seen  # never returned to the wrong user
            export0 = agents[0].export()
            assert all(r["user_id"] == ids[0] for rows in export0["tables"].values() for r in rows)
            assert all(r["thread_id"].startswith(f"{ids[0]}:") for r in export0["checkpoints"]["checkpoints"])
        finally:
            for agent in agents:
                agent.close()
