"""A session summary as Markdown: what ``interviewer report`` prints and the HTML report renders."""

from __future__ import annotations

from interviewer.bank.taxonomy import slugify

MAX_MISSED_PER_QUESTION = 5


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _quote_block(text: str) -> list[str]:
    return ["> " + line if line.strip() else ">" for line in text.strip().splitlines()]


def summary_markdown(summary) -> str:
    """The summary of :class:`~interviewer.interview.summary.SessionSummary` as a Markdown document."""
    s = summary
    lines = [f"# Interview {s.session_id}", "",
             f"- Started: {s.started_at.replace('T', ' ')[:16]} UTC; status: "
             f"{'finished' if s.status == 'finished' else 'unfinished (resume with interviewer practice --resume ' + s.session_id + ')'}",
             f"- Topics: {', '.join(s.topics) if s.topics else 'all'}; difficulty: {s.difficulty}",
             f"- Questions: {s.questions_asked} of {s.questions_planned} asked; {s.answered} scored, "
             f"{s.skipped} skipped, {s.unscored} unscored (skipped and unscored questions are not scores)"]
    if s.overall_score is not None:
        lines.append(f"- **Overall score: {s.overall_score:.1f} / 5** (mean of {_count(s.answered, 'scored question')})")
    else:
        lines.append("- Overall score: none (no question was scored)")

    if s.per_topic:
        lines += ["", "## Scores by topic", "", "| Topic | Scored | Skipped | Mean score | Ability (Elo) |",
                  "|---|---:|---:|---:|---:|"]
        for t in s.per_topic:
            rating = "-" if t.rating is None else f"{t.rating:.0f}"
            lines.append(f"| {t.topic} | {t.answered} | {t.skipped} | {_score(t.mean_score)} | {rating} |")

    if s.follow_ups:
        recovered = sum(f.recovered is True for f in s.follow_ups)
        lines += ["", "## Follow-ups", "", f"Recovered {recovered} of {_count(len(s.follow_ups), 'follow-up')} "
                  "(a follow-up is recovered when the answer covers the point it asked about).", ""]
        for f in s.follow_ups:
            result = {True: "recovered", False: "not recovered"}.get(f.recovered, f.outcome)
            lines.append(f"- Q{f.question_number}, follow-up {f.follow_up_number}: {_one_line(f.text)} "
                         f"**{result}**" + (f" (score {_score(f.score)})" if f.score is not None else ""))

    if s.hints:
        lines += ["", "## Hints", ""]
        for h in s.hints:
            graded = f"graded {_score(h.raw_score)}, counted {_score(h.score)}" if h.raw_score is not None else "not scored"
            where = f"Q{h.question_number}" + (f", follow-up {h.follow_up_number}" if h.follow_up_number else "")
            lines.append(f"- {where} ({_one_line(h.question)[:80]}): {h.hints_used} "
                         f"hint{'s' if h.hints_used != 1 else ''}, score capped at {h.score_cap:.1f} ({graded}).")

    if s.missed_points:
        lines += ["", "## Key points most often missed", ""]
        for m in s.missed_points:
            note = {True: "recovered in a follow-up", False: "missed again in the follow-up"}.get(m.recovered, "")
            what = "contradicted" if m.status == "contradicted" else "missed"
            lines.append(f"- {_one_line(m.point)} ({what}, Q{m.question_number}" + (f"; {note}" if note else "") + ")")

    if s.review:
        lines += ["", "## Questions to review"]
        for r in s.review:
            state = {"skipped": "skipped", "unscored": "not scored"}.get(r.outcome, f"score {_score(r.score)} / 5")
            lines += ["", f"### Q{r.question_number}. {_one_line(r.question)}", "",
                      f"{r.topic}, {r.difficulty}; {state}."]
            if r.missed_points:
                lines += ["", "Missed:", ""] + [f"- {_one_line(p)}" for p in r.missed_points[:MAX_MISSED_PER_QUESTION]]
            lines += ["", "Reference answer:", ""]
            lines += _quote_block(r.reference) if r.reference else ["> (no reference answer in the bank)"]

    if s.practise_next:
        lines += ["", "## What to practise next", ""]
        for t in s.practise_next:
            rating = f"ability {t.rating:.0f}" if t.rating is not None else "no estimate yet"
            lines.append(f"- **{t.topic}** (mean score {_score(t.mean_score)}, {rating}): "
                         f"`interviewer practice --topic {slugify(t.topic)}`")
    return "\n".join(lines) + "\n"
