"""The question bank's record schema: what ``corpus/bank.jsonl`` holds, one record per line."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Difficulty = Literal["easy", "medium", "hard"]
ReferenceStyle = Literal["simple", "detailed", "short"]
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


class Question(BaseModel):
    """One distinct interview question, with every reference answer and every place it appears.

    A question with no ``references`` was asked without an answer in every source; it is graded
    against references retrieved from related questions.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    question: str = Field(min_length=1)
    topic: str = Field(min_length=1)
    difficulty: Difficulty
    references: list[Reference]
    key_points: list[str]
    sources: list[Source] = Field(min_length=1)

    @property
    def has_references(self) -> bool:
        return bool(self.references)
