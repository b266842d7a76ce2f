"""``interviewer grade``: grade a file of written answers."""

from __future__ import annotations

from pathlib import Path
from statistics import mean, median

import click

from interviewer.cli import main
from interviewer.cli.index import open_synced_index
from interviewer.cli.options import bank_option, open_bank, progress_bar


@main.command()
@click.argument("input_path", metavar="INPUT.csv", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Where to write the graded CSV (every input row and column, then the grade).")
@click.option("--grader", type=click.Choice(["auto", "offline", "llm"]), default="auto", show_default=True,
              help="offline: the reference grader (no network); llm: the LLM judge; auto: llm if a model is configured.")
@click.option("--model", default=None, help="litellm model for the judge, e.g. openai/gpt-4o-mini (default $INTERVIEWER_MODEL).")
@click.option("--rubric", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Rubric file (YAML, same fields as prompts/rubric.yaml). Default: the bundled rubric.")
@click.option("--samples", type=click.IntRange(1, 9), default=1, show_default=True,
              help="LLM judge only: grade k times and report the median and the spread.")
@bank_option
def grade(input_path: Path, output: Path, grader: str, model: str | None, rubric: Path | None, samples: int,
          bank_path: Path | None) -> None:
    """Grade the answers in INPUT.csv.

    Columns: 'answer', and 'question' (free text, matched to the bank) or 'question_id'; an optional
    'reference' column grades against your own reference answer instead of the bank. Other columns
    are carried through. Adds: score, one column per rubric criterion, status, flags, feedback.
    """
    from interviewer.grading import make_grader
    from interviewer.grading.batch import grade_csv

    chosen = make_grader(grader, rubric_path=rubric, model=model, samples=samples)
    bank = open_bank(bank_path)
    with progress_bar("Grading") as bar:
        task = bar.add_task("grade", total=None)
        summary = grade_csv(input_path, output, chosen, bank, index_factory=lambda: open_synced_index(bank),
                            progress=lambda done, total: bar.update(task, completed=done, total=total))
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(summary.by_status.items()))
    click.echo(f"Graded {summary.rows} rows with {chosen.name} -> {output} ({statuses}).")
    if summary.scores:
        click.echo(f"Scores: mean {mean(summary.scores):.2f}, median {median(summary.scores):.2f}, "
                   f"min {min(summary.scores):.2f}, max {max(summary.scores):.2f}.")
