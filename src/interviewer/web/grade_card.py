"""Grade cards: one graded (or skipped) turn of an interview rendered as HTML for the page.

Pure functions of stored values (a :class:`~interviewer.interview.TurnRecord` and its reference
answer), so a resumed session shows the same cards as a live one. Everything that comes from the
candidate or the grader is escaped: an answer can hold any text, including HTML.
"""

from __future__ import annotations

import html

from interviewer.grading.result import FLAG_DESCRIPTIONS, GradeResult

# Key point verdicts, in the order the card lists them, with their heading.
POINT_GROUPS = (("covered", "Covered"), ("partial", "Partly covered"), ("missing", "Missed"),
                ("contradicted", "Wrong (contradicts the reference)"))
CARD_STYLE = """<style>
.grade-card{border:1px solid #d0d7de;border-radius:8px;padding:.6rem .9rem;margin:0 0 .8rem 0}
.grade-card h4{margin:.5rem 0 .2rem 0;font-size:.95rem}.grade-card ul{margin:.1rem 0 .3rem 1.1rem;padding:0}
.grade-head{display:flex;justify-content:space-between;gap:1rem;font-weight:600}
.grade-score{white-space:nowrap}.grade-question,.grade-note{margin:.3rem 0}.grade-note{color:#9a6700}
.grade-criteria{border-collapse:collapse;margin:.3rem 0;font-size:.9rem}
.grade-criteria td,.grade-criteria th{border:1px solid #d0d7de;padding:.15rem .45rem;text-align:left;vertical-align:top}
.kp-covered{color:#1a7f37}.kp-partial{color:#9a6700}.kp-missing{color:#6e7781}.kp-contradicted{color:#cf222e}
.grade-evidence{font-style:italic;color:inherit}.grade-reference blockquote{margin:.3rem 0;padding-left:.7rem;
border-left:3px solid #d0d7de;white-space:pre-wrap}
</style>"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def criterion_title(criterion_id: str, titles: dict[str, str] | None = None) -> str:
    """The rubric's title of a criterion (``depth`` -> ``Depth of reasoning``), else the id made readable."""
    return (titles or {}).get(criterion_id) or criterion_id.replace("_", " ").capitalize()


def score_text(score: float | None) -> str:
    """``3.4 / 5``, or ``not scored``."""
    return "not scored" if score is None else f"{score:.1f} / 5"


def delivery_summary(delivery: dict | None) -> str | None:
    """One line on how a spoken answer was delivered (pace, fillers, long pauses), or None for a typed one."""
    if not delivery:
        return None
    parts = []
    wpm = delivery.get("words_per_minute")
    parts.append(f"{wpm:.0f} words per minute" if wpm else "pace not measured")
    fillers = {word: count for word, count in (delivery.get("filler_counts") or {}).items() if count}
    total = delivery.get("filler_total", sum(fillers.values()))
    detail = ", ".join(f"{word} ×{count}" for word, count in sorted(fillers.items(), key=lambda item: -item[1]))
    parts.append(f"{total} filler word{'s' if total != 1 else ''}" + (f" ({detail})" if detail else ""))
    pauses = delivery.get("long_pause_count", len(delivery.get("long_pauses") or []))
    threshold = delivery.get("pause_threshold_seconds", 1.0)
    if pauses:
        parts.append(f"{pauses} long pause{'s' if pauses != 1 else ''} (≥ {threshold:g} s; longest "
                     f"{delivery.get('longest_pause_seconds', 0.0):.1f} s)")
    else:
        parts.append(f"no pause of {threshold:g} s or more")
    return " · ".join(parts)


def _points_html(result: GradeResult) -> str:
    blocks = []
    for status, heading in POINT_GROUPS:
        verdicts = [v for v in result.key_points if v.status == status]
        if not verdicts:
            continue
        items = []
        for verdict in verdicts:
            evidence = (f' — <span class="grade-evidence">“{_e(verdict.evidence)}”</span>'
                        if verdict.evidence and status != "missing" else "")
            items.append(f'<li class="kp-{status}">{_e(verdict.point)}{evidence}</li>')
        blocks.append(f'<h4>{heading} ({len(verdicts)})</h4><ul class="grade-points-{status}">{"".join(items)}</ul>')
    return "".join(blocks)


