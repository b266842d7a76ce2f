"""Batch grading of written answers: CSV, JSONL or Parquet in, every row graded out, nothing lost.

See :func:`grade_file`. The modules: ``readers`` and ``writers`` (file formats), ``rows`` (what a
row is graded against, and the columns added), ``journal`` (resumable progress), ``workers``
(batches and threads), ``runner`` (the whole run), ``summary`` and ``report`` (what it did).
"""

from interviewer.grading.batch.journal import journal_path
from interviewer.grading.batch.readers import FORMATS, read_answers
from interviewer.grading.batch.rows import MAX_ANSWER_CHARS, result_columns
from interviewer.grading.batch.runner import BatchOptions, grade_file
from interviewer.grading.batch.summary import BatchSummary, summary_text
from interviewer.grading.batch.workers import LOCAL_WORKERS, REMOTE_WORKERS, default_workers

__all__ = ["FORMATS", "LOCAL_WORKERS", "MAX_ANSWER_CHARS", "REMOTE_WORKERS", "BatchOptions",
           "BatchSummary", "default_workers", "grade_file", "journal_path", "read_answers", "result_columns",
           "summary_text"]
