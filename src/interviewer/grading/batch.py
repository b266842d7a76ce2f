"""Grade a CSV file of written answers: every input row comes out, in order, with its grade added."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from interviewer.errors import InterviewerError
from interviewer.grading.context import ContextBuilder, GradingContext, context_from_reference
from interviewer.grading.result import GradeResult

BATCH_SIZE = 64


@dataclass
class BatchSummary:
    rows: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    scores: list[float] = field(default_factory=list)


def result_columns(criterion_ids: list[str]) -> list[str]:
    """The columns grading adds to every row."""
    return ["matched_question_id", "match_similarity", "score", *criterion_ids, "status", "flags", "feedback",
            "key_points_missed", "grader", "rubric_hash"]


def read_answers(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of an answers CSV; a clear error names the file, line or column at fault."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            rows = list(reader)
    except FileNotFoundError:
        raise InterviewerError(f"{path}: file not found") from None
    except UnicodeDecodeError as error:
        raise InterviewerError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except csv.Error as error:
        raise InterviewerError(f"{path}: malformed CSV ({error})") from None
    if "answer" not in header:
        raise InterviewerError(f"{path}: no 'answer' column (columns: {', '.join(header) or 'none'})")
    if "question" not in header and "question_id" not in header:
        raise InterviewerError(f"{path}: needs a 'question' or a 'question_id' column")
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise InterviewerError(f"{path}:{number}: more fields than the header has columns")
    return header, rows


def context_for_row(row: dict[str, str], builder: ContextBuilder) -> tuple[GradingContext | None, str, float | None, str | None]:
    """(context, matched question id, match similarity, error) for one row."""
    question_id = (row.get("question_id") or "").strip()
    question_text = (row.get("question") or "").strip()
    reference = (row.get("reference") or "").strip()
    if question_id:
        question = builder.bank.get(question_id)
        if question is None:
            return None, "", None, f"unknown question_id {question_id!r}"
        if reference:
            return context_from_reference(question.question, reference, question.id), question.id, 1.0, None
        return builder.for_question(question), question.id, 1.0, None
    if not question_text:
        return None, "", None, "no question or question_id in this row"
    if reference:
        return context_from_reference(question_text, reference), "", None, None
    context, similarity = builder.for_text(question_text)
    return context, context.question_id or "", round(similarity, 4), None


def output_row(row: dict[str, str], criterion_ids: list[str], matched: str, similarity: float | None,
               result: GradeResult | None, error: str | None) -> dict[str, str]:
    out = dict(row)
    out.update({"matched_question_id": matched, "match_similarity": "" if similarity is None else str(similarity)})
    if result is None:
        out.update({"score": "", **{c: "" for c in criterion_ids}, "status": "error", "flags": "",
                    "feedback": error or "", "key_points_missed": "", "grader": "", "rubric_hash": ""})
        return out
    feedback = result.unscored_reason or " ".join(
        [*(f"Strength: {s}" for s in result.feedback.strengths[:2]),
         *(f"Improve: {s}" for s in result.feedback.improvements[:3]),
         *([f"Follow-up: {result.feedback.follow_up}"] if result.feedback.follow_up else [])])
    out.update({
        "score": "" if result.score is None else f"{result.score:.2f}",
        **{c: (f"{s.score:.2f}" if (s := result.criterion(c)) else "") for c in criterion_ids},
        "status": result.status, "flags": ";".join(result.flags), "feedback": feedback,
        "key_points_missed": " | ".join(result.missed_points), "grader": result.grader.name,
        "rubric_hash": result.rubric.hash,
    })
    return out


def grade_csv(input_path: Path, output_path: Path, grader, bank, index=None,
              progress: Callable[[int, int], None] | None = None, index_factory=None) -> BatchSummary:
    """Grade every row of ``input_path`` and write ``output_path`` (all input columns, then the grade).

    The index (``index``, or opened by ``index_factory`` only when a row needs it) supplies related
    references for questions that have none of their own.
    """
    header, rows = read_answers(input_path)
    criterion_ids = [c.id for c in grader.rubric.criteria]
    added = result_columns(criterion_ids)
    clash = [c for c in added if c in header]
    if clash:
        raise InterviewerError(f"{input_path}: input already has column(s) {', '.join(clash)}; rename them")
    builder = ContextBuilder(bank, index=index, index_factory=index_factory)
    prepared = [context_for_row(row, builder) for row in rows]
    results: list[GradeResult | None] = [None] * len(rows)
    gradable = [i for i, (context, _, _, error) in enumerate(prepared) if error is None]
    for start in range(0, len(gradable), BATCH_SIZE):
        chunk = gradable[start:start + BATCH_SIZE]
        graded = grader.grade_many([(prepared[i][0], rows[i].get("answer") or "") for i in chunk])
        for i, result in zip(chunk, graded):
            results[i] = result
        if progress:
            progress(min(start + BATCH_SIZE, len(gradable)), len(gradable))
    summary = BatchSummary(rows=len(rows))
    output_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = output_path.with_name(output_path.name + ".tmp")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*header, *added])
        writer.writeheader()
        for row, (_, matched, similarity, error), result in zip(rows, prepared, results):
            writer.writerow(output_row(row, criterion_ids, matched, similarity, result, error))
            status = result.status if result else "error"
            summary.by_status[status] = summary.by_status.get(status, 0) + 1
            if result is not None and result.score is not None:
                summary.scores.append(result.score)
    temporary.replace(output_path)
    return summary
