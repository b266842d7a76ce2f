"""``interviewer grade``: grade a file of written answers (CSV, JSONL or Parquet)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from interviewer.cli import main
from interviewer.cli.options import bank_option, open_bank, stderr

GRADE_EPILOG = """Columns: 'answer', and 'question_id' (a bank id) or 'question' (free text, matched to the
bank); optional 'reference' (grade against this reference answer instead of the bank); every other
column is carried through. Progress is journaled beside OUTPUT: after an interruption, run the same
command with --resume to grade only the missing rows (and retry the unscored ones). Exit status 1
for an unusable input, or with --strict when some row was not graded."""


def _progress(description: str):
    """A progress bar on stderr with rate and ETA, shown only on a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task):
            return Text(f"{task.speed:.1f} rows/s" if task.speed else "", style="progress.data.speed")

    return Progress(TextColumn(description), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeRemainingColumn(),
                    console=stderr, disable=not stderr.is_terminal, transient=True)


@main.command(epilog=GRADE_EPILOG)
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The graded file: .csv, .jsonl or .parquet (every input row in order, then the grade).")
@click.option("--grader", type=click.Choice(["auto", "offline", "llm"]), default="auto", show_default=True,
              help="offline: the reference grader (no network); llm: the LLM judge; auto: llm if a model is configured.")
@click.option("--model", default=None, help="litellm model for the judge, e.g. openai/gpt-4o-mini (default $INTERVIEWER_MODEL).")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Parallel LLM calls [default: 8 for a hosted provider, 2 for ollama or a local "
                   "INTERVIEWER_API_BASE]. The offline grader batches instead and ignores this.")
@click.option("--rubric", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Rubric file (YAML, same fields as prompts/rubric.yaml). Default: the bundled rubric.")
@click.option("--samples", type=click.IntRange(1, 9), default=1, show_default=True,
              help="LLM judge only: grade k times and report the median and the spread.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="LLM judge only: seconds to wait for one reply [default: 60].")
@click.option("--retries", type=click.IntRange(0, 20), default=None,
              help="LLM judge only: retries of a call after a rate limit, timeout or server error [default: 3].")
@click.option("--evidence/--no-evidence", default=True, show_default=True,
              help="LLM judge only: show it the offline grader's key-point matches (CPU-bound: on a slow CPU "
                   "the judge waits for them).")
@click.option("--resume", is_flag=True, help="Finish an interrupted run: grade the rows missing from its journal and retry the unscored ones.")
@click.option("--details", "details_dir", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="DIR",
              help="Also write every row's full grade (JSON) to DIR/<output name without extension>.details.jsonl.")
@click.option("--report", "report_path", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="PATH",
              help="Also write a report with plots: REPORT.md (PNGs beside it) or REPORT.html (self-contained).")
@click.option("--strict", is_flag=True, help="Exit with status 1 if any row ends as error or unscored.")
@bank_option
def grade(input_path: Path, output: Path, grader: str, model: str | None, workers: int | None, rubric: Path | None,
          samples: int, timeout: float | None, retries: int | None, evidence: bool, resume: bool,
          details_dir: Path | None, report_path: Path | None, strict: bool, bank_path: Path | None) -> None:
    """Grade the answers in INPUT (.csv, .jsonl or .parquet) and write them, graded, to OUTPUT."""
    from interviewer.grading import make_grader
    from interviewer.grading.batch import BatchOptions, grade_file, journal_path, summary_text
    from interviewer.grading.batch.report import check_report_path, write_report

    if report_path is not None:
        check_report_path(report_path)
    chosen = make_grader(grader, rubric_path=rubric, model=model, samples=samples, timeout=timeout,
                         max_retries=retries, evidence=evidence)
    bank = open_bank(bank_path)
    options = BatchOptions(workers=workers, resume=resume, details_dir=details_dir)
    try:
        with _progress("Grading") as bar:
            task = bar.add_task("grade", total=None)
            started = []

            def progress(done: int, total: int) -> None:
                if not started:  # rows from an earlier run do not count towards the rate
                    started.append(True)
                    bar.reset(task, total=total, completed=done)
                else:
                    bar.update(task, completed=done, total=total)

            summary = grade_file(input_path, output, chosen, bank, options, progress=progress)
    except KeyboardInterrupt:
        click.echo(f"interrupted; finished rows are kept in {journal_path(output)}: run the same command with "
                   "--resume to grade the rest", err=True)
        sys.exit(130)
    click.echo(summary_text(summary))
    if report_path is not None:
        summary.outputs += write_report(summary, report_path)
    for path in summary.outputs:
        click.echo(f"Wrote {path}")
    if strict and summary.failed:
        click.echo(f"--strict: {summary.failed} of {summary.rows} rows were not graded "
                   f"({summary.by_status['error']} error, {summary.by_status['unscored']} unscored)", err=True)
        sys.exit(1)
