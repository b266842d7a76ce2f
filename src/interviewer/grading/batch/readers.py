"""Reading a file of answers (CSV, JSONL or Parquet) into one table of rows, in file order.

Whatever makes a file unusable (missing, unreadable, not UTF-8, a malformed line, no ``answer``
column) raises :class:`InterviewerError` with one line naming the file and, where there is one,
the line and column. Nothing is graded or written for such a file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import InterviewerError

# File extensions and the format each one means (input and output alike).
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
# The csv module's default field limit (131,072 characters) would make a long answer an unusable
# file; answers over the size limit are row errors instead (see rows.MAX_ANSWER_CHARS).
CSV_FIELD_LIMIT = 64 * 1024 * 1024


@dataclass
class AnswerTable:
    """The rows of an answers file as dicts (CSV values are strings; JSONL and Parquet keep their types)."""

    path: Path
    format: str
    columns: list[str]
    rows: list[dict]
    sha256: str  # of the file's bytes: a journal belongs to exactly one input
    arrow_schema: object | None = None  # a Parquet input's schema, so Parquet output keeps its column types


def file_format(path: Path, role: str = "input") -> str:
    """``csv``, ``jsonl`` or ``parquet``, from the file's extension; anything else is a clear error."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(set(FORMATS)))
        raise InterviewerError(f"{path}: unknown {role} format {path.suffix or '(no extension)'!r}; use one of {known}")
    return kind


def read_answers(path: Path) -> AnswerTable:
    """Read ``path`` in the format its extension names; see the module docstring for errors."""
    kind = file_format(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InterviewerError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise InterviewerError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise InterviewerError(f"{path}: cannot read ({error.strerror or error})") from None
    digest = hashlib.sha256(data).hexdigest()
    if kind == "parquet":
        columns, rows, schema = _parquet(path, data)
        return AnswerTable(path, kind, columns, rows, digest, schema)
    text = _decode(path, data)
    columns, rows = _csv(path, text) if kind == "csv" else _jsonl(path, text)
    return AnswerTable(path, kind, columns, rows, digest)


def check_columns(table: AnswerTable, added: list[str]) -> None:
    """The columns grading needs are there, and none of the columns it adds is already taken."""
    where = table.path
    if "answer" not in table.columns:
        raise InterviewerError(f"{where}: no 'answer' column (columns: {', '.join(table.columns) or 'none'})")
    if "question" not in table.columns and "question_id" not in table.columns:
        raise InterviewerError(f"{where}: needs a 'question' or a 'question_id' column "
                               f"(columns: {', '.join(table.columns)})")
    clash = [column for column in added if column in table.columns]
    if clash:
        raise InterviewerError(f"{where}: input already has column(s) {', '.join(clash)}; rename them")


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InterviewerError(f"{path}:{line}:{column}: not UTF-8 text (byte 0x{data[error.start]:02x}); "
                               "save the file as UTF-8") from None


def _csv(path: Path, text: str) -> tuple[list[str], list[dict]]:
    previous = csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        try:
            columns = list(reader.fieldnames or [])
            rows = []
            for row in reader:
                if None in row:
                    raise InterviewerError(f"{path}:{reader.line_num}: more fields than the header has columns")
                rows.append({k: ("" if v is None else v) for k, v in row.items()})
        except csv.Error as error:
            raise InterviewerError(f"{path}:{reader.line_num}: malformed CSV ({error})") from None
    finally:
        csv.field_size_limit(previous)
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise InterviewerError(f"{path}:1: column(s) {', '.join(duplicated)} appear more than once in the header")
    return columns, rows


def _jsonl(path: Path, text: str) -> tuple[list[str], list[dict]]:
    columns: dict[str, None] = {}
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise InterviewerError(f"{path}:{number}:{error.colno}: malformed JSON ({error.msg})") from None
        if not isinstance(value, dict):
            raise InterviewerError(f"{path}:{number}: expected a JSON object, found {_json_type(value)}")
        columns.update(dict.fromkeys(value))
        rows.append(value)
    return list(columns), rows


def _json_type(value) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")


def _parquet(path: Path, data: bytes):
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InterviewerError(f"{path}: reading Parquet needs pyarrow (pip install pyarrow)") from None
    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as error:
        reason = (str(error).strip().splitlines() or ["unknown error"])[0]
        raise InterviewerError(f"{path}: not a readable Parquet file ({reason})") from None
    return list(table.column_names), table.to_pylist(), table.schema
