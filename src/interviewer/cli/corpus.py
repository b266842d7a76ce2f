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
from interviewer.config import default_bank_path, default_schemes_dir, default_sources_dir, in_checkout


@main.group()
def corpus() -> None:
    """Build, export and describe the question bank."""


@corpus.command()
@click.option("--sources", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of source documents (Markdown). Default: corpus/sources.")
@click.option("--schemes", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of marking-scheme files (YAML, one per topic). Default: corpus/schemes, "
                   "when --sources is not given.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where to write the bank. Default: corpus/bank.jsonl.")
def build(sources: Path | None, schemes: Path | None, output: Path | None) -> None:
    """Parse the source documents into a bank (one record per distinct question, duplicates merged)
    and merge in the marking schemes.

    A scheme file that does not validate is reported in one line naming the file, the question and
    the field; nothing is written then.
    """
    from interviewer.embeddings import shared_embedder

    schemes = schemes or (default_schemes_dir() if sources is None else None)
    sources = sources or default_sources_dir()
    if output is None and not in_checkout():
        raise click.UsageError("give -o PATH: the bundled bank of an installed package is not rewritten in place")
    output = output or default_bank_path()
    with stderr.status(f"Parsing and merging {sources} ..."):
        questions = build_bank_from_sources(sources, shared_embedder(), schemes)
    write_jsonl(questions, output)
    stats = bank_stats(questions)
    click.echo(f"Wrote {stats.questions} questions to {output} ({stats.source_items} question items in "
               f"{len(stats.per_source)} documents, {stats.merged_away} merged as duplicates; "
               f"{stats.schemes.with_scheme} with a marking scheme).")


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
    """Print counts: marking-scheme coverage, per source, per topic, per difficulty, merged duplicates."""
    bank = open_bank(bank_path)
    s = bank_stats(bank.questions)
    m = s.schemes
    console = Console(soft_wrap=True)
    console.print(f"Bank: {bank.path}")
    console.print(f"Questions: {s.questions} distinct, from {s.source_items} question items in "
                  f"{len(s.per_source)} documents")
    console.print(f"Merged duplicates: {s.merged_away} items merged into {s.merged_questions} questions")
    console.print(f"Marking schemes: {m.with_scheme} of {s.questions} questions")
    if m.with_scheme:
        console.print(f"  key points per question (min / median / max): {m.points}; "
                      f"{m.essential_points} essential, {m.supporting_points} supporting")
        console.print(f"  misconceptions per question (min / median / max): {m.misconceptions}")
        console.print(f"  variant groups: {m.variant_groups} ({m.shared_groups} shared by "
                      f"{m.grouped_questions} questions)")
        console.print(f"  content: {m.with_scheme} model answers and all misconceptions authored by the team; "
                      f"key points {m.seed_points} stated in the sources, {m.authored_points} authored")
        console.print(f"  difficulty set in review, with a reason: {m.difficulty_reviewed} questions")
    console.print(f"Source answers: {s.references}; {s.without_source_answer} questions asked without one"
                  + (f"; {s.without_references} with no reference at all" if s.without_references else ""))
    console.print(f"Key points: {s.key_points}")
    for title, counts in (("Source", s.per_source), ("Topic", s.per_topic), ("Difficulty", s.per_difficulty)):
        table = Table(title=None, show_edge=False, pad_edge=False)
        table.add_column(title)
        table.add_column("Questions", justify="right")
        for name, count in counts.items():
            table.add_row(name, str(count))
        console.print(table)


@corpus.command()
@click.argument("question_id")
@bank_option
def show(question_id: str, bank_path: Path | None) -> None:
    """Print one question's marking scheme, for review: model answer, key points, misconceptions."""
    from interviewer.bank.review import scheme_markdown

    bank = open_bank(bank_path)
    question = bank.get(question_id)
    if question is None:
        close = [q.id for q in bank.questions if q.id.startswith(question_id)]
        if len(close) != 1:
            hint = f"; did you mean: {', '.join(close[:5])}" if close else "; 'interviewer corpus export' lists the ids"
            raise click.ClickException(f"no question with id {question_id!r} in {bank.path}{hint}")
        question = bank.get(close[0])
    click.echo(scheme_markdown(question), nl=False)
