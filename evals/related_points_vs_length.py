"""Why a question outside the bank is unscored offline: related questions' key points do not beat length.

    .venv/bin/python evals/related_points_vs_length.py

Grades the exam-like answers of evals/exam/exam_like.yaml (questions outside the bank, graded 0-2 by
a human, no references) the way earlier versions did: against the 8 key points of other bank
questions that the index finds nearest to the question. For rows whose best retrieved point is at
least T similar (a grade only where the retrieved points are close), it prints the Pearson
correlation of the offline score with the human grade next to that of the answer's log length.
If no T gives the score the edge, a score would tell less than the word count: the grader leaves
such answers unscored (``interviewer.grading.context``).
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

import numpy as np

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY / "src"))

from interviewer.config import Settings, apply_offline_defaults  # noqa: E402

RELATED_POINTS = 8
THRESHOLDS = (0.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75)


def main() -> None:
    apply_offline_defaults()
    from interviewer.bank import load_bank
    from interviewer.evals.metrics import pearson_or_none as pearson
    from interviewer.evals.unreferenced import load_exam_set
    from interviewer.grading import GradingContext, make_grader
    from interviewer.index import ReferenceIndex

    bank = load_bank(REPOSITORY / "corpus" / "bank.jsonl")
    exam = load_exam_set(REPOSITORY / "evals" / "exam" / "exam_like.yaml")
    grader = make_grader("offline", settings=Settings())
    rows = []
    with tempfile.TemporaryDirectory(prefix="interviewer-related-") as home:
        index = ReferenceIndex.current(bank, settings=Settings(home=Path(home)))
        for case in exam.cases:
            hits = [h for h in index.search(case.question, k=RELATED_POINTS * 3)
                    if h.kind == "key_point"][:RELATED_POINTS]
            context = GradingContext(question=case.question, key_points=[h.text for h in hits])
            results = grader.grade_many([(context, a.text) for a in case.answers])
            rows += [(hits[0].score, result.score, answer.grade, math.log(len(answer.text.split())))
                     for answer, result in zip(case.answers, results)]
    print("| best retrieved point at least | rows | Pearson: offline score | Pearson: log length (same rows) |")
    print("|---|---|---|---|")
    for threshold in THRESHOLDS:
        kept = [r for r in rows if r[0] >= threshold]
        if len(kept) < 10:
            continue
        score = pearson([r[1] for r in kept], [r[2] for r in kept])
        length = pearson([r[3] for r in kept], [r[2] for r in kept])
        print(f"| {threshold:.2f} | {len(kept)} | {score:.3f} | {length:.3f} |")
    print(f"\nMedian best retrieved similarity: {np.median([r[0] for r in rows]):.2f}")


if __name__ == "__main__":
    main()
