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


class AudioError(InterviewerError):
    """A recording that cannot be transcribed: missing, undecodable, too long, or without speech.

    ``reason`` is a stable code for callers that react differently (``missing``, ``empty``,
    ``undecodable``, ``no_audio``, ``too_long``, ``no_speech``); ``problem`` is the human-readable part
    of the message, without the path (a page can show it for a temporary upload).
    """

    def __init__(self, path: Path | str, problem: str, reason: str):
        self.path = Path(path)
        self.problem = problem
        self.reason = reason
        super().__init__(f"{self.path}: {problem}")
