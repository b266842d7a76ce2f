"""Fit the offline grader's calibration on the training splits of the human-graded data.

    .venv/bin/python evals/fit_offline_calibration.py [--asag-dir ../shared/asag]

Reads SciEntsBank, Beetle and SAF training splits by path (never copied into the project), computes
the grader's features for every answer, fits a logistic regression on standardized features and
their pairwise products, and writes only the fitted numbers to
src/interviewer/grading/offline_calibration.json. SemEval answers count as correct (1) or not (0);
a SAF answer with score s counts as correct with weight s and as not correct with weight 1 - s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from interviewer.embeddings import shared_embedder
from interviewer.evals.asag import load_split
from interviewer.grading.calibration import CALIBRATION_FILE, Calibration
from interviewer.grading.features import FEATURE_NAMES, batch_features

TRAINING = (("scientsbank", "training"), ("beetle", "training"), ("saf", "training"))
# Candidate regularization strengths; the script picks one by 5-fold cross-validation in which
# each fold holds out whole questions (so the choice rewards grading questions never seen).
C_GRID = (0.01, 0.02, 0.05, 0.1, 0.3, 1.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--asag-dir", default=None, help="Folder of the ASAG data (default: ../shared/asag).")
    parser.add_argument("--c", type=float, default=None,
                        help="Inverse regularization strength (default: chosen by cross-validation over questions).")
    parser.add_argument("--output", default=str(CALIBRATION_FILE), help="Where to write the fitted numbers.")
    args = parser.parse_args(argv)

    embedder = shared_embedder()
    rows, targets, weights, groups, counts = [], [], [], [], {}
    for dataset, split in TRAINING:
        started = time.perf_counter()
        answers = load_split(dataset, split, args.asag_dir)
        features = batch_features(embedder, [(a.question, a.answer, list(a.references)) for a in answers])
        scores = np.array([a.score for a in answers])
        question_groups = [f"{dataset}/{a.question_id}" for a in answers]
        if dataset == "saf":  # graded on a continuous scale: one positive and one negative row, weighted
            rows += [features, features]
            targets += [np.ones(len(scores)), np.zeros(len(scores))]
            weights += [scores, 1.0 - scores]
            groups += question_groups * 2
        else:
            rows.append(features)
            targets.append((scores >= 1.0).astype(float))
            weights.append(np.ones(len(scores)))
            groups += question_groups
        counts[f"{dataset}/{split}"] = len(answers)
        print(f"{dataset}/{split}: {len(answers)} answers, features in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)

    x, y, w = np.vstack(rows), np.concatenate(targets), np.concatenate(weights)
    c = args.c if args.c is not None else choose_regularization(x, y, w, np.array(groups))
    calibration = fit(x, y, w, c)
    calibration.metadata.update({"fitted": dt.date.today().isoformat(), "training_answers": counts})
    training_auc = roc_auc_score(y, calibration.probability(x), sample_weight=w)
    calibration.metadata["training_auc"] = round(float(training_auc), 4)
    Path(args.output).write_text(json.dumps(calibration.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"Wrote {args.output} (C={c}, training AUC {training_auc:.3f} on {len(x)} rows).", file=sys.stderr)
    return 0


def choose_regularization(x, y, w, groups) -> float:
    """The C of :data:`C_GRID` with the best mean AUC on held-out questions (5 folds)."""
    folds = GroupKFold(n_splits=5)
    best_c, best_auc = C_GRID[0], -1.0
    for c in C_GRID:
        aucs = []
        for train, test in folds.split(x, y, groups):
            model = fit(x[train], y[train], w[train], c)
            aucs.append(roc_auc_score(y[test], model.probability(x[test]), sample_weight=w[test]))
        print(f"C={c}: held-out-question AUC {np.mean(aucs):.4f}", file=sys.stderr)
        if np.mean(aucs) > best_auc:
            best_c, best_auc = c, float(np.mean(aucs))
    return best_c


def fit(x, y, w, c: float) -> Calibration:
    """Logistic regression on standardized features and their pairwise products."""
    scaler = StandardScaler().fit(x)
    poly = PolynomialFeatures(degree=2).fit(scaler.transform(x))
    terms = poly.transform(scaler.transform(x))
    term_scaler = StandardScaler().fit(terms)
    term_scale = np.where(term_scaler.scale_ > 0, term_scaler.scale_, 1.0)
    model = LogisticRegression(C=c, max_iter=5000).fit((terms - term_scaler.mean_) / term_scale, y,
                                                         sample_weight=w)
    return Calibration(
        feature_names=FEATURE_NAMES, mean=scaler.mean_, scale=scaler.scale_, powers=poly.powers_.astype(float),
        term_mean=term_scaler.mean_, term_scale=term_scale, coefficients=model.coef_[0],
        intercept=float(model.intercept_[0]),
        metadata={"C": c, "model": "logistic regression on standardized features and their pairwise products"},
    )


if __name__ == "__main__":
    sys.exit(main())
