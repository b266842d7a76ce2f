"""Fit the constants of scheme grading on the dev set's fitting questions; write scheme_calibration.json.

    .venv/bin/python evals/fit_scheme_grading.py [--dev evals/dev/deep_learning_dev.yaml] [--dry-run]

Only the `fit` questions of the dev set are read: the held-out ones are for reporting (`interviewer
eval dev`). Each answer is read once with the scheme encoder; then, in turn:

1. the "covered" similarity that best balances precision and recall of "covered" against the labels,
   and the lowest "partial" similarity at which a point is still touched as precisely;
2. the misconception similarity and margin: the most contradictions found with a precision of at
   least 0.8 on the labels (a false contradiction is costly); the most precise pair if none reaches it;
3. the off-topic thresholds: flag every off-topic answer and no other (the loosest such pair);
4. the score's ramp, essential weight, shape and caps: the least squared error against the
   labellers' 0-5 grades.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY / "src"))

from interviewer.bank import load_bank  # noqa: E402
from interviewer.config import apply_offline_defaults  # noqa: E402
from interviewer.embeddings import encode_tokens  # noqa: E402
from interviewer.evals.dev import load_dev_set  # noqa: E402
from interviewer.grading.context import ContextBuilder  # noqa: E402
from interviewer.grading.marking import read_answer  # noqa: E402
from interviewer.grading.offline import OfflineGrader  # noqa: E402
from interviewer.grading.scheme_grading import CALIBRATION_FILE, SchemeCalibration  # noqa: E402

MIN_CONTRADICTION_PRECISION = 0.8


def readings(grader: OfflineGrader, bank, dev) -> list[dict]:
    """One row per answer of the fitting questions: its reading, labels, level and human grade."""
    builder = ContextBuilder(bank)
    rows = []
    for case in dev.cases:
        if case.split != "fit":
            continue
        context = builder.for_question(bank.get(case.question_id))
        grader._prepare_schemes([context])
        prepared = grader._schemes[grader._scheme_key(context)]
        encodings = encode_tokens(grader.scheme_encoder, [a.text for a in case.answers])
        for answer, encoding in zip(case.answers, encodings):
            reading = read_answer(prepared.scheme, encoding)
            rows.append({"reading": reading, "labels": answer.labels, "level": answer.level, "human": answer.human_score,
                         "essential": np.array([p.importance == "essential" for p in context.scheme.points]),
                         "points_of": [m.key_point - 1 for m in context.scheme.misconceptions],
                         "question": float(encoding.vector @ prepared.question),
                         "words": len(answer.text.split()), "text": answer.text, "context": context})
    return rows


def fit_verdicts(rows) -> tuple[float, float, dict]:
    similarity = np.concatenate([r["reading"].point_similarity for r in rows])
    labels = np.array([label for r in rows for label in r["labels"]])
    best = None
    for covered in np.arange(0.40, 0.90, 0.01):
        predicted = similarity >= covered
        true = labels == "covered"
        precision = (predicted & true).sum() / max(predicted.sum(), 1)
        recall = (predicted & true).sum() / max(true.sum(), 1)
        if best is None or min(precision, recall) > best[0]:
            best = (min(precision, recall), covered, precision, recall)
    _, covered, precision, recall = best
    touched = np.isin(labels, ["covered", "partial"])
    # "partial": the lowest similarity at which a point is still touched (labelled covered or partial)
    # as precisely as "covered" is found; below it, feedback asks for the point.
    partial = min((t for t in np.arange(0.30, covered - 0.005, 0.01)
                   if ((similarity >= t) & touched).sum() / max((similarity >= t).sum(), 1) >= precision),
                  default=covered - 0.1)
    return round(float(covered), 2), round(float(partial), 2), {"covered_precision": round(float(precision), 3),
                                                                 "covered_recall": round(float(recall), 3)}


def contradicted_points(row, threshold: float, margin: float) -> set[int]:
    reading = row["reading"]
    return {row["points_of"][j] for j in range(len(row["points_of"]))
            if reading.misconception_similarity[j] >= threshold and reading.misconception_margin[j] >= margin}


def fit_misconceptions(rows) -> tuple[float, float, dict]:
    candidates = []
    for threshold, margin in itertools.product(np.arange(0.50, 0.96, 0.01), np.arange(-0.05, 0.40, 0.01)):
        marked = labelled = hits = 0
        for row in rows:
            found = contradicted_points(row, threshold, margin)
            marked += len(found)
            hits += sum(row["labels"][i] == "contradicted" for i in found)
            labelled += sum(label == "contradicted" for label in row["labels"])
        precision = hits / marked if marked else 0.0
        candidates.append((precision >= MIN_CONTRADICTION_PRECISION and marked >= 3, precision, hits, threshold,
                           margin, marked, labelled))
    reaching = [c for c in candidates if c[0]]
    # The most contradictions found at the precision asked; if none reaches it, the most precise pair.
    best = (max(reaching, key=lambda c: (c[2], c[1], c[3])) if reaching
            else max((c for c in candidates if c[5] >= 3), key=lambda c: (c[1], c[2])))
    ok, precision, hits, threshold, margin, marked, labelled = best
    return round(float(threshold), 2), round(float(margin), 2), {
        "contradicted_precision": round(precision, 3), "contradicted_recall": round(hits / labelled, 3),
        "contradicted_marked": marked, "precision_target_met": bool(ok)}


def fit_off_topic(rows) -> tuple[float, float]:
    long = [r for r in rows if r["words"] >= 25]
    off = [r for r in long if r["level"] == "off_topic"]
    on = [r for r in long if r["level"] != "off_topic"]
    best = None
    for point, question in itertools.product(np.arange(0.30, 0.70, 0.01), np.arange(0.30, 0.80, 0.01)):
        def flagged(r):
            return r["question"] < question and r["reading"].point_similarity.max() < point
        false = sum(flagged(r) for r in on)
        caught = sum(flagged(r) for r in off)
        key = (-false, caught, -point - question)  # no false flag first, then catch most, then the strictest
        if best is None or key > best[0]:
            best = (key, point, question)
    return round(float(best[1]), 2), round(float(best[2]), 2)


def score_rows(rows, calibration: SchemeCalibration) -> np.ndarray:
    from interviewer.grading.scheme_grading import grade_reading, scheme_score

    scores = []
    for row in rows:
        grade = grade_reading(row["context"], row["reading"], row["text"], calibration)
        score = scheme_score(grade, calibration)
        if row["off_topic"]:
            score = 0.0
        scores.append(score)
    return np.array(scores)


def fit_score(rows, calibration: SchemeCalibration) -> tuple[SchemeCalibration, float]:
    humans = np.array([r["human"] for r in rows])
    best = None
    for low, high, weight, shape, cap in itertools.product(
            np.arange(0.35, 0.66, 0.05), np.arange(0.55, 0.91, 0.05), (0.6, 0.7, 0.8, 0.9, 1.0),
            (0.6, 0.8, 1.0, 1.25, 1.5), (0.5, 1.0)):
        if high <= low + 0.1:
            continue
        trial = replace(calibration, ramp_low=round(float(low), 2), ramp_high=round(float(high), 2),
                        essential_weight=weight, shape=shape, contradicted_cap=cap)
        error = float(np.mean((score_rows(rows, trial) - humans) ** 2))
        if best is None or error < best[0]:
            best = (error, trial)
    return best[1], best[0]


def fit(grader: OfflineGrader, bank, dev, dev_path: Path) -> SchemeCalibration:
    """Every constant of scheme grading, fitted on the dev set's fit questions read with ``grader``'s encoder."""
    rows = readings(grader, bank, dev)
    print(f"{len(rows)} answers of the fitting questions read", flush=True)
    covered, partial, verdict_fit = fit_verdicts(rows)
    threshold, margin, contradiction_fit = fit_misconceptions(rows)
    off_point, off_question = fit_off_topic(rows)
    for row in rows:
        row["off_topic"] = (row["words"] >= 25 and row["question"] < off_question
                            and row["reading"].point_similarity.max() < off_point)
    calibration = replace(SchemeCalibration(), covered=covered, partial=partial, misconception=threshold,
                          margin=margin, off_topic_point=off_point, off_topic_question=off_question)
    calibration, error = fit_score(rows, calibration)
    return replace(calibration, metadata={
        "fitted": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python evals/fit_scheme_grading.py", "dev_set": str(dev_path.relative_to(REPOSITORY)),
        "fitted_on": "the dev set's fit questions only", "answers": len(rows),
        "mean_squared_error": round(error, 3), **verdict_fit, **contradiction_fit})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=REPOSITORY / "evals" / "dev" / "deep_learning_dev.yaml")
    parser.add_argument("--bank", type=Path, default=REPOSITORY / "corpus" / "bank.jsonl")
    parser.add_argument("--dry-run", action="store_true", help="Print the fitted constants; write nothing.")
    options = parser.parse_args()
    apply_offline_defaults()
    calibration = fit(OfflineGrader(), load_bank(options.bank), load_dev_set(options.dev), options.dev)
    print(calibration.to_json())
    if not options.dry_run:
        CALIBRATION_FILE.write_text(calibration.to_json(), encoding="utf-8")
        print(f"Wrote {CALIBRATION_FILE.relative_to(REPOSITORY)}")


if __name__ == "__main__":
    main()
