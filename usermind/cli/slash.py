"""The core slash commands of the chat loop (``/help``, ``/memories``, ``/why``, ``/forget``, ``/quit``);
the registry and :func:`dispatch` are :mod:`usermind.cli.slash_registry`."""

from __future__ import annotations

from typing import Any

from usermind.cli.slash_registry import COMMANDS, SlashHandler, dispatch, load_commands, slash_command

__all__ = ["COMMANDS", "SlashHandler", "dispatch", "forget_command", "slash_command"]


def _memory_line(m: dict[str, Any]) -> str:
    reason = f" — {m['reason']}" if m.get("reason") else ""
    return f"  [{m['id']}] ({m['kind']}, score {m.get('score', 0):.2f}) {m['text']}{reason}"


@slash_command("/help", "list the commands")
def help_command(agent: Any, argument: str) -> str:
    return "\n".join(f"{name:<12} {text}" for name, (_, text) in sorted(load_commands().items()))


@slash_command("/memories", "list what is remembered about you")
def memories_command(agent: Any, argument: str) -> str:
    items = agent.memories()
    if not items:
        return "no memories yet"
    return "\n".join(f"  [{m.id}] ({m.kind}) {m.text}" for m in items)


def _reply_source_line(record: dict[str, Any]) -> str:
    source = record.get("source", "model")
    problems = f" (model replies rejected: {'; '.join(record['problems'])})" if record.get("problems") else ""
    if source == "fallback":
        return f"reply: fallback built from {len(record.get('memory_ids', []))} kept memories{problems}"
    if source == "acknowledgement":
        return f"reply: acknowledgement of {len(record.get('facts', []))} extracted facts (no model call)"
    return f"reply: {source}{problems}"


@slash_command("/why", "the memories behind the last reply, and why")
def why_command(agent: Any, argument: str) -> str:
    why = agent.why()
    if not why:
        return "no reply yet in this conversation"
    lines = [f"last message: {why.get('message', '')}", f"decision: {why.get('reason') or 'n/a'}"]
    lines.append(_reply_source_line(why.get("reply_source") or {}))
    kept = why.get("kept", []) if why.get("personalized") else []
    lines.append("used memories:" if kept else "used memories: none")
    lines += [_memory_line(m) for m in kept]
    dropped = why.get("dropped", [])
    if dropped:
        lines.append("dropped by verification:")
        lines += [_memory_line({**d["memory"], "reason": d.get("reason", "")}) for d in dropped]
    lines += [f"guard ({g['kind']}): {g['message']}" for g in why.get("guards", [])]
    selection = why.get("tool_selection")
    if selection:
        lines.append(f"tool: {selection.get('reason', selection)}")
    return "\n".join(lines)


@slash_command("/forget", "/forget <id> deletes one memory; /forget all deletes everything about you")
def forget_command(agent: Any, argument: str) -> str:
    if not argument:
        return "usage: /forget <memory id> | /forget all"
    if argument == "all":
        deleted = agent.forget_all()
        return f"forgot everything about {agent.user} ({sum(deleted.values())} records)"
    return f"forgot {argument}" if agent.forget(argument) else f"no memory with id {argument}"


@slash_command("/quit", "leave the chat")
def quit_command(agent: Any, argument: str) -> str:
    raise EOFError
