"""Loading banks: JSONL in the schema, Markdown documents, and clear errors for bad files."""

from __future__ import annotations

import json

import pytest

from interviewer.bank import load_bank, read_jsonl, write_jsonl
from interviewer.errors import BankError


def record(**overrides) -> dict:
    base = {
        "id": "what-is-dropout-1a2b3c",
        "question": "What is dropout?",
        "topic": "Regularization & Generalization",
        "difficulty": "easy",
        "references": [{"text": "Dropout zeroes random activations during training.", "style": "short",
                        "source": {"file": "mine.md", "line": 3}}],
        "key_points": ["Dropout zeroes random activations during training."],
        "sources": [{"file": "mine.md", "line": 1}],
    }
    base.update(overrides)
    return base


def write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_round_trip_through_jsonl(tmp_path):
    path = write_lines(tmp_path / "bank.jsonl", [json.dumps(record())])
    questions = read_jsonl(path)
    write_jsonl(questions, tmp_path / "copy.jsonl")
    assert read_jsonl(tmp_path / "copy.jsonl") == questions
    assert questions[0].has_references


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(BankError, match=r"nope\.jsonl: file not found"):
        read_jsonl(tmp_path / "nope.jsonl")


def test_a_folder_is_not_a_bank(tmp_path):
    with pytest.raises(BankError, match="is a folder"):
        read_jsonl(tmp_path)


def test_malformed_json_line_is_reported_with_its_line_number(tmp_path):
    path = write_lines(tmp_path / "bank.jsonl", [json.dumps(record()), "", '{"id": "x", oops}'])
    with pytest.raises(BankError) as raised:
        read_jsonl(path)
    assert raised.value.line == 3
    assert str(raised.value).startswith(f"{path}:3: malformed JSON")


def test_schema_violation_names_the_line_and_field(tmp_path):
    bad = record(difficulty="impossible")
    path = write_lines(tmp_path / "bank.jsonl", [json.dumps(record(id="ok-1")), json.dumps(bad)])
    with pytest.raises(BankError, match=r"bank\.jsonl:2: field 'difficulty'"):
        read_jsonl(path)


def test_unknown_fields_are_rejected(tmp_path):
    path = write_lines(tmp_path / "bank.jsonl", [json.dumps(record(extra="x"))])
    with pytest.raises(BankError, match="field 'extra'"):
        read_jsonl(path)


def test_nested_field_errors_name_the_path(tmp_path):
    bad = record(references=[{"text": "x", "style": "essay", "source": {"file": "a", "line": 1}}])
    path = write_lines(tmp_path / "bank.jsonl", [json.dumps(bad)])
    with pytest.raises(BankError, match=r"field 'references\.0\.style'"):
        read_jsonl(path)


def test_duplicate_ids_are_rejected(tmp_path):
    path = write_lines(tmp_path / "bank.jsonl", [json.dumps(record()), json.dumps(record())])
    with pytest.raises(BankError, match="2: duplicate id 'what-is-dropout-1a2b3c' \\(first on line 1\\)"):
        read_jsonl(path)


def test_non_object_lines_and_empty_banks_are_rejected(tmp_path):
    with pytest.raises(BankError, match=":1: each line must be a JSON object"):
        read_jsonl(write_lines(tmp_path / "list.jsonl", ["[1, 2]"]))
    with pytest.raises(BankError, match="has no questions"):
        read_jsonl(write_lines(tmp_path / "empty.jsonl", [""]))


def test_bad_encoding_is_reported(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"question": "caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(BankError, match="not UTF-8"):
        read_jsonl(path)


def test_a_markdown_document_is_a_bank(tmp_path, embedder):
    document = tmp_path / "mine.md"
    document.write_text(
        "## Basics\n\n"
        "**Question 1 [EASY]:** What is dropout?\n\n"
        "**Answer:** Dropout zeroes random activations during training, which reduces overfitting.\n\n"
        "**Question 2 [DIFFICULT]:** What does dropout do?\n\n"
        "**Question 3 [MODERATE]:** How do you deploy a model to an edge device?\n\n"
        "**Answer:** Quantize and prune it, then export it to a mobile runtime.\n",
        encoding="utf-8",
    )
    bank = load_bank(document, encoder=embedder)
    # "What does dropout do?" is a rewording of question 1: merged, and linked to its answer.
    assert len(bank) == 2
    dropout = bank.questions[0]
    assert dropout.question == "What is dropout?"
    assert [(s.file, s.line) for s in dropout.sources] == [("mine.md", 3), ("mine.md", 7)]
    assert dropout.difficulty == "easy"
    assert dropout.references[0].source.file == "mine.md"
    assert bank.get(dropout.id) is dropout
    assert [q.topic for q in bank.with_topic("production")] == ["Production & Systems"]


def test_a_markdown_document_without_questions_is_an_error(tmp_path):
    document = tmp_path / "notes.md"
    document.write_text("# Notes\n\nJust prose.\n", encoding="utf-8")
    with pytest.raises(BankError, match="no questions found"):
        load_bank(document)
