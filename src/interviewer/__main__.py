"""Run the command line as ``python -m interviewer``."""

from interviewer.cli import main

main(prog_name="interviewer")
