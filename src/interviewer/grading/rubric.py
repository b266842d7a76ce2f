"""Rubrics: the criteria, weights and anchored score descriptions graders apply.

The default rubric is ``prompts/rubric.yaml``; users pass their own with ``--rubric``. Every
grade records the rubric's hash so scores from different rubrics are never silently mixed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from interviewer.config import prompts_dir
from interviewer.errors import InterviewerError

DEFAULT_RUBRIC_FILE = "rubric.yaml"


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    weight: float = Field(gt=0)
    description: str
    anchors: dict[int, str]

    @model_validator(mode="after")
    def _anchors_on_the_scale(self):
        if not self.anchors or any(not 0 <= level <= 5 for level in self.anchors):
            raise ValueError("anchors must describe levels between 0 and 5")
        return self


class Rubric(BaseModel):
    """A grading rubric. ``hash`` identifies its exact content."""

    model_config = ConfigDict(extra="forbid")

    name: str
    version: int = 1
    scale: dict[str, int] = Field(default_factory=lambda: {"min": 0, "max": 5})
    criteria: list[Criterion] = Field(min_length=1)
    hash: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _criteria_are_unique(self):
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError(f"criterion ids repeat: {ids}")
        return self

    @property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def weighted(self, scores: dict[str, float]) -> float:
        """The weighted mean of per-criterion scores (weights need not sum to 1)."""
        total = sum(c.weight for c in self.criteria)
        return sum(c.weight * scores[c.id] for c in self.criteria) / total


def load_rubric(path: Path | None = None) -> Rubric:
    """Load a rubric file (YAML or JSON); the default one when ``path`` is None."""
    path = Path(path) if path else prompts_dir() / DEFAULT_RUBRIC_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InterviewerError(f"{path}: rubric file not found") from None
    except OSError as error:
        raise InterviewerError(f"{path}: {error.strerror}") from None
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InterviewerError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise InterviewerError(f"{path}: a rubric is a mapping with 'name' and 'criteria'")
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "rubric"
        raise InterviewerError(f"{path}: field '{where}': {first['msg']}") from None
    rubric.hash = content_hash(rubric)
    return rubric


def content_hash(rubric: Rubric) -> str:
    """A hash of what the rubric says (not of its file's formatting)."""
    canonical = json.dumps(rubric.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
