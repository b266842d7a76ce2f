"""What a batch run did: counts per status, the score distribution, means per question and criterion.

Computed from the journal's entries (so rows graded by an earlier, interrupted run count too) and
printed at the end of every run; :mod:`interviewer.grading.batch.report` draws the same figures.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

STATUSES = ("graded", "unscored", "error")
SCORE_BINS = ((0, 1), (1, 2), (2, 3), (3, 4), (4, 5))
QUESTIONS_SHOWN = 10
BAR_WIDTH = 30


@dataclass
class QuestionStats:
    """The grades of the answers to one question."""

    label: str  # the matched bank id, else the question text
    answers: int = 0
    scores: list[float] = field(default_factory=list)

    @property
    def mean(self) -> float | None:
        return statistics.mean(self.scores) if self.scores else None


@dataclass
class BatchSummary:
    """The outcome of one ``grade`` run over a whole input file."""

    input: Path
    output: Path
    grader: str
    rows: int = 0
    resumed: int = 0  # rows already in the journal of an earlier run
    seconds: float = 0.0
    by_status: Counter = field(default_factory=Counter)
    scores: list[float] = field(default_factory=list)
    criteria: dict[str, list[float]] = field(default_factory=dict)
    questions: dict[str, QuestionStats] = field(default_factory=dict)
    flags: Counter = field(default_factory=Counter)
    not_graded: list[tuple[int, str, str]] = field(default_factory=list)  # (row, status, reason)
    llm: bool = False  # graded by the LLM judge: calls, tokens and cost are reported
    llm_calls: int = 0
    cached: int = 0  # answers the judge took from its cache
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    outputs: list[Path] = field(default_factory=list)  # details file, report ...

    @property
    def failed(self) -> int:
        """Rows that did not get a score (error or unscored)."""
        return self.by_status["error"] + self.by_status["unscored"]

    def histogram(self) -> list[tuple[str, int]]:
        """Counts of scores per unit bin (0-1, ..., 4-5; 5 counts in the last)."""
        counts = [0] * len(SCORE_BINS)
        for score in self.scores:
            counts[min(int(score), len(SCORE_BINS) - 1)] += 1
        return [(f"{low}-{high}", n) for (low, high), n in zip(SCORE_BINS, counts)]


def summarize(summary: BatchSummary, rows: list[dict], entries: dict[int, dict], criterion_ids: list[str]) -> BatchSummary:
    """Fill ``summary`` from every row's journal entry (``fields`` added to the row and the ``result``)."""
    summary.rows = len(rows)
    summary.criteria = {c: [] for c in criterion_ids}
    costs = []
    for position, row in enumerate(rows):
        fields = entries[position]["fields"]
        status = fields["status"]
        summary.by_status[status] += 1
        summary.flags.update(fields.get("flags") or [])
        label = fields.get("matched_question_id") or str(row.get("question") or row.get("question_id") or "(none)")
        stats = summary.questions.setdefault(label, QuestionStats(label))
        stats.answers += 1
        if fields.get("score") is not None:
            summary.scores.append(fields["score"])
            stats.scores.append(fields["score"])
        for criterion in criterion_ids:
            if fields.get(criterion) is not None:
                summary.criteria[criterion].append(fields[criterion])
        if status != "graded":
            summary.not_graded.append((position, status, fields.get("feedback") or ""))
        usage = (entries[position].get("result") or {}).get("usage")
        if usage:
            summary.llm_calls += usage.get("calls", 0)
            if usage.get("cached") and status == "graded":
                summary.cached += 1
            summary.prompt_tokens += usage.get("prompt_tokens", 0)
            summary.completion_tokens += usage.get("completion_tokens", 0)
            if usage.get("calls"):
                costs.append(usage.get("cost_usd"))
    # One call of unknown cost (a model missing from litellm's price list) makes the total unknown.
    summary.cost_usd = round(sum(costs), 6) if all(c is not None for c in costs) else None
    return summary


def summary_text(summary: BatchSummary) -> str:
    """The summary printed at the end of a run (plain text, a few lines per section)."""
    rate = (summary.rows - summary.resumed) / summary.seconds if summary.seconds else 0.0
    earlier = f"; {summary.resumed} from the journal of an earlier run" if summary.resumed else ""
    lines = [f"Graded {summary.rows} rows with {summary.grader} -> {summary.output} in {summary.seconds:.1f} s "
             f"({rate:.1f} rows/s{earlier}).",
             "Status: " + ", ".join(f"{summary.by_status[s]} {s}" for s in STATUSES) + "."]
    if summary.scores:
        scores = summary.scores
        lines.append(f"Scores: mean {statistics.mean(scores):.2f}, median {statistics.median(scores):.2f}, "
                     f"min {min(scores):.2f}, max {max(scores):.2f}.")
        largest = max(n for _, n in summary.histogram()) or 1
        lines += [f"  {label}  {'#' * round(BAR_WIDTH * n / largest):<{BAR_WIDTH}} {n}"
                  for label, n in summary.histogram()]
    questions = sorted(summary.questions.values(), key=lambda q: (-q.answers, q.label))
    if questions:
        lines.append(f"Per question (mean score, answers; {len(questions)} questions):")
        for stats in questions[:QUESTIONS_SHOWN]:
            mean = "  -  " if stats.mean is None else f"{stats.mean:.2f}"
            lines.append(f"  {mean}  {stats.answers:>5}  {_short(stats.label)}")
        if len(questions) > QUESTIONS_SHOWN:
            lines.append(f"  ... and {len(questions) - QUESTIONS_SHOWN} more (all of them in --report)")
    if summary.flags:
        lines.append("Flags: " + ", ".join(f"{flag} {n}" for flag, n in summary.flags.most_common()) + ".")
    if summary.llm:
        cost = "unknown cost" if summary.cost_usd is None else f"${summary.cost_usd:.4f}"
        lines.append(f"LLM: {summary.llm_calls} calls ({summary.cached} answers from the cache), "
                     f"{summary.prompt_tokens} prompt and {summary.completion_tokens} completion tokens, {cost}.")
    for position, status, reason in summary.not_graded[:5]:
        lines.append(f"  row {position + 1}: {status}: {reason}")
    if len(summary.not_graded) > 5:
        lines.append(f"  ... and {len(summary.not_graded) - 5} more rows not graded (status column of the output)")
    return "\n".join(lines)


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"
