"""PTBench format: reader, prediction parser and scorer (the definitions of the original test_acc.py).

Pure functions; file I/O only in :func:`load_ptbench`.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator

from usermind.errors import DataFileError
from usermind.evals.data_files import read_json

FuncCalls = list[dict[str, dict[str, Any]]]


def _loose(value: Any) -> Any:
    """Parse a string holding JSON or a Python literal; other strings and values pass through."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    for parse in (json.loads, ast.literal_eval):
        try:
            return parse(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
    return value


def _profile_dict(value: Any) -> dict[str, Any]:
    value = _loose(value)
    if isinstance(value, dict):
        return value
    text = str(value)
    pairs = re.findall(r"(?m)^\s*[-*]?\s*([A-Za-z][\w .-]{0,40}?)\s*[:=]\s*(.+?)\s*$", text)
    out: dict[str, Any] = {k.strip().replace(" ", "_").lower(): v for k, v in pairs}
    out["profile_text"] = text
    return out


class PTBenchItem(BaseModel):
    """One test item; profile, platforms and tools may arrive as JSON strings or as text."""

    user_profile: dict[str, Any]
    platforms: list[dict[str, Any]]
    tools: list[dict[str, Any]]
    query: str
    answer: tuple[str, FuncCalls]
    query_params: list[str] = Field(default_factory=list)
    profile_params: list[str] = Field(default_factory=list)

    @field_validator("user_profile", mode="before")
    @classmethod
    def _profile(cls, v: Any) -> dict[str, Any]:
        return _profile_dict(v)

    @field_validator("platforms", mode="before")
    @classmethod
    def _platforms(cls, v: Any) -> list[dict[str, Any]]:
        v = _loose(v)
        if isinstance(v, dict):
            v = [{"name": k, "description": d if isinstance(d, str) else json.dumps(d)} for k, d in v.items()]
        if isinstance(v, str):
            v = [
                {"name": m[0].strip(), "description": m[1].strip()}
                for m in re.findall(r"(?m)^\s*[-*]?\s*([^:\n]{1,60}):\s*(.+)$", v)
            ]
        return [p if isinstance(p, dict) else {"name": str(p), "description": ""} for p in v]

    @field_validator("tools", mode="before")
    @classmethod
    def _tools(cls, v: Any) -> list[dict[str, Any]]:
        v = _loose(v)
        if isinstance(v, dict):  # {platform: [tools]}
            v = [{**t, "platform": t.get("platform", p)} for p, ts in v.items() for t in _loose(ts)]
        if not isinstance(v, list):
            raise ValueError("tools must be a list of function schemas")
        return [t.get("function", t) if isinstance(t, dict) else _loose(t) for t in v]

    @field_validator("answer", mode="before")
    @classmethod
    def _answer(cls, v: Any) -> Any:
        return _loose(v)


def load_ptbench(path: str | Path, limit: int | None = None) -> list[PTBenchItem]:
    """Read a PTBench ``data.json`` (a list of items); bad files raise :class:`DataFileError`."""
    path = Path(path)
    raw = read_json(path, "PTBench")
    if not isinstance(raw, list) or not raw:
        raise DataFileError(f"PTBench file {path} must hold a non-empty JSON list of items")
    items = []
    for i, entry in enumerate(raw[:limit] if limit else raw):
        try:
            items.append(PTBenchItem.model_validate(entry))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise DataFileError(f"PTBench item {i} in {path}: {where}: {err['msg']}") from None
    return items


# ---- prediction format: "platform:[func(a=1, b='x'), ...]" (or the JSON variant) ----


def _literal(node: ast.AST) -> Any:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Call):
        return ast.unparse(node)
    return ast.literal_eval(node)


def _call(node: ast.AST) -> dict[str, dict[str, Any]]:
    if not isinstance(node, ast.Call):
        raise ValueError("expected a function call")
    return {ast.unparse(node.func): {kw.arg: _literal(kw.value) for kw in node.keywords if kw.arg}}


def parse_prediction(text: str) -> tuple[str, FuncCalls]:
    """Parse model output into (platform, [{func: {param: value}}]); raises ValueError when malformed."""
    text = text.strip().removeprefix("```python").removeprefix("```").removesuffix("```").strip()
    if text.startswith("{") and ('"functions"' in text or "'functions'" in text):
        data = _loose(text)
        if isinstance(data, dict):
            return str(data["platform"]), [
                {f["name"]: dict(f.get("parameters", {}))} for f in data["functions"]
            ]
    try:
        tree = ast.parse("{" + text + "}", mode="eval").body
    except SyntaxError as exc:
        raise ValueError(f"unparseable prediction: {exc.msg}") from None
    if not isinstance(tree, ast.Dict) or len(tree.keys) != 1 or tree.keys[0] is None:
        raise ValueError("prediction must be 'platform:[calls]'")
    key = tree.keys[0]
    platform = key.id if isinstance(key, ast.Name) else str(_literal(key))
    body = tree.values[0]
    calls = [_call(body)] if isinstance(body, ast.Call) else [_call(e) for e in getattr(body, "elts", [None])]
    return platform, calls


