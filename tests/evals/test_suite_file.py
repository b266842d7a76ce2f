"""Eval suite files: a missing file, broken YAML or a wrong field is one line naming the file."""

from __future__ import annotations

import pytest

from interviewer.errors import InterviewerError
from interviewer.evals.dev import load_dev_set
from interviewer.evals.gold import load_gold_set
from interviewer.evals.unreferenced import load_exam_set


@pytest.mark.parametrize("load, what", [(load_gold_set, "gold set"), (load_dev_set, "dev set"),
                                        (load_exam_set, "exam set")])
def test_a_missing_file_is_named(tmp_path, load, what):
    with pytest.raises(InterviewerError, match=f"missing.yaml: {what} not found"):
        load(tmp_path / "missing.yaml")


@pytest.mark.parametrize("text, detail", [("name: [unclosed", "not a valid exam set"),
                                          ("name: x\nversion: 1\nscale: [0, 2]\ncases: []\nextra: 1\n", "extra")])
def test_broken_yaml_or_an_unknown_field_is_one_line(tmp_path, text, detail):
    path = tmp_path / "exam.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InterviewerError) as caught:
        load_exam_set(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not a valid exam set") and detail in message and "\n" not in message


def test_a_valid_file_loads():
    from pathlib import Path

    exam = load_exam_set(Path(__file__).resolve().parents[2] / "evals" / "exam" / "exam_like.yaml")
    assert len(exam.cases) == 24 and all(len(case.answers) == 10 for case in exam.cases)
