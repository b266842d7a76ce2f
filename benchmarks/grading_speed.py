"""Offline grading speed on this machine, written to the grading_speed section of docs/BENCHMARKS.md.

    .venv/bin/python benchmarks/grading_speed.py [--answers 2000] [--no-write]

Measures, after the model is loaded and warmed up (the one-off costs are timed on their own):
- batch throughput: ``OfflineGrader.grade_many`` over short answers (SciEntsBank unseen domains,
  read from ../shared/asag) and over interview-length answers (the gold set's 160 answers);
- single-answer latency: ``OfflineGrader.grade`` one answer at a time (median and 95th percentile).
Targets: at least 100 interview-length answers per second in batch; 30 ms or less for a single answer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from interviewer.bank import load_bank
from interviewer.config import default_bank_path
from interviewer.evals.agreement import context_for
from interviewer.evals.asag import load_split
from interviewer.evals.gold import load_gold_set
from interviewer.evals.report import machine_summary, publish_section, results_table
from interviewer.grading import ContextBuilder
from interviewer.grading.offline import OfflineGrader

REPOSITORY = Path(__file__).resolve().parent.parent
BATCH_TARGET = 100.0
SINGLE_TARGET_MS = 30.0


def gold_items(bank):
    """Every answer of the gold set as (context, answer), and the off-topic answers among them."""
    builder = ContextBuilder(bank)
    gold = load_gold_set(REPOSITORY / "evals" / "gold" / "deep_learning.yaml")
    items, off_topic = [], []
    for case in gold.cases:
        context = builder.for_question(bank.get(case.question_id))
        items += [(context, text) for text in [*case.answers.values(), *case.gaming.values(), case.paraphrase]]
        off_topic.append((context, case.answers["off_topic"]))
    return items, off_topic


def throughput(grader, items) -> float:
    started = time.perf_counter()
    grader.grade_many(items)
    return len(items) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=2000, help="short answers in the batch run (default 2000)")
    parser.add_argument("--repeat", type=int, default=4, help="grade the gold-set answers this many times (default 4)")
    parser.add_argument("--output", type=Path, default=REPOSITORY / "docs" / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="only print the results")
    args = parser.parse_args(argv)

    grader = OfflineGrader()
    bank = load_bank(default_bank_path())
    interview, off_topic = gold_items(bank)
    short_answers = load_split("scientsbank", "unseen_domains")[:args.answers]
    contexts: dict[str, object] = {}
    short = [(contexts.setdefault(a.question_id, context_for(a)), a.answer) for a in short_answers]
    # Load the model and prepare every question once (its key points are encoded on first use, as in
    # the first block of a batch run); that per-question cost is timed separately.
    grader.grade_many(short[:64] + interview[:1])
    started = time.perf_counter()
    grader.grade_many(list({id(context): (context, answer) for context, answer in interview}.values()))
    preparation = time.perf_counter() - started
    questions = len({id(context) for context, _ in interview})
    # The first answer that looks off-topic is compared with every other bank question, whose key
    # points are encoded then, once per process. Timed on its own, like the model's loading.
    started = time.perf_counter()
    grader.grade(*off_topic[0])
    other_questions = time.perf_counter() - started
    other_points = sum(len(o.key_points) for o in off_topic[0][0].other_questions)
    interview = interview * args.repeat  # a longer run for a steadier rate

    short_rate = throughput(grader, short)
    interview_rate = throughput(grader, interview)
    latencies = []
    for context, answer in interview:
        started = time.perf_counter()
        grader.grade(context, answer)
        latencies.append((time.perf_counter() - started) * 1000)
    median = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    mean_words = statistics.mean(len(a.split()) for _, a in interview)
    short_words = statistics.mean(len(a.split()) for _, a in short)

    rows = [
        (f"Batch, short answers ({len(short)} SciEntsBank answers, {short_words:.0f} words on average)",
         f"{short_rate:.0f} answers/s", f">= {BATCH_TARGET:.0f}/s", short_rate >= BATCH_TARGET),
        (f"Batch, interview answers ({len(interview)}: the gold set's answers {args.repeat} times, {mean_words:.0f} words on average)",
         f"{interview_rate:.0f} answers/s", f">= {BATCH_TARGET:.0f}/s", interview_rate >= BATCH_TARGET),
        (f"First answer to each of {questions} questions (encodes its key points once)",
         f"{preparation / questions * 1000:.0f} ms per question", "-", None),
        (f"First off-topic-looking answer (encodes the other questions' {other_points} key points once)",
         f"{other_questions:.1f} s", "-", None),
        ("Single answer, median latency (gold-set answers)", f"{median:.1f} ms", f"< {SINGLE_TARGET_MS:.0f} ms",
         median < SINGLE_TARGET_MS),
        ("Single answer, 95th percentile latency", f"{p95:.1f} ms", "-", None),
    ]
    body = "\n".join([
        "## Offline grading speed (`benchmarks/grading_speed.py`)", "",
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine_summary()}",
        f"- Command: `python benchmarks/grading_speed.py --answers {args.answers} --repeat {args.repeat}` "
        "(model loaded, each question's key points and the other questions' encoded first)",
        "", *results_table(rows)])
    publish_section(args.output, "grading_speed", body, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
