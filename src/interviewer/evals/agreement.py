"""Agreement with human grades on the short-answer datasets, beside a plain baseline in the same run.

The baseline is the cosine similarity of MiniLM embeddings of the answer and the closest reference
answer. Both predictors are turned into class labels with thresholds fitted on the training split
(the ones that maximize macro-F1), never on the test split.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from interviewer.bank.key_points import key_point_candidates
from interviewer.evals import metrics
from interviewer.evals.asag import GradedAnswer, load_split
from interviewer.grading.context import GradingContext

# Ordinal classes of each dataset, lowest first; SemEval's contradictory and incorrect are both "not correct".
CLASSES = {"scientsbank": ("not_correct", "correct"), "beetle": ("not_correct", "correct"),
           "saf": ("incorrect", "partially_correct", "correct")}


def human_class(answer: GradedAnswer) -> str:
    if answer.dataset == "saf":
        return answer.label
    return "correct" if answer.label == "correct" else "not_correct"


def context_for(answer: GradedAnswer) -> GradingContext:
    """A short-answer item as a grading context: its reference answers are alternatives to compare
    with; its key points are those of the first (best) reference."""
    first = answer.references[0]
    return GradingContext(question=answer.question, question_id=f"{answer.dataset}/{answer.question_id}",
                          key_points=key_point_candidates([(first, "short")]) or [first],
                          statements=list(answer.references))


def grade_split(grader, answers: list[GradedAnswer]) -> np.ndarray:
    """The grader's 0-5 scores (NaN where unscored)."""
    contexts: dict[str, GradingContext] = {}
    items = [(contexts.setdefault(a.question_id, context_for(a)), a.answer) for a in answers]
    return np.array([r.score if r.score is not None else np.nan for r in grader.grade_many(items)], dtype=float)


def baseline_split(embedder, answers: list[GradedAnswer]) -> np.ndarray:
    """Cosine of the answer with its closest reference answer."""
    texts = list(dict.fromkeys(t for a in answers for t in (a.answer or ".", *a.references)))
    vectors = dict(zip(texts, embedder.encode(texts, batch_size=128)))
    return np.array([max(float(vectors[a.answer or "."] @ vectors[r]) for r in a.references) for a in answers])


def fit_thresholds(scores: np.ndarray, classes: list[str], order: tuple[str, ...]) -> list[float]:
    """Cut points (one fewer than classes) that maximize macro-F1 on ``scores``."""
    candidates = np.unique(np.quantile(scores[~np.isnan(scores)], np.linspace(0.02, 0.98, 49)))
    if len(order) == 2:
        best = max(candidates, key=lambda t: metrics.macro_f1(to_classes(scores, [t], order), classes))
        return [float(best)]
    best_pair, best_f1 = [float(candidates[0]), float(candidates[-1])], -1.0
    for i, low in enumerate(candidates):
        for high in candidates[i + 1:]:
            f1 = metrics.macro_f1(to_classes(scores, [low, high], order), classes)
            if f1 > best_f1:
                best_pair, best_f1 = [float(low), float(high)], f1
    return best_pair


def to_classes(scores: np.ndarray, thresholds: list[float], order: tuple[str, ...]) -> list[str]:
    return [order[int(np.searchsorted(thresholds, s, side="right"))] if not np.isnan(s) else order[0]
            for s in scores]


@dataclass
class SplitResult:
    dataset: str
    split: str
    answers: int
    predictor: dict[str, dict[str, float]] = field(default_factory=dict)  # name -> metric -> value
    scores: dict[str, list[float]] = field(default_factory=dict)
    human: list[float] = field(default_factory=list)
    classes: dict[str, list[str]] = field(default_factory=dict)
    human_classes: list[str] = field(default_factory=list)


def split_metrics(scores: np.ndarray, answers: list[GradedAnswer], thresholds: list[float],
                  scale: float) -> dict[str, float]:
    """Every agreement figure of one predictor on one split."""
    order = CLASSES[answers[0].dataset]
    human = np.array([a.score for a in answers])
    gold = [human_class(a) for a in answers]
    predicted = to_classes(scores, thresholds, order)
    filled = np.nan_to_num(scores, nan=0.0)
    return {
        "pearson": metrics.pearson(filled, human),
        "spearman": metrics.spearman(filled, human),
        "rmse": metrics.rmse(np.clip(filled / scale, 0, 1), human),
        "auc_correct": metrics.roc_auc(filled, [a.label == "correct" for a in answers]),
        "qwk": metrics.quadratic_weighted_kappa(predicted, gold, list(order)),
        "macro_f1": metrics.macro_f1(predicted, gold),
        "unscored": float(np.isnan(scores).sum()),
    }


def run_agreement(grader, embedder, splits: list[tuple[str, str]], limit: int | None = None,
                  progress=None) -> list[SplitResult]:
    """Grade every test split with ``grader`` and the baseline; thresholds come from each dataset's training split."""
    predictors = (("grader", lambda a: grade_split(grader, a), 5.0),
                  ("baseline", lambda a: baseline_split(embedder, a), 1.0))
    thresholds: dict[tuple[str, str], list[float]] = {}
    results = []
    for dataset, split in splits:
        if progress:
            progress(f"{dataset}/{split}")
        order = CLASSES[dataset]
        if (dataset, "grader") not in thresholds:
            training = load_split(dataset, "training")[:limit]
            for name, predict, _ in predictors:
                thresholds[(dataset, name)] = fit_thresholds(predict(training), [human_class(a) for a in training], order)
        answers = load_split(dataset, split)[:limit]
        result = SplitResult(dataset, split, len(answers), human=[a.score for a in answers],
                             human_classes=[human_class(a) for a in answers])
        for name, predict, scale in predictors:
            scores = predict(answers)
            result.predictor[name] = split_metrics(scores, answers, thresholds[(dataset, name)], scale)
            result.predictor[name]["thresholds"] = thresholds[(dataset, name)]
            result.scores[name] = [float(s) for s in scores]
            result.classes[name] = to_classes(scores, thresholds[(dataset, name)], order)
        results.append(result)
    return results
