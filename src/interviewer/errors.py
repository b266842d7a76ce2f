"""Errors meant for the user: each carries a one-line message that names the file, line or field."""

from __future__ import annotations

from pathlib import Path


class InterviewerError(Exception):
    """A problem the user can fix; the CLI prints its message on one line and exits non-zero."""


class BankError(InterviewerError):
    """A question bank file that cannot be read or parsed."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None):
        self.path = Path(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else f"{self.path}"
        super().__init__(f"{where}: {problem}")


class IndexUnavailableError(InterviewerError):
    """The vector store cannot be opened or reached."""
