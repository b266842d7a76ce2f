"""``interviewer index`` and ``interviewer search``: the vector index of reference answers."""

from __future__ import annotations

from pathlib import Path

import click

from interviewer.bank import QuestionBank
from interviewer.cli import main
from interviewer.cli.options import bank_option, open_bank, progress_bar, stderr
from interviewer.errors import InterviewerError


def open_index(bank: QuestionBank):
    from interviewer.index import ReferenceIndex

    return ReferenceIndex.for_bank(bank)


def sync_with_progress(index, bank: QuestionBank):
    """Bring the index in step with the bank, with a progress bar while chunks are embedded."""
    with progress_bar("Embedding reference chunks") as progress:
        task = progress.add_task("embed", total=None)
        return index.sync(bank.questions, progress=lambda done, total: progress.update(task, completed=done,
                                                                                        total=total))


def open_synced_index(bank: QuestionBank):
    """The bank's index, brought up to date first if it is missing or stale (a note on stderr says so)."""
    from interviewer.index import ReferenceIndex

    with progress_bar("Embedding reference chunks") as progress:
        task = progress.add_task("embed", total=None)
        return ReferenceIndex.current(
            bank, progress=lambda done, total: progress.update(task, completed=done, total=total),
            on_update=lambda: stderr.print("The index is missing or out of date; updating it first."))


@main.command("index")
@bank_option
def build_index(bank_path: Path | None) -> None:
    """Build or update the vector index of the bank's reference answers (only new chunks are embedded)."""
    bank = open_bank(bank_path)
    index = open_index(bank)
    report = sync_with_progress(index, bank)
    if report.rebuilt:
        what = "Index rebuilt (the embedding model changed)"
    elif report.added and not report.unchanged:
        what = "Index built"
    elif report.added or report.removed:
        what = "Index updated"
    else:
        what = "Index up to date"
    click.echo(f"{what}: {report.total} chunks for {len(bank)} questions in {index.location}; "
               f"{report.added} embedded, {report.removed} removed, {report.unchanged} unchanged "
               f"({report.seconds:.1f} s).")


@main.command()
@click.argument("query")
@click.option("-k", "k", type=click.IntRange(1, 100), default=5, show_default=True, help="How many chunks to show.")
@click.option("--topic", "topics", multiple=True,
              help="Only chunks of this topic (name or its start, any case; repeatable). See 'corpus stats'.")
@bank_option
def search(query: str, k: int, topics: tuple[str, ...], bank_path: Path | None) -> None:
    """Print the reference chunks nearest to QUERY, with their question and similarity score."""
    if not query.strip():
        raise InterviewerError("the query is empty")
    bank = open_bank(bank_path)
    wanted = sorted({q.topic for t in topics for q in bank.with_topic(t)})
    if topics and not wanted:
        raise InterviewerError(f"no topic matches {', '.join(topics)}; topics: {', '.join(bank.topics)}")
    index = open_synced_index(bank)
    for rank, hit in enumerate(index.search(query, k=k, topics=wanted or None), start=1):
        question = bank.get(hit.question_id)
        click.echo(f"{rank}. [{hit.score:.3f}] {question.question if question else hit.question_id}")
        click.echo(f"   {hit.topic} | {hit.difficulty} | {hit.kind} | {hit.source} | {hit.question_id}")
        for line in hit.text.splitlines():
            click.echo(f"   > {line}")
