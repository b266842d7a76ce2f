"""The HTML report of a session: its Markdown summary plus plots embedded as base64 PNG data URIs.

Plots are drawn on ``matplotlib.figure.Figure`` objects (the Agg canvas, no pyplot), so this works
in a server's worker threads and never opens a window. The file is self-contained: one HTML file,
no external images, scripts or styles.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from interviewer.interview.summary import SessionSummary, build_summary

STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .6rem}
blockquote{border-left:4px solid #ddd;margin:0;padding:0 1rem;color:#333}img{max-width:100%}"""


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def topic_scores_plot(summary: SessionSummary) -> str | None:
    """Mean score per topic in this session (a data URI), or None when nothing was scored."""
    from matplotlib.figure import Figure

    topics = [t for t in summary.per_topic if t.mean_score is not None]
    if not topics:
        return None
    figure = Figure(figsize=(7, 0.5 + 0.45 * len(topics)))
    axes = figure.add_subplot()
    axes.barh([t.topic for t in topics], [t.mean_score for t in topics], color="#4c78a8")
    axes.set_xlim(0, 5)
    axes.set_xlabel("Mean score (0-5)")
    axes.set_title("Scores by topic, this session")
    axes.invert_yaxis()
    return _png(figure)


def progress_plot(store, session_id: str) -> str | None:
    """Mean score of every session up to this one, and each topic's ability estimate over time."""
    from matplotlib.figure import Figure

    overviews = store.overviews()
    upto = next((i for i, o in enumerate(overviews) if o.id == session_id), len(overviews) - 1)
    sessions = [o for o in overviews[:upto + 1] if o.mean_score is not None]
    known = {o.id for o in overviews[:upto + 1]}
    history = [row for row in store.ability_history() if row["session_id"] in known]
    if not sessions and not history:
        return None
    figure = Figure(figsize=(9, 3.6))
    scores, ratings = figure.subplots(1, 2)
    scores.plot(range(1, len(sessions) + 1), [o.mean_score for o in sessions], marker="o", color="#4c78a8")
    scores.set_xticks(range(1, len(sessions) + 1), [o.created_at[:10] for o in sessions], rotation=45, ha="right",
                      fontsize=8)
    scores.set_ylim(0, 5)
    scores.set_title("Mean score per session")
    for topic in sorted({row["topic"] for row in history}):
        rows = [row for row in history if row["topic"] == topic]
        values = [rows[0]["rating_before"]] + [row["rating_after"] for row in rows]
        ratings.plot(range(len(values)), values, marker=".", label=topic)
    ratings.set_title("Ability estimate per topic (Elo)")
    ratings.set_xlabel("Answers and skips on the topic")
    if history:
        ratings.legend(fontsize=7, loc="best")
    return _png(figure)


def report_html(store, session_id: str) -> str:
    """The whole report of a stored session as one HTML page."""
    from markdown_it import MarkdownIt

    summary = build_summary(store, session_id)
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(summary.to_markdown())
    figures = [(alt, uri) for alt, uri in (("Scores by topic", topic_scores_plot(summary)),
                                           ("Progress over time", progress_plot(store, summary.session_id))) if uri]
    plots = "".join(f'<h2>{html.escape(alt)}</h2>\n<img alt="{html.escape(alt)}" src="{uri}">\n' for alt, uri in figures)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Interview {html.escape(summary.session_id)}</title><style>{STYLE}</style></head>\n"
            f"<body>\n{body}\n{plots}</body></html>\n")


def write_html_report(store, session_id: str, path: Path) -> Path:
    """Write the HTML report of a session to ``path`` (parent folders created); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_html(store, session_id), encoding="utf-8")
    return path
