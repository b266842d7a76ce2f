"""The values an interview hands out and stores: turns, answer outcomes, session rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from interviewer.grading.result import GradeResult
from interviewer.interview.plan import SessionPlan

if TYPE_CHECKING:
    from interviewer.interview.summary import SessionSummary

TurnKind = Literal["question", "follow_up"]
TurnStatus = Literal["pending", "answered", "skipped"]


@dataclass(frozen=True)
class Turn:
    """One thing the interviewer asks: a bank question, or a follow-up on it.

    ``question_number`` counts bank questions (1 to ``questions_planned``); a follow-up shares the
    number of its question and has ``follow_up_number`` 1, 2 ... ``targets`` are the key points a
    follow-up probes. ``hints_used`` caps the score of this turn's answer (see :data:`HINT_CAPS`).
    """

    id: int
    session_id: str
    position: int
    kind: TurnKind
    text: str
    question_id: str
    question_number: int
    questions_planned: int
    topic: str
    difficulty: str
    follow_up_number: int = 0
    targets: tuple[str, ...] = ()
    hints_used: int = 0
    hints: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``Question 2 of 5`` or ``Question 2 of 5, follow-up 1``."""
        base = f"Question {self.question_number} of {self.questions_planned}"
        return base + (f", follow-up {self.follow_up_number}" if self.kind == "follow_up" else "")


@dataclass
class TurnRecord:
    """A turn as stored: what was asked, and the answer and grade when there is one."""

    turn: Turn
    status: TurnStatus
    reference: str | None = None  # the question's reference answer, kept for the summary
    related_question_id: str | None = None  # a bank question a follow-up asked in other words
    answer: str | None = None
    truncated: bool = False
    delivery: dict | None = None
    result: GradeResult | None = None
    score: float | None = None  # after the hint cap
    score_cap: float | None = None
    recovered: bool | None = None  # follow-ups: every targeted point now covered
    asked_at: str = ""
    answered_at: str | None = None

    @property
    def graded(self) -> bool:
        return self.result is not None and self.result.status == "graded"


@dataclass
class AnswerOutcome:
    """What :meth:`Interview.answer` (or ``skip``) returns.

    ``result`` is the grade (None when nothing was graded: an empty answer, a skip); ``score`` is
    the score after any hint cap; ``message`` tells the candidate something they need to know (an
    empty answer, a truncated one, a cap); ``next`` is the turn now asked (the same turn again after
    an empty answer), None when the interview is over; then ``finished`` is True and ``summary`` set.
    """

    result: GradeResult | None
    message: str | None
    next: Turn | None
    finished: bool
    score: float | None = None
    score_cap: float | None = None
    recovered: bool | None = None
    truncated: bool = False
    summary: "SessionSummary | None" = None


@dataclass
class SessionRow:
    """One stored session."""

    id: str
    created_at: str
    updated_at: str
    status: Literal["active", "finished"]
    plan: SessionPlan
    bank: str | None = None
    grader: str | None = None


@dataclass
class SessionOverview:
    """One line of the session history: what ``interviewer history`` lists."""

    id: str
    created_at: str
    status: str
    topics: list[str]
    difficulty: str
    questions_planned: int
    questions_asked: int
    answered: int  # scored questions
    skipped: int
    mean_score: float | None
