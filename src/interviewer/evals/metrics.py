"""Agreement metrics between a grader's output and human grades, in plain numpy.

Conventions shared by every function:

- Inputs are paired sequences of equal, non-zero length; anything else raises ``ValueError``.
- A statistic that is mathematically undefined for the given non-empty input returns ``nan``
  rather than a number that would look like a result: Pearson or Spearman with a constant side,
  kappa when both raters use a single category, ROC AUC with only one class. scikit-learn
  returns ``nan`` in the same cases.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np


def pearson(pred: Sequence[float], gold: Sequence[float]) -> float:
    """Pearson's linear correlation between predicted and gold scores; ``nan`` if either is constant."""
    x, y = _paired_floats("pearson", pred, gold)
    x, y = x - x.mean(), y - y.mean()
    denominator = math.sqrt(float(np.dot(x, x)) * float(np.dot(y, y)))
    if denominator == 0.0:
        return math.nan
    return float(np.clip(np.dot(x, y) / denominator, -1.0, 1.0))


def pearson_or_none(pred: Sequence[float], gold: Sequence[float]) -> float | None:
    """Pearson's r for a report: ``None`` (JSON has no ``nan``) under 3 pairs or when either side is constant."""
    if len(pred) < 3:
        return None
    value = pearson(pred, gold)
    return None if math.isnan(value) else value


def spearman(pred: Sequence[float], gold: Sequence[float]) -> float:
    """Spearman's rank correlation: Pearson on ranks, ties sharing their average rank."""
    x, y = _paired_floats("spearman", pred, gold)
    return pearson(_average_ranks(x), _average_ranks(y))


def rmse(pred: Sequence[float], gold: Sequence[float]) -> float:
    """Root mean squared error between predicted and gold scores, in the scores' own units."""
    x, y = _paired_floats("rmse", pred, gold)
    return float(np.sqrt(np.mean((x - y) ** 2)))


def accuracy(pred_labels: Sequence[Hashable], gold_labels: Sequence[Hashable]) -> float:
    """The fraction of items whose predicted label equals the gold label."""
    pred, gold = _paired_labels("accuracy", pred_labels, gold_labels)
    return sum(p == g for p, g in zip(pred, gold)) / len(gold)


def macro_f1(
    pred_labels: Sequence[Hashable],
    gold_labels: Sequence[Hashable],
    labels: Sequence[Hashable] | None = None,
) -> float:
    """The unweighted mean over classes of each class's F1 (one class against the rest).

    ``labels`` defaults to every label seen in either sequence. A class that is never predicted
    correctly scores 0, including a listed class that appears nowhere (as in scikit-learn).
    """
    pred, gold = _paired_labels("macro_f1", pred_labels, gold_labels)
    classes = list(labels) if labels is not None else sorted(set(gold) | set(pred), key=repr)
    if not classes:
        raise ValueError("macro_f1: labels is empty")
    scores = []
    for label in classes:
        true_pos = sum(p == label and g == label for p, g in zip(pred, gold))
        false_pos = sum(p == label and g != label for p, g in zip(pred, gold))
        false_neg = sum(p != label and g == label for p, g in zip(pred, gold))
        denominator = 2 * true_pos + false_pos + false_neg
        scores.append(2 * true_pos / denominator if denominator else 0.0)
    return float(np.mean(scores))


def quadratic_weighted_kappa(
    pred_labels: Sequence[Hashable],
    gold_labels: Sequence[Hashable],
    labels: Sequence[Hashable],
) -> float:
    """Cohen's kappa with quadratic weights, for ordered categories.

    ``labels`` lists the categories from lowest to highest, for example ``[0, 1, 2]`` or
    ``["incorrect", "partially_correct", "correct"]``; a disagreement between categories ``i`` and
    ``j`` costs ``(i - j)**2``. 1 is perfect agreement and 0 is chance level. Returns ``nan`` when
    chance disagreement is zero (both sides use one and the same category).
    """
    pred, gold = _paired_labels("quadratic_weighted_kappa", pred_labels, gold_labels)
    order = {label: index for index, label in enumerate(labels)}
    if len(order) != len(labels):
        raise ValueError("quadratic_weighted_kappa: labels contains duplicates")
    unknown = [label for label in (*pred, *gold) if label not in order]
    if unknown:
        raise ValueError(f"quadratic_weighted_kappa: label {unknown[0]!r} is not in labels")
    size = len(order)
    observed = np.zeros((size, size))
    for p, g in zip(pred, gold):
        observed[order[p], order[g]] += 1
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / len(gold)
    index = np.arange(size)
    weights = (index[:, None] - index[None, :]) ** 2
    chance = float(np.sum(weights * expected))
    if chance == 0.0:
        return math.nan
    return 1.0 - float(np.sum(weights * observed)) / chance


def roc_auc(scores: Sequence[float], positives: Sequence[bool]) -> float:
    """Area under the ROC curve of ``scores`` for separating positives from the rest.

    ``positives`` marks each item True (or 1) if it belongs to the positive class. The result is
    the probability that a random positive scores above a random negative, a tie counting one
    half. Returns ``nan`` when there are no positives or no negatives.
    """
    values, marks = _paired_floats("roc_auc", scores, positives)
    if not np.all((marks == 0.0) | (marks == 1.0)):
        raise ValueError("roc_auc: positives must be booleans or 0/1")
    is_positive = marks == 1.0
    n_pos, n_neg = int(is_positive.sum()), int((~is_positive).sum())
    if n_pos == 0 or n_neg == 0:
        return math.nan
    # Mann-Whitney U from average ranks: tied scores share a rank, which counts ties as 1/2.
    rank_sum = float(_average_ranks(values)[is_positive].sum())
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def _average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, where tied values all get the mean of the ranks they span."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(values)]
    mean_rank = (starts + ends + 1) / 2.0  # mean of the 1-based ranks starts+1 .. ends
    ranks = np.empty(len(values))
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def _paired_floats(
    name: str, first: Sequence[float], second: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(first, dtype=float)
    y = np.asarray(second, dtype=float)
    if x.ndim != 1 or y.ndim != 1:
        raise ValueError(f"{name}: expected two flat sequences")
    _check_lengths(name, len(x), len(y))
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError(f"{name}: inputs contain nan or infinity")
    return x, y


def _paired_labels(
    name: str, pred: Sequence[Hashable], gold: Sequence[Hashable]
) -> tuple[list[Hashable], list[Hashable]]:
    pred, gold = list(pred), list(gold)
    _check_lengths(name, len(pred), len(gold))
    return pred, gold


def _check_lengths(name: str, first: int, second: int) -> None:
    if first != second:
        raise ValueError(f"{name}: the two inputs differ in length ({first} and {second})")
    if first == 0:
        raise ValueError(f"{name}: empty input; a metric needs at least one item")
