"""Fixtures for batch grading: answer files in every format, and the LLM judge on a scripted server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.grading.conftest import llm_server, no_network  # noqa: F401  (fixtures shared with the judge tests)

DROPOUT = "dropout-prevent-overfitting-neural-networks-ed8abf"


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def write_parquet(path: Path, rows: list[dict]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_parquet}


def write_answers(path: Path, rows: list[dict]) -> Path:
    """Write ``rows`` in the format of ``path``'s extension."""
    return WRITERS[path.suffix.lstrip(".")](path, rows)


def read_output(path: Path) -> list[dict]:
    """The rows of a graded file, whatever its format."""
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


@pytest.fixture
def judge_env(llm_server, tmp_path, monkeypatch):  # noqa: F811
    """The scripted server as the judge's provider: INTERVIEWER_API_BASE set, a fresh home (empty LLM cache)."""
    monkeypatch.setenv("INTERVIEWER_API_BASE", llm_server.api_base)
    monkeypatch.setenv("INTERVIEWER_API_KEY", "test")
    monkeypatch.setenv("INTERVIEWER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("INTERVIEWER_MODEL", raising=False)
    monkeypatch.delenv("INTERVIEWER_CHROMA_URL", raising=False)
    monkeypatch.delenv("INTERVIEWER_BANK", raising=False)
    return llm_server
