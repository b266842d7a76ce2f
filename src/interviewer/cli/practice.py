"""``interviewer practice``: a mock interview in the terminal, answers read from stdin.

On a terminal an answer may span several lines and ends with an empty line; when stdin is a pipe
or a file, each line is one answer. ``/skip``, ``/repeat``, ``/hint`` and ``/quit`` typed as the
answer do what they say; ``/quit`` (or Ctrl-C) leaves the session resumable, end of input ends it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel

from interviewer.cli import main
from interviewer.cli.options import bank_option, open_bank, stderr
from interviewer.interview.plan import DEFAULT_FOLLOW_UPS, DEFAULT_QUESTIONS, DIFFICULTY_CHOICES, MAX_FOLLOW_UPS, \
    MAX_QUESTIONS

COMMANDS = ("/skip", "/repeat", "/hint", "/quit")


class AnswerReader:
    """Reads one answer at a time: a line from a pipe, or lines up to an empty one on a terminal."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdin
        self.interactive = self.stream.isatty()

    def read(self) -> str | None:
        """The next answer, or None at the end of input (Ctrl-D on a terminal)."""
        if not self.interactive:
            line = self.stream.readline()
            return None if line == "" else line.rstrip("\r\n")
        lines: list[str] = []
        while True:
            line = self.stream.readline()
            if line == "":
                return "\n".join(lines) if lines else None
            line = line.rstrip("\r\n")
            if not lines and line.strip().startswith("/"):
                return line.strip()  # a command is one line
            if not line.strip():
                return "\n".join(lines)
            lines.append(line)


class TerminalInterview:
    """Shows turns and outcomes with rich, and runs the loop until the interview ends or the input does."""

    def __init__(self, interview, console: Console, reader: AnswerReader):
        self.interview = interview
        self.console = console
        self.reader = reader

    def show_turn(self, turn) -> None:
        title = f"{turn.label} · {turn.topic} · {turn.difficulty}"
        self.console.print(Panel(turn.text, title=title, title_align="left", border_style="cyan"))
        how = "finish with an empty line" if self.reader.interactive else "one line"
        self.console.print(f"[dim]Your answer ({how}; {' '.join(COMMANDS)}):[/dim]")

    def show_outcome(self, outcome) -> None:
        if outcome.message:
            self.console.print(f"[yellow]{outcome.message}[/yellow]")
        result = outcome.result
        if result is None or result.status != "graded":
            return
        covered = sum(v.status == "covered" for v in result.key_points)
        line = f"[bold]Score {outcome.score:.1f} / 5[/bold] · {covered} of {len(result.key_points)} key points covered"
        if outcome.recovered is not None:
            line += " · " + ("[green]recovered[/green]" if outcome.recovered else "[red]not recovered[/red]")
        self.console.print(line)
        for strength in result.feedback.strengths[:2]:
            self.console.print(f"  [green]+[/green] {strength}")
        for improvement in result.feedback.improvements[:2]:
            self.console.print(f"  [red]-[/red] {improvement}")

    def run(self) -> str:
        """Run until the end; returns how it ended: ``finished``, ``quit`` or ``end of input``."""
        turn = self.interview.current
        if turn is not None:
            self.show_turn(turn)
        while turn is not None:
            text = self.reader.read()
            if text is None:
                self.interview.end()
                return "end of input"
            command = text.strip().lower()
            if command == "/quit":
                return "quit"
            if command == "/repeat":
                self.show_turn(self.interview.repeat())
                continue
            if command == "/hint":
                self.console.print(f"[magenta]Hint:[/magenta] {self.interview.hint()}")
                continue
            if command.startswith("/") and command != "/skip":
                self.console.print(f"[yellow]Unknown command {command}; use {', '.join(COMMANDS)}.[/yellow]")
                continue
            outcome = self.interview.skip() if command == "/skip" else self.interview.answer(text)
            self.show_outcome(outcome)
            if outcome.next is not None and outcome.next.id != turn.id:
                self.show_turn(outcome.next)
            turn = outcome.next
        return "finished"


@main.command()
@click.option("--topic", "topics", multiple=True,
              help="Ask about this topic (name or its start, any case; repeatable). Default: every topic.")
@click.option("--questions", type=click.IntRange(1, MAX_QUESTIONS), default=DEFAULT_QUESTIONS, show_default=True,
              help="How many bank questions (follow-ups come on top).")
@click.option("--difficulty", type=click.Choice(DIFFICULTY_CHOICES), default="adaptive", show_default=True,
              help="adaptive: just above your estimated ability in each topic.")
@click.option("--follow-ups", "follow_ups", type=click.IntRange(0, MAX_FOLLOW_UPS), default=DEFAULT_FOLLOW_UPS,
              show_default=True, help="At most this many follow-ups per question, on points you missed.")
@click.option("--resume", "resume_id", default=None, metavar="SESSION_ID",
              help="Carry on an unfinished session (see 'interviewer history') with its own topics and settings.")
@click.option("--grader", type=click.Choice(["auto", "offline", "llm"]), default="auto", show_default=True,
              help="offline: no network at all; llm: the LLM judge; auto: llm if a model is configured.")
@click.option("--model", default=None, help="litellm model for grading and follow-ups (default $INTERVIEWER_MODEL).")
@click.option("--seed", type=int, default=None, help="Fix the random choices (same seed and history, same questions).")
@bank_option
def practice(topics: tuple[str, ...], questions: int, difficulty: str, follow_ups: int, resume_id: str | None,
             grader: str, model: str | None, seed: int | None, bank_path: Path | None) -> None:
    """Run a mock interview in the terminal: questions, follow-ups on what you missed, a summary at the end.

    Type /skip, /repeat, /hint (caps that answer's score) or /quit (resume later with --resume).
    """
    from interviewer.grading import make_grader
    from interviewer.interview import FollowUpWriter, Interview, SessionPlan, SessionStore

    store = SessionStore.open()
    if resume_id:
        session = store.session(resume_id)  # an unknown id fails here, before the model loads
        if bank_path is None and session.bank and Path(session.bank).is_file():
            bank_path = Path(session.bank)  # the bank the session was started with
        bank = open_bank(bank_path)
    else:
        bank = open_bank(bank_path)
        plan = SessionPlan(topics, difficulty, questions, follow_ups, seed).validated(bank)
    chosen = make_grader(grader, model=model)
    writer = FollowUpWriter.from_environment(use_llm=grader != "offline", model=model)
    if resume_id:
        interview = Interview.resume(resume_id, bank=bank, grader=chosen, store=store, follow_ups=writer)
    else:
        interview = Interview.start(plan, bank=bank, grader=chosen, store=store, follow_ups=writer)
    console = Console(highlight=False)
    console.print(f"[dim]Session {interview.session_id} · grader {chosen.name}[/dim]")
    try:
        ending = TerminalInterview(interview, console, AnswerReader()).run()
    except KeyboardInterrupt:
        stderr.print(f"Paused. Resume with: interviewer practice --resume {interview.session_id}")
        raise
    console.print()
    console.print(Markdown(interview.summary().to_markdown()))
    if ending == "quit":
        console.print(f"Paused. Resume with: interviewer practice --resume {interview.session_id}")
