"""Why a question outside the bank is unscored offline: related questions' key points do not beat length.

    .venv/bin/python evals/related_points_vs_length.py [--benchmarks docs/BENCHMARKS.md]

Grades the exam-like answers of evals/exam/exam_like.yaml (questions outside the bank, graded 0-2 by
a human, no references) the way earlier versions did: against the 8 key points of other bank
questions that the index finds nearest to the question. For rows whose best retrieved point is at
least T similar (a grade only where the retrieved points are close), it prints the Pearson
correlation of the offline score with the human grade next to that of the answer's log length.
If no T gives the score the edge, a score would tell less than the word count: the grader leaves
such answers unscored (``interviewer.grading.context``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import tempfile
from pathlib import Path

import numpy as np

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY / "src"))

from interviewer.config import Settings, apply_offline_defaults  # noqa: E402
from interviewer.evals.report import machine_summary, publish_section  # noqa: E402

RELATED_POINTS = 8
THRESHOLDS = (0.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--benchmarks", type=Path, help="Also write the table into this Markdown file.")
    options = parser.parse_args()
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
    lines = ["| best retrieved point at least | rows | Pearson: offline score | Pearson: log length (same rows) |",
             "|---|---|---|---|"]
    compared = []
    for threshold in THRESHOLDS:
        kept = [r for r in rows if r[0] >= threshold]
        if len(kept) < 10:
            continue
        score = pearson([r[1] for r in kept], [r[2] for r in kept])
        length = pearson([r[3] for r in kept], [r[2] for r in kept])
        lines.append(f"| {threshold:.2f} | {len(kept)} | {score:.3f} | {length:.3f} |")
        compared.append((score, length))
    body = "\n".join([
        "## Questions outside the bank: related questions' key points against answer length "
        "(`evals/related_points_vs_length.py`)", "",
        f"{dt.date.today().isoformat()}, {machine_summary()}. Command: "
        "`.venv/bin/python evals/related_points_vs_length.py --benchmarks docs/BENCHMARKS.md`.", "",
        f"The exam-like set's {len(rows)} answers (24 questions outside the bank, graded 0-2 by people, no "
        f"references), graded offline against the {RELATED_POINTS} key points of other bank questions nearest to "
        "each question, as earlier versions did; rows kept where the best retrieved point is at least this similar. "
        + ("At no threshold does the score tell more than the log word count, so such rows are left unscored "
           "(`interviewer eval exam`)." if not any(score > length for score, length in compared) else
           "At some threshold the score tells more than the log word count: grading such rows may be worth it."),
        "", *lines, "",
        f"Median best retrieved similarity: {np.median([r[0] for r in rows]):.2f}."])
    publish_section(options.benchmarks or Path("/dev/null"), "related_points_vs_length", body,
                    write=options.benchmarks is not None)

if __name__ == "__main__":
    main()