def _criteria_html(result: GradeResult, titles: dict[str, str] | None) -> str:
    if not result.criteria:
        return ""
    rows = "".join(f"<tr><td>{_e(criterion_title(c.criterion, titles))}</td><td>{c.score:.1f}</td>"
                   f"<td>{_e(c.reason)}</td></tr>" for c in result.criteria)
    return (f'<table class="grade-criteria"><tr><th>Criterion</th><th>Score</th><th>Why</th></tr>{rows}</table>')


def _feedback_html(result: GradeResult) -> str:
    parts = []
    for heading, items in (("Strengths", result.feedback.strengths), ("To improve", result.feedback.improvements)):
        if items:
            parts.append(f"<h4>{heading}</h4><ul>{''.join(f'<li>{_e(item)}</li>' for item in items)}</ul>")
    flags = [FLAG_DESCRIPTIONS.get(flag, flag) for flag in result.flags if flag != "unscored"]
    if flags:
        parts.append(f'<p class="grade-flags">Flags: {_e("; ".join(flags))}.</p>')
    return "".join(parts)


def _notes(record) -> list[str]:
    notes = []
    result = record.result
    if record.truncated:
        notes.append("Only the start of this very long answer was graded (all of it is saved).")
    if result is not None and result.status != "graded":
        notes.append(f"Not scored: {(result.unscored_reason or 'no reason given').rstrip('.')}.")
    elif result is not None and record.score is not None and result.score is not None and result.score > record.score:
        hints = record.turn.hints_used
        notes.append(f"Capped at {record.score_cap:.1f} after {hints} hint{'s' if hints != 1 else ''} "
                     f"(graded {result.score:.1f}).")
    if record.recovered is not None:
        notes.append("Follow-up: the missed point is now covered." if record.recovered
                     else "Follow-up: the point asked about is still not covered.")
    return notes


def grade_card_html(record, reference: str | None = None, titles: dict[str, str] | None = None) -> str:
    """The card of one settled turn: score, criteria, key points with evidence, feedback, delivery, reference.

    ``record`` is a :class:`~interviewer.interview.TurnRecord` that was answered or skipped;
    ``reference`` is the question's reference answer (shown behind a reveal); ``titles`` maps
    criterion ids to the rubric's titles.
    """
    turn = record.turn
    result: GradeResult | None = record.result
    head_score = "skipped" if record.status == "skipped" else f"Score {score_text(record.score)}"
    parts = [f'<div class="grade-card" data-turn="{turn.id}" data-status="{_e(record.status)}">',
             f'<div class="grade-head"><span class="grade-label">{_e(turn.label)} · {_e(turn.topic)} · '
             f'{_e(turn.difficulty)}</span><span class="grade-score">{_e(head_score)}</span></div>',
             f'<p class="grade-question">{_e(turn.text)}</p>']
    parts += [f'<p class="grade-note">{_e(note)}</p>' for note in _notes(record)]
    if turn.kind == "follow_up" and turn.targets:
        parts.append(f'<p class="grade-target">Key point asked about: {_e("; ".join(turn.targets))}</p>')
    if result is not None and result.status == "graded":
        parts += [_criteria_html(result, titles), _points_html(result), _feedback_html(result)]
    delivery = delivery_summary(record.delivery)
    if delivery:
        parts.append(f'<div class="grade-delivery"><h4>Delivery (spoken answer; never part of the score)</h4>'
                     f"<p>{_e(delivery)}</p></div>")
    if reference:
        parts.append('<details class="grade-reference"><summary>Show the reference answer</summary>'
                     f"<blockquote>{_e(reference.strip())}</blockquote></details>")
    parts.append("</div>")
    return "".join(parts)


def grade_cards_html(records, references: dict[int, str | None] | None = None,
                     titles: dict[str, str] | None = None) -> str:
    """Cards of every settled turn, newest first (``references`` maps a question number to its reference)."""
    settled = [r for r in records if r.status in ("answered", "skipped")]
    if not settled:
        return '<p class="grade-empty">Grade cards appear here after each answer.</p>'
    references = references or {}
    cards = [grade_card_html(r, references.get(r.turn.question_number), titles) for r in reversed(settled)]
    return CARD_STYLE + "".join(cards)
