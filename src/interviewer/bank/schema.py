"""The question bank's record schema: what ``corpus/bank.jsonl`` holds, one record per line."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Difficulty = Literal["easy", "medium", "hard"]
ReferenceStyle = Literal["simple", "detailed", "short"]
Importance = Literal["essential", "supporting"]
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")


class Source(BaseModel):
    """A place in a source document: the file (relative to ``corpus/sources``) and its 1-based line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(min_length=1)
    line: int = Field(ge=1)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Reference(BaseModel):
    """One reference answer: ``simple`` (an analogy for beginners), ``detailed`` or ``short``."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    style: ReferenceStyle
    source: Source


class KeyPoint(BaseModel):
    """An atomic point a good answer makes. Curated points (from a marking scheme) carry how candidates
    phrase it, a probe and a hint; points derived from a reference answer carry only their text.
    ``seed`` names the source lines that state the point (empty: written by the team, or derived)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    importance: Importance = "essential"
    phrasings: list[str] = Field(default_factory=list)
    probe: str | None = None
    hint: str | None = None
    seed: list[Source] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value):
        """A plain string is a point with only its text (banks written before marking schemes)."""
        return {"text": value} if isinstance(value, str) else value


class Misconception(BaseModel):
    """A wrong belief candidates voice, its one-sentence correction, and the key point (1-based) it contradicts.
    ``phrasings`` are other ways confused candidates say it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    correction: str = Field(min_length=1)
    key_point: int = Field(ge=1)
    phrasings: list[str] = Field(default_factory=list)


class Question(BaseModel):
    """One distinct interview question, with every reference answer and every place it appears.

    ``references`` are the source documents' answers. The marking-scheme fields (``model_answer``,
    curated ``key_points``, ``misconceptions``, ``vocabulary``, ``variant_group``) come from
    ``corpus/schemes`` (see :mod:`interviewer.bank.scheme`); a bank built from other documents has
    key points derived from its references and no scheme.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    question: str = Field(min_length=1)
    topic: str = Field(min_length=1)
    difficulty: Difficulty
    difficulty_reason: str | None = None
    model_answer: str | None = None
    references: list[Reference]
    key_points: list[KeyPoint]
    misconceptions: list[Misconception] = Field(default_factory=list)
    vocabulary: list[str] = Field(default_factory=list)
    variant_group: str | None = None
    derived_from: list[Source] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)

    @property
    def has_references(self) -> bool:
        """Whether there is any reference answer: a model answer or a source's answer."""
        return bool(self.model_answer or self.references)

    @property
    def has_scheme(self) -> bool:
        return self.model_answer is not None

    @property
    def point_texts(self) -> list[str]:
        """The key points' statements, in order of importance."""
        return [point.text for point in self.key_points]

    @property
    def group(self) -> str:
        """The variant group: questions asking the same thing share one (a question alone is its own)."""
        return self.variant_group or self.id
