"""From an input row to what is graded (a :class:`RowJob`), and from a grade to the columns added.

A row that cannot be graded (no question, an unknown ``question_id``, an answer over
:data:`MAX_ANSWER_CHARS`, a value that is not text) becomes a job with an ``error``: it is written
with ``status=error`` and the reason, and the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.grading.context import QUESTION_MATCH_THRESHOLD, ContextBuilder, GradingContext, context_from_reference
from interviewer.grading.result import GradeResult

# Answers longer than this are not graded (status=error): a written interview answer is a few
# hundred words; 20,000 characters is about ten pages, past what a grader reads (the embedding
# model sees the first 256 word pieces of each sentence, an LLM prompt grows with the answer).
MAX_ANSWER_CHARS = 20_000
LLM_COLUMNS = ["model", "prompt_tokens", "completion_tokens", "cost_usd"]


@dataclass
class RowJob:
    """One input row, ready to grade (``context``) or not gradable (``error``)."""

    row: int  # position in the input, from 0
    answer: str = ""
    context: GradingContext | None = None
    matched_question_id: str | None = None
    match_similarity: float | None = None
    flags: list[str] = field(default_factory=list)
    error: str | None = None


def result_columns(criterion_ids: list[str], llm: bool = False) -> list[str]:
    """The columns grading adds to every row, in order."""
    columns = ["matched_question_id", "match_similarity", "score", *criterion_ids, "status", "flags", "feedback",
               "key_points_missed", "grader", "rubric_hash"]
    return columns + (LLM_COLUMNS if llm else [])


def column_types(criterion_ids: list[str], llm: bool = False) -> dict[str, str]:
    """The type of every added column (for typed outputs such as Parquet)."""
    floats = ["match_similarity", "score", *criterion_ids, "cost_usd"]
    types = {column: "float" if column in floats else "text" for column in result_columns(criterion_ids, llm)}
    types.update({"flags": "list", "key_points_missed": "list", "prompt_tokens": "int", "completion_tokens": "int"})
    return types


def _text(row: dict, column: str) -> tuple[str, str | None]:
    """The row's value in ``column`` as text, or an error for a value that is not text."""
    value = row.get(column)
    if value is None:
        return "", None
    if isinstance(value, str):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value), None
    return "", f"'{column}' is not text ({type(value).__name__})"


class RowPreparer:
    """Turns input rows into jobs; contexts are shared between rows that ask the same question."""

    def __init__(self, builder: ContextBuilder, max_answer_chars: int = MAX_ANSWER_CHARS):
        self.builder = builder
        self.max_answer_chars = max_answer_chars
        self._matches: dict[str, tuple] = {}  # question text -> (closest bank question, similarity)
        self._by_text: dict[str, GradingContext] = {}
        self._by_reference: dict[tuple, GradingContext] = {}

    def prepare(self, rows: list[dict], positions: list[int]) -> list[RowJob]:
        """Jobs for ``rows[p]`` for every p in ``positions``; free-text questions are matched in one batch."""
        jobs, free_text = [], {}
        for position in positions:
            job = self._read(rows[position], position)
            jobs.append(job)
            if job.error is None and job.context is None:
                free_text.setdefault(_text(rows[position], "question")[0].strip(), None)
        unmatched = [text for text in free_text if text not in self._matches]
        self._matches.update(zip(unmatched, self.builder.match_many(unmatched)))
        for job in jobs:
            if job.error is None and job.context is None:
                self._resolve_text(job, rows[job.row])
        return jobs

    def _read(self, row: dict, position: int) -> RowJob:
        job = RowJob(row=position)
        values = {}
        for column in ("answer", "question_id", "question", "reference"):
            values[column], problem = _text(row, column)
            if problem:
                job.error = problem
                return job
        job.answer = values["answer"]
        question_id, question, reference = (values[c].strip() for c in ("question_id", "question", "reference"))
        if len(job.answer) > self.max_answer_chars:
            job.error = (f"the answer is {len(job.answer):,} characters long; the limit is "
                         f"{self.max_answer_chars:,}")
        elif question_id:
            found = self.builder.bank.get(question_id)
            if found is None:
                job.error = f"unknown question_id {question_id!r}"
            else:
                job.matched_question_id, job.match_similarity = found.id, 1.0
                job.context = (self._reference_context(found.question, reference, found.id) if reference
                               else self.builder.for_question(found))
        elif not question:
            job.error = "no question or question_id in this row"
        return job

    def _resolve_text(self, job: RowJob, row: dict) -> None:
        """A free-text question: its bank match, and the context it is graded against."""
        question = _text(row, "question")[0].strip()
        reference = _text(row, "reference")[0].strip()
        closest, similarity = self._matches[question]
        matched = closest is not None and similarity >= QUESTION_MATCH_THRESHOLD
        job.matched_question_id = closest.id if matched else None
        job.match_similarity = round(similarity, 4)
        if reference:  # the given reference overrides the bank
            job.context = self._reference_context(question, reference, job.matched_question_id)
            return
        if question not in self._by_text:
            self._by_text[question] = self.builder.for_text(question, self._matches[question])[0]
        job.context = self._by_text[question]

    def _reference_context(self, question: str, reference: str, question_id: str | None) -> GradingContext:
        key = (question, reference, question_id)
        if key not in self._by_reference:
            self._by_reference[key] = context_from_reference(question, reference, question_id)
        return self._by_reference[key]


def grade_fields(job: RowJob, result: GradeResult | None, criterion_ids: list[str], llm: bool = False,
                 error: str | None = None) -> dict:
    """The added columns of one row (typed values: floats, lists, None for empty)."""
    fields = {"matched_question_id": job.matched_question_id, "match_similarity": job.match_similarity}
    error = error or job.error
    if result is None:
        fields.update({"score": None, **dict.fromkeys(criterion_ids), "status": "error", "flags": list(job.flags),
                       "feedback": error or "not graded", "key_points_missed": [], "grader": None,
                       "rubric_hash": None})
        return fields | (dict.fromkeys(LLM_COLUMNS) if llm else {})
    fields.update({
        "score": result.score,
        **{c: (s.score if (s := result.criterion(c)) else None) for c in criterion_ids},
        "status": result.status, "flags": [*result.flags, *job.flags], "feedback": feedback_text(result),
        "key_points_missed": result.missed_points, "grader": result.grader.name, "rubric_hash": result.rubric.hash,
    })
    if llm:
        usage = result.usage
        fields.update({"model": result.grader.model, "prompt_tokens": usage.prompt_tokens if usage else 0,
                       "completion_tokens": usage.completion_tokens if usage else 0,
                       "cost_usd": usage.cost_usd if usage else None})
    return fields


def feedback_text(result: GradeResult) -> str:
    """One cell of feedback: the reason for an unscored grade, else strengths, improvements and the follow-up."""
    if result.unscored_reason:
        return result.unscored_reason
    return " ".join([*(f"Strength: {s}" for s in result.feedback.strengths[:2]),
                     *(f"Improve: {s}" for s in result.feedback.improvements[:3]),
                     *([f"Follow-up: {result.feedback.follow_up}"] if result.feedback.follow_up else [])])
