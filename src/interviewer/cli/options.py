"""Options and helpers shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from interviewer.bank import QuestionBank, load_bank
from interviewer.config import default_bank_path

stderr = Console(stderr=True)

bank_option = click.option(
    "--bank", "bank_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Question bank: a JSONL file in the bank schema, or a Markdown document in a supported "
         "layout. Default: $INTERVIEWER_BANK, else the bundled corpus/bank.jsonl.",
)


def open_bank(bank_path: Path | None) -> QuestionBank:
    """Load the bank named by ``--bank`` (or the default one)."""
    return load_bank(bank_path or default_bank_path())


def progress_bar(description: str):
    """A rich progress bar on stderr, shown only on a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=stderr, disable=not stderr.is_terminal, transient=True)
