"""``interviewer eval asag`` on a few answers per split: the folder, the baseline beside the grader."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from interviewer.cli import main
from interviewer.evals.agreement import fit_thresholds, to_classes
from interviewer.evals.asag import default_asag_dir

pytestmark = pytest.mark.skipif(not default_asag_dir().is_dir(),
                                reason=f"human-graded data not found at {default_asag_dir()}")


def test_thresholds_are_fitted_to_separate_the_classes():
    scores = np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9])
    classes = ["not_correct"] * 3 + ["correct"] * 3
    [threshold] = fit_thresholds(scores, classes, ("not_correct", "correct"))
    assert to_classes(scores, [threshold], ("not_correct", "correct")) == classes


def test_eval_asag_writes_metrics_for_grader_and_baseline(tmp_path, embedder):
    result = CliRunner().invoke(main, ["eval", "asag", "--grader", "offline", "--limit", "40", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert set(metrics["splits"]) == {"scientsbank/unseen_answers", "scientsbank/unseen_questions",
                                      "scientsbank/unseen_domains", "beetle/unseen_answers",
                                      "beetle/unseen_questions", "saf/unseen_answers", "saf/unseen_questions"}
    for split in metrics["splits"].values():
        assert split["answers"] == 40
        for predictor in ("grader", "baseline"):
            assert {"pearson", "spearman", "qwk", "rmse", "macro_f1", "auc_correct"} <= set(split[predictor])
    for plot in ("scatter.png", "confusion.png"):
        assert (tmp_path / plot).stat().st_size > 1000
    assert "grader / baseline" in (tmp_path / "report.md").read_text()
