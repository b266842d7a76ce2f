"""The deep-learning dev set: answers at six levels, labelled per key point, with whole questions held out.

It measures what a candidate reads: the mean score per level against the rubric's anchors (absolute,
not only the order), whether a fluent misconception scores below a vague answer, how well the
key-point verdicts match the labels, and agreement with the labellers' own 0-5 grades. Every figure
is given for the fitting questions and, separately, for the held-out ones, which nothing was tuned on.
"""

from __future__ import annotations

from pathlib import Path
from statistics import mean

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from interviewer.errors import InterviewerError
from interviewer.evals.metrics import pearson_or_none
from interviewer.evals.suite_file import load_suite_file
from interviewer.grading.context import ContextBuilder
from interviewer.grading.result import KeyPointStatus

SPLITS = ("fit", "held_out")
# The goal table of the rubric's anchors: the mean score each level should get (issue 12).
TARGETS = {"excellent": (4.2, 5.0), "terse_expert": (4.0, 5.0), "partial": (2.5, 3.5), "weak": (0.0, 1.5),
           "misconception": (0.0, 1.0)}


class DevAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    level: str
    voice: str
    note: str | None = None
    labels: list[KeyPointStatus]
    human_score: float = Field(ge=0, le=5)
    labeller_note: str | None = None
    text: str


class DevCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question_id: str
    question: str
    split: str
    key_points: list[str]
    answers: list[DevAnswer]


class DevSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: int
    kind: str = "dev"
    levels: list[str]
    voices: list[str]
    cases: list[DevCase]


def load_dev_set(path: Path) -> DevSet:
    return load_suite_file(path, DevSet, "dev set")


def run_dev(grader, bank, dev: DevSet, progress=None) -> dict:
    """Grade every answer (twice, for consistency) and compute the dev metrics per split."""
    builder = ContextBuilder(bank)
    items, rows = [], []
    for case in dev.cases:
        question = bank.get(case.question_id)
        if question is None:
            raise InterviewerError(f"dev set {dev.name}: question id {case.question_id!r} is not in the bank")
        if question.point_texts != case.key_points:
            raise InterviewerError(f"dev set {dev.name}: the key points of {case.question_id} changed since its "
                                   "answers were labelled; label them again")
        context = builder.for_question(question)
        for answer in case.answers:
            if len(answer.labels) != len(case.key_points):
                raise InterviewerError(f"dev set {dev.name}: answer {answer.id} has {len(answer.labels)} labels "
                                       f"for {len(case.key_points)} key points")
            items.append((context, answer.text))
            rows.append((case, answer))
    if progress:
        progress(f"grading {len(items)} dev answers twice")
    first = grader.grade_many(items)
    second = grader.grade_many(items)
    graded = [{"question_id": case.question_id, "split": case.split, "id": answer.id, "level": answer.level,
               "voice": answer.voice, "human": answer.human_score, "score": result.score,
               "labels": answer.labels, "verdicts": [v.status for v in result.key_points], "flags": result.flags}
              for (case, answer), result in zip(rows, first)]
    same = [a.model_dump(exclude={"usage"}) == b.model_dump(exclude={"usage"}) for a, b in zip(first, second)]
    return {"answers": graded, "levels": dev.levels,
            "splits": {split: split_metrics([g for g in graded if g["split"] == split], dev.levels) for split in SPLITS},
            "consistency": {"identical": sum(same) / len(same), "answers": len(same)}}


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return mean(values) if values else None


def verdict_agreement(rows: list[dict]) -> dict:
    """Precision and recall of the grader's "covered" and "contradicted" verdicts against the labels."""
    pairs = [(v, label) for row in rows for v, label in zip(row["verdicts"], row["labels"])]

    def precision_recall(status: str) -> dict:
        predicted = sum(v == status for v, _ in pairs)
        actual = sum(label == status for _, label in pairs)
        both = sum(v == status and label == status for v, label in pairs)
        return {"precision": both / predicted if predicted else None, "recall": both / actual if actual else None,
                "predicted": predicted, "labelled": actual}

    return {"covered": precision_recall("covered"), "contradicted": precision_recall("contradicted"),
            "points": len(pairs)}


def split_metrics(rows: list[dict], levels: list[str]) -> dict:
    """Mean score per level, the goal table, misconception below weak, verdicts and agreement with humans."""
    if not rows:
        return {}
    by_level = {level: _mean(r["score"] for r in rows if r["level"] == level) for level in levels}
    human = {level: _mean(r["human"] for r in rows if r["level"] == level) for level in levels}
    per_question: dict[str, dict] = {}
    for row in rows:
        per_question.setdefault(row["question_id"], {})[row["level"]] = row["score"]
    pairs = [(q["misconception"], q["weak"]) for q in per_question.values()
             if q.get("misconception") is not None and q.get("weak") is not None]
    scored = [r for r in rows if r["score"] is not None]
    scores = np.array([r["score"] for r in scored])
    humans = np.array([r["human"] for r in scored])
    goals = {level: {"mean": by_level.get(level), "target": list(bounds),
                     "met": by_level.get(level) is not None and bounds[0] <= by_level[level] <= bounds[1]}
             for level, bounds in TARGETS.items()}
    return {
        "questions": len(per_question), "answers": len(rows), "unscored": len(rows) - len(scored),
        "mean_score": by_level, "human_mean_score": human, "goals": goals,
        "misconception_below_weak": {"questions": sum(m < w for m, w in pairs), "of": len(pairs),
                                     "share": sum(m < w for m, w in pairs) / len(pairs) if pairs else None},
        "verdicts": verdict_agreement(rows),
        "pearson_with_human": pearson_or_none(scores, humans),
        "mean_absolute_error": float(np.mean(np.abs(scores - humans))) if len(scored) else None,
        "by_voice": {voice: _mean(r["score"] - r["human"] for r in scored if r["voice"] == voice)
                     for voice in sorted({r["voice"] for r in rows})},
    }
