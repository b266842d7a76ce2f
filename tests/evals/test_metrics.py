"""Metrics against hand-computed examples and against the scipy and scikit-learn implementations."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from interviewer.evals.metrics import (
    accuracy, macro_f1, pearson, quadratic_weighted_kappa, rmse, roc_auc, spearman,
)

LABELS = ["incorrect", "partially_correct", "correct"]


def random_cases(count: int = 20):
    """Seeded score vectors with many ties (grades on a coarse scale) and some without."""
    rng = np.random.default_rng(7)
    for index in range(count):
        size = int(rng.integers(3, 60))
        gold = rng.integers(0, 5, size) / 4.0
        pred = rng.integers(0, 9, size) / 8.0 if index % 2 else rng.random(size)
        yield pred, gold


# --- hand-computed -------------------------------------------------------------------------------

def test_pearson_by_hand():
    # x - mean = (-1, 0, 1), y - mean = (-2, -1, 3): r = 5 / sqrt(2 * 14)
    assert pearson([1, 2, 3], [0, 1, 5]) == pytest.approx(5 / math.sqrt(28))
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_spearman_by_hand_with_ties():
    # ranks of [1, 2, 2, 3] are [1, 2.5, 2.5, 4]; of [10, 20, 30, 40] are [1, 2, 3, 4]
    expected = pearson([1, 2.5, 2.5, 4], [1, 2, 3, 4])
    assert spearman([1, 2, 2, 3], [10, 20, 30, 40]) == pytest.approx(expected)
    assert spearman([1, 2, 3, 4], [1, 4, 9, 16]) == pytest.approx(1.0)


def test_rmse_by_hand():
    assert rmse([0, 1, 1], [0, 0, 1]) == pytest.approx(math.sqrt(1 / 3))
    assert rmse([0.5], [0.5]) == 0.0


def test_accuracy_by_hand():
    assert accuracy(["a", "b", "c", "a"], ["a", "b", "a", "b"]) == 0.5


def test_macro_f1_by_hand():
    # class a: tp 1, fp 1, fn 0 -> 2/3; class b: tp 1, fp 0, fn 1 -> 2/3; mean 2/3
    assert macro_f1(["a", "a", "b"], ["a", "b", "b"]) == pytest.approx(2 / 3)
    # a listed class that never appears scores 0 and pulls the mean down
    assert macro_f1(["a", "b"], ["a", "b"], labels=["a", "b", "c"]) == pytest.approx(2 / 3)


def test_quadratic_weighted_kappa_by_hand():
    # pred (0, 1), gold (0, 2) over 3 categories: observed cost 1, expected cost (0+4+1+1)/2 = 3
    assert quadratic_weighted_kappa([0, 1], [0, 2], labels=[0, 1, 2]) == pytest.approx(1 - 1 / 3)
    assert quadratic_weighted_kappa(LABELS, LABELS, labels=LABELS) == pytest.approx(1.0)
    assert quadratic_weighted_kappa(LABELS, LABELS[::-1], labels=LABELS) == pytest.approx(-1.0)


def test_quadratic_weighted_kappa_uses_the_given_order():
    pred, gold = ["b", "c", "a"], ["a", "c", "a"]
    # b sits next to a in one order and two steps away in the other
    assert quadratic_weighted_kappa(pred, gold, labels=["a", "b", "c"]) != pytest.approx(
        quadratic_weighted_kappa(pred, gold, labels=["b", "c", "a"]))


def test_roc_auc_by_hand_counts_ties_as_half():
    # positive pairs: (0.8 vs 0.1) win, (0.8 vs 0.4) win, (0.4 vs 0.1) win, (0.4 vs 0.4) tie
    assert roc_auc([0.8, 0.4, 0.4, 0.1], [True, True, False, False]) == pytest.approx(3.5 / 4)
    assert roc_auc([0.1, 0.9], [1, 0]) == 0.0
    assert roc_auc([0.5, 0.5, 0.5], [1, 0, 1]) == 0.5


# --- degenerate input ----------------------------------------------------------------------------

def test_undefined_statistics_are_nan():
    assert math.isnan(pearson([1, 1, 1], [1, 2, 3]))
    assert math.isnan(spearman([1, 2, 3], [4, 4, 4]))
    assert math.isnan(pearson([1], [2]))
    assert math.isnan(quadratic_weighted_kappa([1, 1], [1, 1], labels=[0, 1, 2]))
    assert math.isnan(roc_auc([0.2, 0.3], [True, True]))
    assert math.isnan(roc_auc([0.2, 0.3], [False, False]))


@pytest.mark.parametrize("metric", [pearson, spearman, rmse, accuracy, macro_f1, roc_auc])
def test_empty_input_is_a_value_error(metric):
    with pytest.raises(ValueError, match="empty input"):
        metric([], [])


def test_kappa_empty_input_is_a_value_error():
    with pytest.raises(ValueError, match="empty input"):
        quadratic_weighted_kappa([], [], labels=[0, 1])


@pytest.mark.parametrize("metric", [pearson, spearman, rmse, accuracy, macro_f1, roc_auc])
def test_length_mismatch_is_a_value_error(metric):
    with pytest.raises(ValueError, match=r"differ in length \(2 and 3\)"):
        metric([1, 0], [1, 0, 1])


def test_bad_values_are_value_errors():
    with pytest.raises(ValueError, match="nan or infinity"):
        rmse([float("nan")], [1.0])
    with pytest.raises(ValueError, match="booleans or 0/1"):
        roc_auc([0.1, 0.2], [0.5, 1])
    with pytest.raises(ValueError, match="'maybe' is not in labels"):
        quadratic_weighted_kappa(["maybe"], ["correct"], labels=LABELS)
    with pytest.raises(ValueError, match="duplicates"):
        quadratic_weighted_kappa([0], [0], labels=[0, 0])


# --- against scipy and scikit-learn --------------------------------------------------------------
# Both come with sentence-transformers; the project does not declare them, so skip if absent.

@pytest.fixture
def stats():
    return pytest.importorskip("scipy.stats", reason="scipy (the reference) is not installed")


@pytest.fixture
def sk_metrics():
    return pytest.importorskip("sklearn.metrics", reason="scikit-learn (the reference) is not installed")


def test_correlations_match_scipy(stats):
    for pred, gold in random_cases():
        assert pearson(pred, gold) == pytest.approx(stats.pearsonr(pred, gold).statistic)
        assert spearman(pred, gold) == pytest.approx(stats.spearmanr(pred, gold).statistic)


def test_rmse_matches_sklearn(sk_metrics):
    for pred, gold in random_cases():
        assert rmse(pred, gold) == pytest.approx(math.sqrt(sk_metrics.mean_squared_error(gold, pred)))


def test_label_metrics_match_sklearn(sk_metrics):
    rng = np.random.default_rng(11)
    for _ in range(20):
        size = int(rng.integers(2, 50))
        gold = [LABELS[i] for i in rng.integers(0, 3, size)]
        pred = [LABELS[i] for i in rng.integers(0, 3, size)]
        assert accuracy(pred, gold) == pytest.approx(sk_metrics.accuracy_score(gold, pred))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # sklearn warns when a class is never predicted
            assert macro_f1(pred, gold) == pytest.approx(sk_metrics.f1_score(gold, pred, average="macro"))
            expected = sk_metrics.cohen_kappa_score(gold, pred, labels=LABELS, weights="quadratic")
        assert quadratic_weighted_kappa(pred, gold, labels=LABELS) == pytest.approx(expected, nan_ok=True)


def test_kappa_on_integer_grades_matches_sklearn(sk_metrics):
    rng = np.random.default_rng(3)
    gold = rng.integers(0, 5, 200)
    pred = np.clip(gold + rng.integers(-1, 2, 200), 0, 4)
    expected = sk_metrics.cohen_kappa_score(gold, pred, labels=list(range(5)), weights="quadratic")
    assert quadratic_weighted_kappa(pred.tolist(), gold.tolist(), labels=range(5)) == pytest.approx(expected)


def test_roc_auc_matches_sklearn(sk_metrics):
    for scores, gold in random_cases():
        positives = gold >= 0.75
        if positives.all() or not positives.any():
            continue
        assert roc_auc(scores, positives) == pytest.approx(sk_metrics.roc_auc_score(positives, scores))
