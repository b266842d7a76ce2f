"""Questions outside the bank, with graded answers and no references: what the grader does without a reference.

A score must never tell less about an answer than its length does. This suite grades every answer as
a user's free-text question (no ``reference``) and reports how many are scored and unscored, the
reason given for the unscored ones, and, for the scored ones, the Pearson correlation of the score
with the human grade next to that of the answer's log length on the same rows.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from interviewer.evals.metrics import pearson_or_none
from interviewer.evals.suite_file import load_suite_file
from interviewer.grading.context import ContextBuilder


class ExamAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    grade: float
    text: str


class ExamCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    answers: list[ExamAnswer]


class ExamSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: int
    kind: str = "unreferenced"
    scale: list[float]
    cases: list[ExamCase]


def load_exam_set(path: Path) -> ExamSet:
    return load_suite_file(path, ExamSet, "exam set")


def run_unreferenced(grader, bank, exam: ExamSet, progress=None) -> dict:
    """Grade every answer against its question as free text, and compare what is scored with the human grades."""
    builder = ContextBuilder(bank)
    matches = builder.match_many([case.question for case in exam.cases])
    items, rows = [], []
    for case, match in zip(exam.cases, matches):
        context, similarity = builder.for_text(case.question, match)
        for answer in case.answers:
            items.append((context, answer.text))
            rows.append({"question": case.id, "answer": answer.id, "grade": answer.grade,
                         "words": len(answer.text.split()), "match_similarity": round(similarity, 4)})
    if progress:
        progress(f"grading {len(items)} answers to questions outside the bank")
    for row, result in zip(rows, grader.grade_many(items)):
        row.update(score=result.score, status=result.status, reason=result.unscored_reason)
    scored = [r for r in rows if r["score"] is not None]
    reasons = Counter(r["reason"].split(";")[0] for r in rows if r["reason"])
    return {
        "answers": len(rows), "questions": len(exam.cases), "scored": len(scored),
        "unscored": len(rows) - len(scored),
        "closest_bank_question": {"max": max(r["match_similarity"] for r in rows),
                                  "median": float(np.median([r["match_similarity"] for r in rows]))},
        "pearson_score": pearson_or_none([r["score"] for r in scored], [r["grade"] for r in scored]),
        "pearson_log_length": pearson_or_none([math.log(r["words"]) for r in scored], [r["grade"] for r in scored]),
        "pearson_log_length_all": pearson_or_none([math.log(r["words"]) for r in rows], [r["grade"] for r in rows]),
        "example_reason": next((r["reason"] for r in rows if r["reason"]), None),
        "reasons": dict(reasons), "rows": rows,
    }
