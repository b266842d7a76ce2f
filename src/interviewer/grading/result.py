"""What a grade is: :class:`GradeResult`, the same for every grader, JSON-serializable.

A grade that could not be given is ``status="unscored"`` with ``score=None`` and a reason: a
failure is never reported as a score of 0.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

KeyPointStatus = Literal["covered", "partial", "missing", "contradicted"]
Flag = Literal["off_topic", "too_short", "restates_question", "keyword_stuffing", "prompt_injection", "unscored"]
FLAG_DESCRIPTIONS: dict[str, str] = {
    "off_topic": "the answer is about something else",
    "too_short": "the answer is too short to show understanding",
    "restates_question": "the answer mostly repeats the question",
    "keyword_stuffing": "the answer lists terms without explaining them",
    "prompt_injection": "the answer contains instructions aimed at the grader",
    "unscored": "no score could be given",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CriterionScore(_Model):
    """One rubric criterion: a one-sentence reason, then the score it justifies."""

    criterion: str = Field(description="The criterion id from the rubric, e.g. 'correctness'.")
    reason: str = Field(description="One sentence justifying the score.")
    score: float = Field(ge=0, le=5)


class KeyPointVerdict(_Model):
    """Whether the answer makes one expected key point, with the span of the answer that shows it."""

    point: str
    status: KeyPointStatus
    evidence: str | None = Field(default=None, description="The words of the answer that cover or contradict the point.")
    similarity: float | None = None


class ReferenceUsed(_Model):
    """A reference chunk the grade was based on."""

    chunk_id: str
    question_id: str | None = None
    source: str | None = None
    kind: str = "reference"
    own: bool = Field(description="True for the question's own references, False for related questions' chunks.")
    similarity: float | None = None


class Feedback(_Model):
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    follow_up: str | None = Field(default=None, description="A follow-up question aimed at the most important missed or wrong point.")


class Usage(_Model):
    """LLM calls behind a grade: tokens and cost as litellm reports them; zero calls when cached."""

    calls: int = 0
    cached: bool = False
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None


class GraderInfo(_Model):
    name: str
    version: str
    model: str | None = None


class RubricInfo(_Model):
    name: str
    version: int
    hash: str


class GradeResult(_Model):
    """The grade of one answer to one question."""

    status: Literal["graded", "unscored"]
    score: float | None = Field(default=None, ge=0, le=5, description="Overall score 0-5; None when unscored.")
    criteria: list[CriterionScore] = Field(default_factory=list)
    key_points: list[KeyPointVerdict] = Field(default_factory=list)
    references: list[ReferenceUsed] = Field(default_factory=list)
    feedback: Feedback = Field(default_factory=Feedback)
    flags: list[Flag] = Field(default_factory=list)
    unscored_reason: str | None = None
    question_id: str | None = None
    question: str
    rubric: RubricInfo
    grader: GraderInfo
    usage: Usage | None = None
    samples: list[float] | None = Field(default=None, description="Scores of repeated samples (--samples k); score is their median.")
    spread: float | None = Field(default=None, description="Max minus min of the samples.")

    def criterion(self, criterion_id: str) -> CriterionScore | None:
        return next((c for c in self.criteria if c.criterion == criterion_id), None)

    @property
    def missed_points(self) -> list[str]:
        return [k.point for k in self.key_points if k.status in ("missing", "contradicted")]
