"""``interviewer corpus``: build, export and describe the question bank."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from interviewer.bank import build_bank_from_sources, write_jsonl
from interviewer.bank.question_bank import to_json_line
from interviewer.bank.stats import bank_stats
from interviewer.cli import main
from interviewer.cli.options import bank_option, open_bank, stderr
from interviewer.config import default_bank_path, default_sources_dir


@main.group()
def corpus() -> None:
    """Build, export and describe the question bank."""


@corpus.command()
@click.option("--sources", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of source documents (Markdown). Default: corpus/sources.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where to write the bank. Default: corpus/bank.jsonl.")
def build(sources: Path | None, output: Path | None) -> None:
    """Parse the source documents into a bank: one record per distinct question, duplicates merged."""
    from interviewer.embeddings import shared_embedder

    sources = sources or default_sources_dir()
    output = output or default_bank_path()
    with stderr.status(f"Parsing and merging {sources} ..."):
        questions = build_bank_from_sources(sources, shared_embedder())
    write_jsonl(questions, output)
    stats = bank_stats(questions)
    click.echo(f"Wrote {stats.questions} questions to {output} ({stats.source_items} question items in "
               f"{len(stats.per_source)} documents, {stats.merged_away} merged as duplicates, "
               f"{stats.without_references} without a reference answer).")


@corpus.command()
@click.option("--format", "output_format", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Output format: one JSON object per line, in the bank schema.")
@bank_option
def export(output_format: str, bank_path: Path | None) -> None:
    """Print the bank to stdout."""
    for question in open_bank(bank_path):
        click.echo(to_json_line(question))


@corpus.command()
@bank_option
def stats(bank_path: Path | None) -> None:
    """Print counts: per source, per topic, per difficulty, merged duplicates, questions without references."""
    bank = open_bank(bank_path)
    s = bank_stats(bank.questions)
    console = Console(soft_wrap=True)
    console.print(f"Bank: {bank.path}")
    console.print(f"Questions: {s.questions} distinct, from {s.source_items} question items in "
                  f"{len(s.per_source)} documents")
    console.print(f"Merged duplicates: {s.merged_away} items merged into {s.merged_questions} questions")
    console.print(f"Without references: {s.without_references} questions "
                  "(graded against references of related questions)")
    console.print(f"References: {s.references}; key points: {s.key_points}")
    for title, counts in (("Source", s.per_source), ("Topic", s.per_topic), ("Difficulty", s.per_difficulty)):
        table = Table(title=None, show_edge=False, pad_edge=False)
        table.add_column(title)
        table.add_column("Questions", justify="right")
        for name, count in counts.items():
            table.add_row(name, str(count))
        console.print(table)
