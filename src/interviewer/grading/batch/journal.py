"""The journal of a batch run: one JSON line per finished row, beside the output, so nothing is lost.

The first line is a header naming the run (a hash of the input file, the grader, the rubric, the
bank and the options that change grades). Every later line is one finished row: its position, the
columns it adds and its full grade. Lines are flushed as they are written (a killed process loses
at most the line it was writing) and fsynced in batches (a crashed machine loses at most a few).

``--resume`` reads the journal back, drops a torn last line and grades only the rows missing from
it, and those it holds as unscored (a row's last line counts). A journal written for another input
or other options is refused, never mixed in.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from pathlib import Path

from interviewer.errors import InterviewerError

JOURNAL_VERSION = 1
SYNC_EVERY_ROWS = 64
SYNC_EVERY_SECONDS = 1.0
# Header fields that may differ between the run that wrote a journal and the one resuming it.
NOT_COMPARED = ("input", "created")
_TORN = object()


def journal_path(output: Path) -> Path:
    """Where the journal of a run writing ``output`` lives: ``OUTPUT.journal.jsonl`` beside it."""
    return output.with_name(output.name + ".journal.jsonl")


class Journal:
    """An open journal; :meth:`append` is safe to call from several threads."""

    def __init__(self, path: Path, handle):
        self.path = path
        self._handle = handle
        self._lock = threading.Lock()
        self._unsynced = 0
        self._synced_at = time.monotonic()

    @classmethod
    def open(cls, path: Path, header: dict, resume: bool) -> tuple["Journal", dict[int, dict]]:
        """Open (or start) the journal at ``path``; returns it and the entries already in it, by row.

        Without ``resume``, a journal holding finished rows is an error that says what to do (one
        with only a header, from a run stopped before its first row, is started over).
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+b")  # never truncated before the lock is held: another run may own it
        _lock(handle, path)
        try:
            handle.seek(0)
            data = handle.read()
            entries, good_bytes = {}, 0
            if resume:
                entries, good_bytes = parse_journal(data, path, header)
            elif len([line for line in data.split(b"\n") if line.strip()]) > 1:
                raise InterviewerError(f"{path}: an unfinished run's journal is here; run the same command with "
                                       "--resume to grade only the missing rows, or delete the file to start over")
            handle.truncate(good_bytes)  # a torn last line from a killed run goes; the next line starts clean
            if good_bytes == 0:
                handle.write(_line(header))
        except BaseException:
            handle.close()
            raise
        journal = cls(path, handle)
        journal.sync()
        return journal, entries

    def append(self, entry: dict) -> None:
        """Record one finished row (a dict with at least ``row``); flushed now, fsynced in batches."""
        data = _line(entry)
        with self._lock:
            self._handle.write(data)
            self._handle.flush()
            self._unsynced += 1
            if self._unsynced >= SYNC_EVERY_ROWS or time.monotonic() - self._synced_at >= SYNC_EVERY_SECONDS:
                self._sync_locked()

    def sync(self) -> None:
        """Flush and fsync everything appended so far."""
        with self._lock:
            self._sync_locked()

    def _sync_locked(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._unsynced, self._synced_at = 0, time.monotonic()

    def close(self) -> None:
        """Sync and close (the lock is released with the file)."""
        if not self._handle.closed:
            self.sync()
            self._handle.close()

    def remove(self) -> None:
        """Close and delete the journal (after the output it fed has been written)."""
        self.close()
        self.path.unlink(missing_ok=True)


def parse_journal(data: bytes, path: Path, expected_header: dict) -> tuple[dict[int, dict], int]:
    """The entries of the journal ``data`` (read from ``path``) by row, and how many of its bytes are whole lines.

    A last line cut short by a kill is dropped; a damaged line elsewhere, or a header that does not
    match ``expected_header``, is an error naming the file.
    """
    pieces = data.split(b"\n")  # the last piece is what follows the last newline
    last_content = max((i for i, piece in enumerate(pieces) if piece.strip()), default=-1)
    good_bytes, entries, header_seen = 0, {}, False
    for number, raw in enumerate(pieces, start=1):
        if not raw.strip():
            good_bytes += len(raw) + (number < len(pieces))
            continue
        try:
            value = json.loads(raw) if number < len(pieces) else _TORN  # no newline: cut short
        except ValueError:
            value = _TORN
        if value is _TORN:
            if number - 1 == last_content:
                break  # the torn last line of a killed run
            raise InterviewerError(f"{path}:{number}: damaged journal line; delete the journal to start over")
        if not header_seen:
            _check_header(path, value, expected_header)
            header_seen = True
        elif isinstance(value, dict) and isinstance(value.get("row"), int):
            if not 0 <= value["row"] < expected_header["rows"]:
                raise InterviewerError(f"{path}:{number}: row {value['row']} is not in the input; "
                                       "delete the journal to start over")
            entries[value["row"]] = value  # a row retried after ending unscored: its last line counts
        else:
            raise InterviewerError(f"{path}:{number}: not a journal entry; delete the journal to start over")
        good_bytes += len(raw) + 1
    return entries, good_bytes if header_seen else 0


def _check_header(path: Path, header, expected: dict) -> None:
    if not isinstance(header, dict) or header.get("journal") != JOURNAL_VERSION:
        raise InterviewerError(f"{path}: not a journal of this version of interviewer; delete it to start over")
    changed = [key for key in sorted(set(expected) | set(header))
               if key not in NOT_COMPARED and header.get(key) != expected.get(key)]
    if changed:
        settings = [key for key in changed if key not in ("input_sha256", "rows")]
        what = " and ".join(([f"other settings ({', '.join(settings)})"] if settings else [])
                            + (["another input file"] if len(settings) < len(changed) else []))
        raise InterviewerError(f"{path}: this journal belongs to a run with {what}; resume with the same input "
                               "and options, or delete the journal to start over")


def _line(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str) + "\n").encode("utf-8")


def _lock(handle, path: Path) -> None:
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise InterviewerError(f"{path}: another 'interviewer grade' is writing this journal; wait for it "
                               "to finish or stop it first") from None
