"""The offline grader's calibration: answer features -> probability that a human grades it correct.

The model is a logistic regression on standardized features and their pairwise products, fitted by
``evals/fit_offline_calibration.py`` on the training splits of SciEntsBank, Beetle and SAF. Only the
fitted numbers ship (``offline_calibration.json``); the data never does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewer.errors import InterviewerError
from interviewer.grading.features import FEATURE_NAMES

CALIBRATION_FILE = Path(__file__).with_name("offline_calibration.json")


@dataclass(frozen=True)
class Calibration:
    feature_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    powers: np.ndarray  # one row per polynomial term: the exponent of each standardized feature
    term_mean: np.ndarray
    term_scale: np.ndarray
    coefficients: np.ndarray
    intercept: float
    metadata: dict

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(correct) for each row of ``features`` (columns in :data:`FEATURE_NAMES` order)."""
        rows = np.atleast_2d(features)
        standardized = (rows - self.mean) / self.scale
        terms = np.prod(standardized[:, None, :] ** self.powers[None, :, :], axis=2)
        logits = ((terms - self.term_mean) / self.term_scale) @ self.coefficients + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def to_json(self) -> dict:
        return {
            "feature_names": list(self.feature_names), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
            "powers": self.powers.astype(int).tolist(), "term_mean": self.term_mean.tolist(),
            "term_scale": self.term_scale.tolist(), "coefficients": self.coefficients.tolist(),
            "intercept": self.intercept, "metadata": self.metadata,
        }


def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    """Read the fitted calibration; it must name the features this version computes."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InterviewerError(f"{path}: calibration file missing; run evals/fit_offline_calibration.py") from None
    if tuple(data["feature_names"]) != FEATURE_NAMES:
        raise InterviewerError(f"{path}: fitted on other features; run evals/fit_offline_calibration.py again")
    return Calibration(
        feature_names=tuple(data["feature_names"]), mean=np.array(data["mean"]), scale=np.array(data["scale"]),
        powers=np.array(data["powers"], dtype=float), term_mean=np.array(data["term_mean"]),
        term_scale=np.array(data["term_scale"]), coefficients=np.array(data["coefficients"]),
        intercept=float(data["intercept"]), metadata=data.get("metadata", {}),
    )
