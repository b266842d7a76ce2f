"""The deep-learning gold set: answers at known quality levels and gaming attempts, for bank questions.

It measures how often the grader orders the levels correctly, how far each gaming attempt moves the
score, whether the same answer always gets the same grade, and how stable a paraphrase's grade is.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from statistics import mean

from pydantic import BaseModel, ConfigDict

from interviewer.errors import InterviewerError
from interviewer.evals.suite_file import load_suite_file
from interviewer.grading.context import ContextBuilder

GAMING_BASELINES = {"injection": "wrong", "keyword_stuffing": "partial", "restating": "partial", "padding": "partial"}
# Levels that may tie: a wrong answer and an off-topic one are both worth nothing.
MAY_TIE = {("wrong", "off_topic")}


class GoldCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question_id: str
    question: str
    answers: dict[str, str]
    gaming: dict[str, str]
    paraphrase: str


class GoldSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: int
    kind: str = "gold"
    levels: list[str]
    cases: list[GoldCase]


def load_gold_set(path: Path) -> GoldSet:
    return load_suite_file(path, GoldSet, "gold set")


def run_gold(grader, bank, gold: GoldSet, progress=None) -> dict:
    """Grade every answer of the gold set twice and compute the gold metrics."""
    builder = ContextBuilder(bank)
    items, keys = [], []
    for case in gold.cases:
        question = bank.get(case.question_id)
        if question is None:
            raise InterviewerError(f"gold set {gold.name}: question id {case.question_id!r} is not in the bank")
        context = builder.for_question(question)
        answers = {**case.answers, **{f"gaming:{k}": v for k, v in case.gaming.items()}, "paraphrase": case.paraphrase}
        for kind, text in answers.items():
            items.append((context, text))
            keys.append((case.question_id, kind))
    if progress:
        progress(f"grading {len(items)} gold answers twice")
    first = grader.grade_many(items)
    second = grader.grade_many(items)
    scores: dict[str, dict[str, float | None]] = {}
    for (question_id, kind), result in zip(keys, first):
        scores.setdefault(question_id, {})[kind] = result.score
    return {
        "scores": scores,
        "flags": {f"{q}/{k}": r.flags for (q, k), r in zip(keys, first)},
        "ordering": ordering_accuracy(scores, gold.levels),
        "bands": level_bands(scores, gold.levels),
        "gaming": gaming_effects(scores),
        "paraphrase": paraphrase_stability(scores),
        "consistency": consistency(first, second),
        "unscored": sum(r.status != "graded" for r in first),
    }


def ordering_accuracy(scores: dict[str, dict], levels: list[str]) -> dict:
    """Share of level pairs (better, worse) of the same question where the better one scores higher."""
    per_pair: dict[str, list[bool]] = {}
    for by_kind in scores.values():
        for better, worse in combinations(levels, 2):
            high, low = by_kind.get(better), by_kind.get(worse)
            if high is None or low is None:
                correct = False  # an unscored answer cannot be ordered
            else:
                correct = high >= low if (better, worse) in MAY_TIE else high > low
            per_pair.setdefault(f"{better}>{worse}", []).append(correct)
    every = [c for outcomes in per_pair.values() for c in outcomes]
    return {"accuracy": sum(every) / len(every), "pairs": len(every),
            "per_pair": {pair: sum(o) / len(o) for pair, o in per_pair.items()}}


def level_bands(scores: dict[str, dict], levels: list[str]) -> dict:
    """The mean score per level (what a candidate reads), and in how many questions "wrong" scores below "weak"."""
    means = {}
    for level in levels:
        values = [s[level] for s in scores.values() if s.get(level) is not None]
        means[level] = mean(values) if values else None
    below = [s["wrong"] < s["weak"] for s in scores.values() if s.get("wrong") is not None and s.get("weak") is not None]
    return {"mean_score": means, "wrong_below_weak": sum(below), "questions": len(below)}


def gaming_effects(scores: dict[str, dict]) -> dict:
    """For each gaming attempt: how much it moves the score against its honest baseline answer."""
    effects = {}
    for attempt, baseline in GAMING_BASELINES.items():
        deltas = [s[f"gaming:{attempt}"] - s[baseline] for s in scores.values()
                  if s.get(f"gaming:{attempt}") is not None and s.get(baseline) is not None]
        below_partial = [s[f"gaming:{attempt}"] < s["partial"] for s in scores.values()
                         if s.get(f"gaming:{attempt}") is not None and s.get("partial") is not None]
        effects[attempt] = {"baseline": baseline, "mean_delta": mean(deltas), "max_delta": max(deltas),
                            "raised": sum(d > 0 for d in deltas), "cases": len(deltas),
                            "below_partial": sum(below_partial) / len(below_partial)}
    return effects


def paraphrase_stability(scores: dict[str, dict]) -> dict:
    differences = [abs(s["paraphrase"] - s["excellent"]) for s in scores.values()
                   if s.get("paraphrase") is not None and s.get("excellent") is not None]
    return {"mean_abs_difference": mean(differences), "max_abs_difference": max(differences)}


def consistency(first, second) -> dict:
    """Share of answers whose two grades are identical (score, criteria, key points, flags)."""
    same = [a.model_dump(exclude={"usage"}) == b.model_dump(exclude={"usage"}) for a, b in zip(first, second)]
    return {"identical": sum(same) / len(same), "answers": len(same)}