def format_prediction(platform: str, calls: FuncCalls) -> str:
    """The inverse of :func:`parse_prediction`."""
    parts = []
    for call in calls:
        ((name, args),) = call.items()
        parts.append(f"{name}(" + ", ".join(f"{k}={v!r}" for k, v in args.items()) + ")")
    return f"{platform}:[{', '.join(parts)}]"


# ---- scoring ----


def value_matches(pred: Any, acceptable: list[Any]) -> bool:
    """Strings case-insensitively in the list, numbers within ±0.01, lists as sets, booleans exactly."""
    if pred in ("true", "false"):
        pred = pred == "true"
    if isinstance(pred, bool):
        return any(
            isinstance(a, bool) and a == pred or a in ("true", "false") and (a == "true") == pred
            for a in acceptable
        )
    if isinstance(pred, (int, float)):
        for a in acceptable:
            try:
                if not isinstance(a, bool) and abs(float(a) - pred) <= 0.01:
                    return True
            except (TypeError, ValueError):
                continue
        return False
    if isinstance(pred, str):
        return pred.strip().lower() in {str(a).strip().lower() for a in acceptable if not isinstance(a, list)}
    if isinstance(pred, (list, tuple)):
        want = {str(x).lower() for x in pred}
        return any(isinstance(a, list) and {str(x).lower() for x in a} == want for a in acceptable)
    return pred in acceptable


class ItemScore(BaseModel):
    """Per-item outcome; the counts feed the query/profile-param accuracies."""

    parsed: bool
    platform: int = 0
    tool_name: int = 0
    param_name: int = 0
    param_value: int = 0
    overall: int = 0
    query_correct: int = 0
    profile_correct: int = 0
    n_query: int = 0
    n_profile: int = 0


def _calls(calls: FuncCalls) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for call in calls:
        out.update(call)
    return out


def score_item(item: PTBenchItem, predicted: tuple[str, FuncCalls] | None) -> ItemScore:
    """Score one prediction against the item's answer (None = unparseable output)."""
    n_q, n_p = len(item.query_params), len(item.profile_params)
    if predicted is None:
        return ItemScore(parsed=False, n_query=n_q, n_profile=n_p)
    real_platform, real_calls = item.answer
    real, pred = _calls(real_calls), _calls(predicted[1])
    platform_ok = predicted[0].strip() == str(real_platform).strip()
    names_ok = set(real) == set(pred)
    args_ok, values_ok, q_ok, p_ok = names_ok, names_ok, 0, 0
    for name in set(real) & set(pred):
        if set(real[name]) != set(pred[name]):
            args_ok = values_ok = False
        for param, value in pred[name].items():
            if param not in real[name]:
                continue
            acceptable = real[name][param] if isinstance(real[name][param], list) else [real[name][param]]
            if value_matches(value, acceptable):
                q_ok += param in item.query_params
                p_ok += param in item.profile_params and param not in item.query_params
            else:
                values_ok = False
    return ItemScore(
        parsed=True,
        platform=int(platform_ok),
        tool_name=int(names_ok),
        param_name=int(args_ok),
        param_value=int(values_ok),
        overall=int(platform_ok and values_ok),
        query_correct=q_ok,
        profile_correct=p_ok,
        n_query=n_q,
        n_profile=n_p,
    )


class PTBenchMetrics(BaseModel):
    n: int
    format: float
    platform: float
    tool_name: float
    param_name: float
    param_value: float
    query_params: float
    profile_params: float
    overall: float


def aggregate(scores: list[ItemScore]) -> PTBenchMetrics:
    """Accuracies over items; query/profile-param accuracy = correct params of a kind / all of that kind."""
    n = max(len(scores), 1)
    nq = sum(s.n_query for s in scores)
    np_ = sum(s.n_profile for s in scores)
    return PTBenchMetrics(
        n=len(scores),
        format=sum(s.parsed for s in scores) / n,
        platform=sum(s.platform for s in scores) / n,
        tool_name=sum(s.tool_name for s in scores) / n,
        param_name=sum(s.param_name for s in scores) / n,
        param_value=sum(s.param_value for s in scores) / n,
        query_params=sum(s.query_correct for s in scores) / nq if nq else 0.0,
        profile_params=sum(s.profile_correct for s in scores) / np_ if np_ else 0.0,
        overall=sum(s.overall for s in scores) / n,
    )
