"""Writing graded rows as CSV, JSONL or Parquet, atomically (a temporary file renamed into place).

A reader of the output sees the previous file or the complete new one, never half of one. Values
keep their types in JSONL and Parquet; in CSV, lists of the added columns are joined (flags with
``;``, missed key points with `` | ``) and other non-text values are written as JSON.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Iterable

from interviewer.grading.batch.readers import file_format

# How a list-valued added column is joined in a CSV cell.
CSV_LIST_SEPARATORS = {"flags": ";", "key_points_missed": " | "}


def check_output_path(path: Path) -> str:
    """The output format (from the extension); raises before any grading when it is unknown."""
    return file_format(path, role="output")


def write_rows(path: Path, columns: list[str], rows: Iterable[dict], column_types: dict | None = None,
               input_schema=None) -> None:
    """Write ``rows`` (dicts with the keys ``columns``) to ``path`` in the format of its extension.

    ``column_types`` maps added columns to ``"float"``, ``"int"``, ``"text"`` or ``"list"`` (used for
    Parquet); ``input_schema`` is a Parquet input's schema, whose column types are kept.
    """
    kind = check_output_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if kind == "csv":
            _write_csv(temporary, columns, rows)
        elif kind == "jsonl":
            write_jsonl(temporary, rows, atomic=False)
        else:
            _write_parquet(temporary, columns, list(rows), column_types or {}, input_schema)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_jsonl(path: Path, records: Iterable[dict], atomic: bool = True) -> None:
    """One JSON object per line (non-JSON values such as dates as text), fsynced; atomically by default."""
    target = path.with_name(f".{path.name}.{os.getpid()}.tmp") if atomic else path
    try:
        with target.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        if atomic:
            os.replace(target, path)
    finally:
        if atomic:
            target.unlink(missing_ok=True)


def csv_cell(column: str, value) -> str:
    """The text of one CSV cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and column in CSV_LIST_SEPARATORS:
        return CSV_LIST_SEPARATORS[column].join(str(v) for v in value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _write_csv(path: Path, columns: list[str], rows: Iterable[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(column, row.get(column)) for column in columns])
        handle.flush()
        os.fsync(handle.fileno())


def _write_parquet(path: Path, columns: list[str], rows: list[dict], column_types: dict, input_schema) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    known = {"float": pa.float64(), "int": pa.int64(), "text": pa.string(), "list": pa.list_(pa.string())}
    arrays, fields = [], []
    for column in columns:
        values = [row.get(column) for row in rows]
        if column in column_types:
            array = pa.array(values, type=known[column_types[column]])
        elif input_schema is not None and column in input_schema.names:
            array = pa.array(values, type=input_schema.field(column).type)
        else:
            array = _inferred(pa, values)
        arrays.append(array)
        fields.append(pa.field(column, array.type))
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), path)


def _inferred(pa, values: list):
    """A column of JSONL or CSV values: its own type if consistent, else every value as text."""
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array([None if v is None else v if isinstance(v, str) else json.dumps(v, default=str)
                         for v in values], type=pa.string())
