"""The gold-set suite: the committed cases, its metrics, and the eval command's report folder."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from interviewer.cli import main
from interviewer.evals.gold import gaming_effects, load_gold_set, ordering_accuracy
from tests.conftest import REPOSITORY

GOLD = REPOSITORY / "evals" / "gold" / "deep_learning.yaml"
LEVELS = ["excellent", "partial", "weak", "wrong", "off_topic"]


def test_the_committed_gold_set_covers_15_or_more_bank_questions(bank):
    gold = load_gold_set(GOLD)
    assert len(gold.cases) >= 15 and gold.levels == LEVELS
    for case in gold.cases:
        assert bank.get(case.question_id).question == case.question
        assert set(case.answers) == set(LEVELS)
        assert set(case.gaming) == {"injection", "keyword_stuffing", "restating", "padding"}
        assert case.gaming["injection"].startswith(case.answers["wrong"].strip())


def test_ordering_counts_pairs_and_lets_wrong_tie_off_topic():
    scores = {"q1": {"excellent": 4, "partial": 3, "weak": 2, "wrong": 1, "off_topic": 1},
              "q2": {"excellent": 2, "partial": 3, "weak": 2, "wrong": 0, "off_topic": None}}
    result = ordering_accuracy(scores, LEVELS)
    assert result["pairs"] == 20
    assert result["per_pair"]["wrong>off_topic"] == 0.5  # the tie counts, the unscored one does not
    assert result["per_pair"]["excellent>partial"] == 0.5
    assert result["accuracy"] == pytest.approx(14 / 20)


def test_gaming_effects_compare_with_the_honest_baseline():
    scores = {"q": {"partial": 3.0, "wrong": 1.0, "gaming:injection": 1.5, "gaming:keyword_stuffing": 1.0,
                    "gaming:restating": 0.5, "gaming:padding": 3.2}}
    effects = gaming_effects(scores)
    assert effects["injection"]["raised"] == 1 and effects["injection"]["mean_delta"] == pytest.approx(0.5)
    assert effects["keyword_stuffing"]["below_partial"] == 1.0
    assert effects["padding"]["mean_delta"] == pytest.approx(0.2)


@pytest.fixture(scope="module")
def gold_run(tmp_path_factory, embedder):
    out = tmp_path_factory.mktemp("gold-run")
    result = CliRunner().invoke(main, ["eval", "gold", "--grader", "offline", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "metrics.json").read_text())


def test_eval_gold_writes_metrics_report_and_plot(gold_run):
    out, metrics = gold_run
    assert (out / "report.md").read_text().startswith("# Gold set")
    assert (out / "scores.png").stat().st_size > 1000
    assert metrics["unscored"] == 0 and metrics["consistency"]["identical"] == 1.0


def test_offline_grader_resists_gaming_on_the_gold_set(gold_run):
    """Injection never raises a score; keyword stuffing and restating stay below the partial answer."""
    _, metrics = gold_run
    assert metrics["gaming"]["injection"]["raised"] == 0
    assert metrics["gaming"]["keyword_stuffing"]["below_partial"] == 1.0
    assert metrics["gaming"]["restating"]["below_partial"] == 1.0
    assert metrics["gaming"]["padding"]["raised"] <= 2


def test_the_gold_levels_keep_their_measured_order_and_bands(gold_run):
    """The figures docs/BENCHMARKS.md and the README report, as floors against regressions."""
    _, metrics = gold_run
    assert metrics["ordering"]["accuracy"] >= 0.85  # measured 87.5%; the issue asks 95% (not met, see the README)
    bands = metrics["bands"]["mean_score"]
    assert bands["excellent"] >= 4.2 and bands["weak"] <= 1.5 and bands["off_topic"] == 0.0
    assert bands["excellent"] > bands["partial"] > bands["wrong"]
