"""``python app.py``: load the bank, bring its index up to date, and serve the page.

The page is served as soon as the bank and the index are ready. The embedding model (grading,
search) and the Whisper model (speech) are loaded later, in a background thread
(:class:`~interviewer.web.models.BackgroundModels`), so neither the page nor the first question
waits for them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from interviewer.config import apply_offline_defaults, default_bank_path
from interviewer.errors import InterviewerError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
# Uploads larger than this are refused by gradio (ten minutes of 48 kHz stereo WAV is about 110 MB).
MAX_UPLOAD = "120mb"


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range 1-65535: {port}")
    return port


def _credentials(value: str) -> tuple[str, str]:
    user, colon, password = value.partition(":")
    if not colon or not user or not password:
        raise argparse.ArgumentTypeError("expected USER:PASSWORD, e.g. --auth alice:correct-horse")
    return user, password


def _credentials_file(value: str) -> list[tuple[str, str]]:
    """USER:PASSWORD lines of a file (blank lines and # comments skipped): passwords kept out of ``ps``."""
    path = Path(value).expanduser()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise argparse.ArgumentTypeError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    users = []
    for number, line in enumerate(lines, start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                users.append(_credentials(line.strip()))
            except argparse.ArgumentTypeError:
                raise argparse.ArgumentTypeError(f"{path}, line {number}: expected USER:PASSWORD") from None
    if not users:
        raise argparse.ArgumentTypeError(f"{path}: no USER:PASSWORD line")
    return users


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line of ``app.py``."""
    parser = argparse.ArgumentParser(prog="app.py", description="Serve the interviewer page in a browser.")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"Address to listen on (default {DEFAULT_HOST}; 0.0.0.0 for the whole network).")
    # A string default goes through type=, so a bad GRADIO_SERVER_PORT is reported like a bad --port.
    parser.add_argument("--port", type=_port, default=os.environ.get("GRADIO_SERVER_PORT") or str(DEFAULT_PORT),
                        help=f"Port (default $GRADIO_SERVER_PORT, else {DEFAULT_PORT}).")
    parser.add_argument("--share", action="store_true",
                        help="Also open a public gradio.live link (needs network; off by default).")
    parser.add_argument("--auth", type=_credentials, action="append", default=None, metavar="USER:PASSWORD",
                        help="Ask for this user name and password before showing the page (repeat for more users; "
                             "off by default). Use it with --host or --share. The password shows in the "
                             "process list; --auth-file keeps it out.")
    parser.add_argument("--auth-file", type=_credentials_file, default=None, metavar="FILE",
                        help="Like --auth, with one USER:PASSWORD per line of FILE (# starts a comment).")
    parser.add_argument("--bank", type=Path, default=None,
                        help="Question bank (JSONL or Markdown). Default: $INTERVIEWER_BANK, else corpus/bank.jsonl.")
    args = parser.parse_args(argv)
    if args.auth_file:
        args.auth = (args.auth or []) + args.auth_file
    return args


def prepare_index(bank):
    """The bank's index, synced first if it is missing or out of date (one line says so)."""
    from interviewer.index import ReferenceIndex

    index = ReferenceIndex.for_bank(bank)
    to_add, to_remove, rebuild = index.pending_changes(bank.questions)
    if to_add or to_remove or rebuild:
        print(f"Updating the index in {index.location}: {len(to_add)} reference chunks to embed, "
              f"{len(to_remove)} to remove...", flush=True)
        report = index.sync(bank.questions)
        print(f"Index ready: {report.total} chunks ({report.added} embedded, {report.removed} removed) "
              f"in {report.seconds:.1f} s.", flush=True)
    return index


def serve(bank_path: Path | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          share: bool = False, auth: list[tuple[str, str]] | None = None) -> None:
    """Load the bank, sync its index, and serve the page until interrupted (models load in the background)."""
    from interviewer.bank import load_bank
    from interviewer.web.app import create_app
    from interviewer.web.interviews import InterviewService
    from interviewer.web.models import IDLE_START_SECONDS

    bank = load_bank(bank_path or default_bank_path())
    index = prepare_index(bank)
    service = InterviewService(bank)  # its grader's models (and Whisper) load in the background
    demo = create_app(bank, index, service)
    try:
        # quiet: gradio's own banner would tell users to edit launch() instead of passing --share.
        _, local_url, share_url = demo.launch(server_name=host, server_port=port, share=share, quiet=True,
                                              prevent_thread_lock=True, auth=auth or None,
                                              max_file_size=MAX_UPLOAD)
    except OSError as error:  # gradio raises OSError when the port is taken; its advice names launch()
        reason = str(error).split(". ")[0] or type(error).__name__
        raise InterviewerError(f"cannot serve on {host}:{port}: {reason}; choose another with --port") from None
    service.models.start_after(IDLE_START_SECONDS)
    print(f"Serving {len(bank)} questions on {local_url} (Ctrl+C to stop).", flush=True)
    if (share or host != DEFAULT_HOST) and not auth:
        print("note: anyone who can reach this address can use the page; --auth-file FILE asks for a login.",
              flush=True)
    if share:
        print(f"Public link: {share_url}" if share_url else "No public link: gradio could not open a share tunnel.",
              flush=True)
    demo.block_thread()


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``app.py``: a user error prints one line on stderr and returns 1."""
    apply_offline_defaults()
    args = parse_args(argv)
    try:
        serve(args.bank, host=args.host, port=args.port, share=args.share, auth=args.auth)
    except InterviewerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
