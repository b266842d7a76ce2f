"""The dev set (labelled DL answers, held-out questions) and the exam-like set (questions outside the bank)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from interviewer.errors import InterviewerError
from interviewer.evals.dev import load_dev_set, run_dev, split_metrics
from interviewer.evals.unreferenced import load_exam_set, run_unreferenced
from interviewer.grading.context import NO_REFERENCE_ADVICE
from interviewer.grading.offline import OfflineGrader

EVALS = Path(__file__).resolve().parents[2] / "evals"
DEV = load_dev_set(EVALS / "dev" / "deep_learning_dev.yaml")
LEVELS = {"excellent", "terse_expert", "partial", "weak", "misconception", "off_topic"}


def test_the_dev_set_covers_every_topic_level_and_voice_and_holds_out_whole_questions(bank):
    topics = Counter(bank.get(case.question_id).topic for case in DEV.cases)
    assert len(DEV.cases) >= 60 and set(topics) == {q.topic for q in bank.questions} and min(topics.values()) >= 4
    assert all({a.level for a in case.answers} == LEVELS for case in DEV.cases)
    assert {a.voice for case in DEV.cases for a in case.answers} >= {"rambling", "spoken", "non_native", "terse"}
    held_out = [case for case in DEV.cases if case.split == "held_out"]
    assert 0 < len(held_out) < len(DEV.cases) and {case.split for case in DEV.cases} == {"fit", "held_out"}
    ids = [case.question_id for case in DEV.cases]
    assert len(ids) == len(set(ids))  # a question is wholly in one split


def test_the_dev_labels_match_the_bank_points_they_were_made_for(bank):
    for case in DEV.cases:
        assert bank.get(case.question_id).point_texts == case.key_points, case.question_id
        assert all(len(answer.labels) == len(case.key_points) for answer in case.answers), case.question_id


def test_split_metrics_report_absolute_bands_and_misconception_below_weak():
    def row(question, level, score, human, verdicts, labels):
        return {"question_id": question, "level": level, "score": score, "human": human, "voice": "plain",
                "verdicts": verdicts, "labels": labels}

    rows = [row("q1", "excellent", 4.5, 5, ["covered", "covered"], ["covered", "covered"]),
            row("q1", "weak", 1.0, 1, ["partial", "missing"], ["covered", "missing"]),
            row("q1", "misconception", 0.5, 0, ["contradicted", "missing"], ["contradicted", "missing"]),
            row("q2", "excellent", 3.9, 5, ["covered", "missing"], ["covered", "covered"]),
            row("q2", "weak", 0.5, 1, ["missing", "missing"], ["missing", "missing"]),
            row("q2", "misconception", 2.0, 0, ["covered", "missing"], ["contradicted", "missing"])]
    metrics = split_metrics(rows, sorted(LEVELS))
    assert metrics["mean_score"]["excellent"] == pytest.approx(4.2) and metrics["goals"]["excellent"]["met"]
    assert metrics["goals"]["misconception"]["mean"] == pytest.approx(1.25)
    assert not metrics["goals"]["misconception"]["met"]
    assert metrics["misconception_below_weak"] == {"questions": 1, "of": 2, "share": 0.5}
    covered = metrics["verdicts"]["covered"]
    assert covered["precision"] == pytest.approx(3 / 4) and covered["recall"] == pytest.approx(3 / 5)
    assert metrics["verdicts"]["contradicted"] == {"precision": 1.0, "recall": 0.5, "predicted": 1, "labelled": 2}


def test_run_dev_refuses_labels_made_for_other_key_points(bank):
    stale = DEV.model_copy(deep=True)
    stale.cases = stale.cases[:1]
    stale.cases[0].key_points = [*stale.cases[0].key_points[:-1], "A point the bank does not have."]
    with pytest.raises(InterviewerError, match="changed since its answers were labelled"):
        run_dev(OfflineGrader(), bank, stale)


def test_run_dev_grades_both_splits_consistently(bank):
    small = DEV.model_copy(deep=True)
    small.cases = [next(c for c in DEV.cases if c.split == "fit"), next(c for c in DEV.cases if c.split == "held_out")]
    metrics = run_dev(OfflineGrader(), bank, small)
    assert {split: metrics["splits"][split]["answers"] for split in ("fit", "held_out")} == {"fit": 6, "held_out": 6}
    assert metrics["consistency"]["identical"] == 1.0
    assert all(row["score"] is not None for row in metrics["answers"])


def test_exam_answers_outside_the_bank_are_unscored_with_advice(bank):
    exam = load_exam_set(EVALS / "exam" / "exam_like.yaml")
    exam.cases = exam.cases[:2]
    metrics = run_unreferenced(OfflineGrader(), bank, exam)
    assert metrics["answers"] == 20 and metrics["scored"] == 0 and metrics["unscored"] == 20
    assert metrics["closest_bank_question"]["max"] < 0.80
    assert NO_REFERENCE_ADVICE in metrics["example_reason"]
    assert metrics["pearson_log_length_all"] is not None and metrics["pearson_score"] is None
