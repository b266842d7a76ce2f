"""Evaluation data and metrics: human-graded short answers, and agreement with a grader."""

from interviewer.evals.asag import SPLITS, DatasetError, GradedAnswer, default_asag_dir, load_split, split_dir
from interviewer.evals.metrics import (
    accuracy, macro_f1, pearson, quadratic_weighted_kappa, rmse, roc_auc, spearman,
)

__all__ = [
    "SPLITS", "DatasetError", "GradedAnswer", "accuracy", "default_asag_dir", "load_split",
    "macro_f1", "pearson", "quadratic_weighted_kappa", "rmse", "roc_auc", "spearman", "split_dir",
]
