"""Reading PrefEval explicit-preference files (Zhao et al., ICLR 2025).

The published layout is ``benchmark_dataset/explicit_preference/<topic>.json``; each file is a list of
``{"preference": ..., "question": ..., "explanation": ...}``.  ``--data`` may name the folder that holds
``benchmark_dataset/``, the ``explicit_preference`` folder itself, or one topic file.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from usermind.errors import DataFileError
from usermind.evals.data_files import read_json

EXPECTED = "a list of {preference, question, explanation} objects"


class PrefItem(BaseModel):
    preference: str = Field(min_length=1)
    question: str = Field(min_length=1)
    explanation: str = ""


class PrefTopic(BaseModel):
    name: str
    items: list[PrefItem]


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return f"an object with keys {sorted(value)[:5]}"
    if isinstance(value, list):
        return f"a list whose first element is {_describe(value[0])}" if value else "an empty list"
    return f"a {type(value).__name__}"


def load_topic(path: Path) -> PrefTopic:
    """One topic file; :class:`DataFileError` naming the file, the expected and the found shape."""
    data = read_json(path, "PrefEval")
    ok = (
        isinstance(data, list)
        and data
        and all(
            isinstance(i, dict)
            and isinstance(i.get("preference"), str)
            and isinstance(i.get("question"), str)
            and i["preference"].strip()
            and i["question"].strip()
            for i in data
        )
    )
    if not ok:
        raise DataFileError(
            f"{path} is not a PrefEval topic file: expected {EXPECTED}, found {_describe(data)}"
        )
    items = [
        PrefItem(
            preference=i["preference"].strip(),
            question=i["question"].strip(),
            explanation=str(i.get("explanation", "")),
        )
        for i in data
    ]
    return PrefTopic(name=path.stem, items=items)


def topic_files(path: str | Path) -> list[Path]:
    """The topic files ``path`` designates (see the module docstring)."""
    root = Path(path)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise DataFileError(f"PrefEval data not found: {root}")
    for folder in (root / "benchmark_dataset" / "explicit_preference", root / "explicit_preference", root):
        files = sorted(folder.glob("*.json")) if folder.is_dir() else []
        if files:
            return files
    raise DataFileError(
        f"{root} holds no PrefEval topic files: expected benchmark_dataset/explicit_preference/*.json, "
        "an explicit_preference folder or a topic file"
    )


def load_prefeval(path: str | Path) -> list[PrefTopic]:
    """Every topic under ``path``, sorted by name."""
    return [load_topic(f) for f in topic_files(path)]
