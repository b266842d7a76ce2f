"""The ``interviewer`` command line: thin commands that parse options and call the core."""

from __future__ import annotations

import sys

import click

from interviewer import __version__
from interviewer.errors import InterviewerError


class _Group(click.Group):
    """Turns user-facing errors into one line on stderr and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InterviewerError as error:
            raise click.ClickException(str(error)) from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="interviewer")
def main() -> None:
    """Mock interviews for deep-learning jobs, graded against a bank of reference answers.

    Works offline: the question bank ships with the package and the embedding model comes from a
    Python package. Data (the index) lives in INTERVIEWER_HOME (default ~/.local/share/interviewer);
    set INTERVIEWER_CHROMA_URL to use a Chroma server instead of the embedded store.
    """


from interviewer.cli import corpus, evaluate, grade, index, practice, sessions  # noqa: E402  (commands register on main)

__all__ = ["main", "corpus", "evaluate", "grade", "index", "practice", "sessions"]
