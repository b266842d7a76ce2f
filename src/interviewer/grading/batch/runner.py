"""Grade a file of written answers: read, check, grade what is missing, journal, write in input order.

The order of work makes a run safe to kill at any point:
1. the output's format and the input are checked before anything is written (an unusable input
   leaves no file behind);
2. each finished row is appended to the journal beside the output (see :mod:`.journal`);
3. at the end the output is written atomically from the journal, in input order, and the journal
   is removed. Running the same command with ``resume=True`` grades only the rows not journaled
   and those journaled unscored.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from interviewer.errors import InterviewerError
from interviewer.grading.batch.journal import JOURNAL_VERSION, Journal, journal_path
from interviewer.grading.batch.readers import AnswerTable, check_columns, read_answers
from interviewer.grading.batch.rows import (
    MAX_ANSWER_CHARS, RowJob, RowPreparer, column_types, grade_fields, result_columns,
)
from interviewer.grading.batch.summary import BatchSummary, summarize
from interviewer.grading.batch.workers import default_workers, grade_in_batches, grade_in_threads, grades_in_threads
from interviewer.grading.batch.writers import check_output_path, write_jsonl, write_rows
from interviewer.grading.context import ContextBuilder
from interviewer.grading.result import GradeResult

Progress = Callable[[int, int], None]


@dataclass
class BatchOptions:
    """How to run: parallel LLM calls (None: the grader's default), resuming, where to write details."""

    workers: int | None = None
    resume: bool = False
    details_dir: Path | None = None
    max_answer_chars: int = MAX_ANSWER_CHARS


def grade_file(input_path: Path, output_path: Path, grader, bank, options: BatchOptions | None = None,
               progress: Progress | None = None) -> BatchSummary:
    """Grade every row of ``input_path`` into ``output_path`` (CSV, JSONL or Parquet, from the extensions).

    ``progress(done, total)`` is called as rows finish (from worker threads with the LLM judge).
    Raises :class:`InterviewerError` for an unusable input, output path or journal.
    """
    options = options or BatchOptions()
    started = time.monotonic()
    check_output_path(output_path)
    if output_path.resolve() == Path(input_path).resolve():
        raise InterviewerError(f"{output_path}: the output would overwrite the input; choose another -o")
    table = read_answers(input_path)
    criterion_ids = [c.id for c in grader.rubric.criteria]
    llm = grades_in_threads(grader)
    added = result_columns(criterion_ids, llm)
    check_columns(table, added)
    journal, entries = Journal.open(journal_path(output_path), run_header(table, grader, bank, options),
                                    options.resume)
    # Resuming also retries the rows that ended unscored (a provider's outage, a timeout): a later
    # journal line for a row replaces the earlier one.
    entries = {position: entry for position, entry in entries.items() if entry["fields"]["status"] != "unscored"}
    summary = BatchSummary(input=input_path, output=output_path, grader=grader_label(grader), resumed=len(entries),
                           llm=llm)
    total = len(table.rows)

    def finish(job: RowJob, result: GradeResult | None, error: str | None) -> None:
        entry = {"row": job.row, "fields": grade_fields(job, result, criterion_ids, llm, error),
                 "result": None if result is None else result.model_dump(mode="json")}
        journal.append(entry)
        entries[job.row] = entry
        if progress:
            progress(len(entries), total)

    try:
        if progress:
            progress(len(entries), total)
        missing = [position for position in range(total) if position not in entries]
        jobs = RowPreparer(ContextBuilder(bank),
                           options.max_answer_chars).prepare(table.rows, missing) if missing else []
        for job in jobs:
            if job.error:
                finish(job, None, None)
        gradable = [job for job in jobs if not job.error]
        if llm:
            grade_in_threads(grader, gradable, options.workers or default_workers(grader), finish)
        else:
            grade_in_batches(grader, gradable, finish)
    finally:
        journal.close()
    try:
        write_outputs(table, entries, output_path, added, column_types(criterion_ids, llm), options.details_dir,
                      summary)
    except OSError as error:
        raise InterviewerError(f"{error.filename or output_path}: cannot write ({error.strerror or error}); every "
                               f"graded row is kept in {journal.path}: run again with --resume") from None
    journal.remove()
    summary.seconds = time.monotonic() - started
    return summarize(summary, table.rows, entries, criterion_ids)


def write_outputs(table: AnswerTable, entries: dict[int, dict], output_path: Path, added: list[str],
                  types: dict[str, str], details_dir: Path | None, summary: BatchSummary) -> None:
    """The output file (input rows in order, each with its added columns) and, if asked, the details file."""
    rows = ({**row, **entries[position]["fields"]} for position, row in enumerate(table.rows))
    write_rows(output_path, [*table.columns, *added], rows, types, table.arrow_schema)
    if details_dir is not None:
        details = Path(details_dir) / f"{output_path.stem}.details.jsonl"
        details.parent.mkdir(parents=True, exist_ok=True)
        write_jsonl(details, (detail_record(position, row, entries[position]) for position, row in enumerate(table.rows)))
        summary.outputs.append(details)


def detail_record(position: int, row: dict, entry: dict) -> dict:
    """One line of the details file: the row's identity, status and reason, and its full GradeResult."""
    fields = entry["fields"]
    record = {"row": position}
    record.update({column: row[column] for column in ("candidate", "question_id", "question") if column in row})
    record.update({"matched_question_id": fields.get("matched_question_id"),
                   "match_similarity": fields.get("match_similarity"), "status": fields["status"],
                   "reason": fields["feedback"] if fields["status"] != "graded" else None,
                   "result": entry.get("result")})
    return record


def grader_label(grader) -> str:
    """The grader's name, with the model for the LLM judge."""
    model = getattr(grader, "model", None)
    return f"{grader.name} ({model})" if model else grader.name


def run_header(table: AnswerTable, grader, bank, options: BatchOptions) -> dict:
    """What a journal must match to be resumed: the input's bytes and everything that changes a grade."""
    bank_text = json.dumps([q.model_dump(mode="json") for q in bank.questions], sort_keys=True)
    return {"journal": JOURNAL_VERSION, "input": str(table.path), "input_sha256": table.sha256,
            "rows": len(table.rows), "grader": grader.name, "grader_version": grader.version,
            "model": getattr(grader, "model", None), "samples": getattr(grader, "samples", 1),
            "evidence": getattr(grader, "evidence_grader", None) is not None,
            "rubric": grader.rubric.hash, "bank": hashlib.sha256(bank_text.encode()).hexdigest()[:16],
            "max_answer_chars": options.max_answer_chars,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}
