"""``interviewer history`` and ``interviewer report``: past interview sessions."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from interviewer.cli import main
from interviewer.cli.options import stderr

WIDE = 160


@main.command()
def history() -> None:
    """List past interview sessions: id, date, topics, questions answered, mean score, status."""
    from interviewer.interview import SessionStore

    store = SessionStore.open()
    overviews = store.overviews()
    if not overviews:
        click.echo(f"No sessions yet in {store.path}. Start one with: interviewer practice")
        return
    table = Table(show_edge=False, pad_edge=False)
    for column, justify in (("Session", "left"), ("Date (UTC)", "left"), ("Topics", "left"), ("Answered", "right"),
                            ("Skipped", "right"), ("Mean score", "right"), ("Status", "left")):
        table.add_column(column, justify=justify)
    for o in reversed(overviews):
        table.add_row(o.id, o.created_at.replace("T", " ")[:16], ", ".join(o.topics) or "all",
                      f"{o.answered}/{o.questions_planned}", str(o.skipped),
                      "-" if o.mean_score is None else f"{o.mean_score:.1f}",
                      "finished" if o.status == "finished" else "resumable")
    console = Console()
    if not console.is_terminal:
        console.width = max(console.width, WIDE)  # piped: keep each session on one line
    console.print(table)


@main.command()
@click.argument("session_id")
@click.option("--html", "html_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write an HTML report with plots (scores by topic, progress over time) to this file.")
def report(session_id: str, html_path: Path | None) -> None:
    """Print the summary of session SESSION_ID as Markdown (an unambiguous start of the id is enough)."""
    from interviewer.interview import SessionStore, build_summary, write_html_report

    store = SessionStore.open()
    summary = build_summary(store, session_id)
    click.echo(summary.to_markdown(), nl=False)
    if html_path:
        write_html_report(store, summary.session_id, html_path)
        stderr.print(f"HTML report: {html_path}")
