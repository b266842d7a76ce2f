"""``interviewer grade`` on CSV, JSONL and Parquet: rows in order, columns carried through, own references."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from interviewer.cli import main
from tests.batch.conftest import DROPOUT, read_output, write_answers, write_csv

ROWS = [
    {"candidate": "ann", "question_id": DROPOUT, "question": "",
     "answer": "Dropout turns off random neurons during training so they cannot co-adapt, which reduces overfitting.",
     "reference": "", "team": "red"},
    {"candidate": "bob", "question_id": "", "question": "What does learning-rate warmup do in transformer training?",
     "answer": "It increases the learning rate gradually during the first steps to keep early updates stable.",
     "reference": "Warmup starts from a small learning rate and raises it over the first steps to avoid unstable updates.",
     "team": "blue"},
    {"candidate": "cid", "question_id": "no-such-question", "question": "", "answer": "Something.", "reference": "",
     "team": "red"},
    {"candidate": "dan", "question_id": DROPOUT, "question": "", "answer": "", "reference": "", "team": "blue"},
]


def grade(*args: str):
    return CliRunner().invoke(main, ["grade", *map(str, args)])


@pytest.mark.parametrize("source_format", ["csv", "jsonl", "parquet"])
def test_every_format_in_keeps_every_row_in_order_with_its_grade(tmp_path, isolated_home, embedder, source_format):
    source = write_answers(tmp_path / f"answers.{source_format}", ROWS)
    result = grade(source, "-o", tmp_path / "out.csv", "--grader", "offline")
    assert result.exit_code == 0, result.output
    out = read_output(tmp_path / "out.csv")
    assert [r["candidate"] for r in out] == ["ann", "bob", "cid", "dan"]
    assert [r["team"] for r in out] == ["red", "blue", "red", "blue"]  # carried through untouched
    assert [r["status"] for r in out] == ["graded", "graded", "error", "unscored"]
    assert float(out[0]["score"]) > 0 and out[0]["correctness"] and out[0]["clarity"]
    assert out[0]["matched_question_id"] == DROPOUT and out[0]["grader"] == "offline-reference"
    assert out[1]["score"] and out[1]["rubric_hash"] == out[0]["rubric_hash"]  # graded against its own reference
    assert "unknown question_id 'no-such-question'" in out[2]["feedback"] and out[2]["score"] == ""
    assert out[3]["score"] == "" and out[3]["feedback"] == "the answer is empty"
    assert "Graded 4 rows" in result.output and "2 graded, 1 unscored, 1 error" in result.output
    assert not (isolated_home / "index").exists(), "no row needed related references, so no index was built"
    assert not list(tmp_path.glob("*.journal.jsonl")) and not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("output_format", ["jsonl", "parquet"])
def test_typed_formats_keep_value_types(tmp_path, isolated_home, embedder, output_format):
    rows = [{"candidate": 7, "question_id": DROPOUT, "answer": "Dropout drops random units while training.",
             "meta": {"cohort": "2024", "tags": ["a", "b"]}, "passed": True},
            {"candidate": 8, "question_id": DROPOUT, "answer": "It zeroes activations at random to fight overfitting.",
             "meta": {"cohort": "2025", "tags": []}, "passed": False}]
    source = write_answers(tmp_path / "answers.jsonl", rows)
    result = grade(source, "-o", tmp_path / f"out.{output_format}", "--grader", "offline")
    assert result.exit_code == 0, result.output
    out = read_output(tmp_path / f"out.{output_format}")
    assert [(r["candidate"], r["meta"], r["passed"]) for r in out] == [(7, rows[0]["meta"], True),
                                                                      (8, rows[1]["meta"], False)]
    assert all(isinstance(r["score"], float) and isinstance(r["flags"], list) for r in out)
    assert isinstance(out[0]["key_points_missed"], list) and out[0]["status"] == "graded"


def test_parquet_to_parquet_keeps_the_input_schema(tmp_path, isolated_home, embedder):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"answer": ["Dropout drops random units during training.", None],
                      "question_id": [DROPOUT, DROPOUT], "attempt": pa.array([1, 2], type=pa.int16())})
    pq.write_table(table, tmp_path / "answers.parquet")
    result = grade(tmp_path / "answers.parquet", "-o", tmp_path / "out.parquet", "--grader", "offline")
    assert result.exit_code == 0, result.output
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.schema.field("attempt").type == pa.int16() and out.column("attempt").to_pylist() == [1, 2]
    assert out.column("status").to_pylist() == ["graded", "unscored"]
    assert out.schema.field("score").type == pa.float64()


def test_a_custom_reference_replaces_the_bank(tmp_path, isolated_home, embedder):
    answer = "Batch normalization normalizes each mini-batch's activations, then scales and shifts them."
    reference = ("Gradient clipping rescales gradients whose norm exceeds a threshold, which prevents exploding "
                 "gradients in recurrent networks.")
    rows = [{"question_id": DROPOUT, "answer": answer, "reference": ""},
            {"question_id": DROPOUT, "answer": answer, "reference": reference}]
    source = write_csv(tmp_path / "answers.csv", rows)
    result = grade(source, "-o", tmp_path / "out.jsonl", "--grader", "offline", "--details", tmp_path / "details")
    assert result.exit_code == 0, result.output
    details = [json.loads(line) for line in (tmp_path / "details" / "out.details.jsonl").read_text().splitlines()]
    assert [d["row"] for d in details] == [0, 1]
    own, custom = (d["result"] for d in details)
    assert custom["references"] == [{"chunk_id": "user-reference", "question_id": None, "source": "user",
                                     "kind": "reference", "own": True, "similarity": None}]
    assert all(r["own"] and r["question_id"] == DROPOUT for r in own["references"])
    assert {k["point"] for k in custom["key_points"]}.isdisjoint(k["point"] for k in own["key_points"])
    assert read_output(tmp_path / "out.jsonl")[1]["matched_question_id"] == DROPOUT


def test_a_free_text_question_is_matched_or_unscored_with_the_advice(tmp_path, embedder):
    rows = [{"question": "What is dropout, and how does it prevent overfitting in neural networks?",
             "answer": "Dropout randomly disables neurons during training so the network cannot rely on any one."},
            {"question": "How do you season a cast-iron pan?", "answer": "Oil it thinly and bake it upside down."}]
    source = write_answers(tmp_path / "answers.jsonl", rows)
    result = grade(source, "-o", tmp_path / "out.jsonl", "--grader", "offline")
    assert result.exit_code == 0, result.output
    matched, unmatched = read_output(tmp_path / "out.jsonl")
    assert matched["matched_question_id"] == DROPOUT and matched["match_similarity"] >= 0.8
    assert matched["status"] == "graded"
    assert unmatched["matched_question_id"] is None and unmatched["match_similarity"] < 0.8
    assert unmatched["status"] == "unscored" and unmatched["score"] is None
    assert "add a" not in unmatched["feedback"] and "give a reference answer" in unmatched["feedback"]
