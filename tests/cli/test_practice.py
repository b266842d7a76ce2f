"""``interviewer practice``, ``history`` and ``report``: the real console script with piped stdin, and one-line errors."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from interviewer.cli import main
from interviewer.interview import SessionStore

GRADIENT_ANSWER = ("Regularization adds a penalty or noise during training so the model cannot memorize the "
                   "training data, which reduces overfitting and improves generalization to unseen data.")


def practice_process(home: Path, stdin: str, *args: str) -> subprocess.CompletedProcess:
    """Run the installed console script as a user would, answers piped on stdin, offline."""
    env = {k: v for k, v in os.environ.items() if k not in ("INTERVIEWER_MODEL", "INTERVIEWER_CHROMA_URL",
                                                             "INTERVIEWER_BANK")}
    env["INTERVIEWER_HOME"] = str(home)
    script = Path(sys.executable).with_name("interviewer")
    return subprocess.run([str(script), "practice", "--grader", "offline", *args], input=stdin, capture_output=True,
                          text=True, timeout=300, env=env)


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False, prog_name="interviewer")


def session_id(output: str) -> str:
    return re.search(r"Session ([0-9a-f]{16})", output)[1]


def test_practice_from_a_pipe_then_quit_resume_history_and_report(isolated_home, tmp_path):
    first = practice_process(isolated_home, f"/repeat\n/hint\n{GRADIENT_ANSWER}\n/quit\n",
                             "--questions", "2", "--topic", "regularization", "--follow-ups", "0", "--seed", "4")
    assert first.returncode == 0, first.stderr
    out = first.stdout
    sid = session_id(out)
    assert out.count("Question 1 of 2") == 2  # asked, then repeated
    assert "Hint:" in out and "can score at most 4.0" in out
    assert re.search(r"Score \d\.\d / 5", out) and "Question 2 of 2" in out
    assert f"Paused. Resume with: interviewer practice --resume {sid}" in out
    assert "Overall score" in out  # the summary so far

    history = run("history")
    assert history.exit_code == 0
    [line] = [line for line in history.output.splitlines() if sid in line]
    assert "Regularization & Generalization" in line and "1/2" in line and "resumable" in line

    pending = SessionStore.open().turns(SessionStore.open().session(sid))[-1].turn
    second = practice_process(isolated_home, "/skip\n", "--resume", sid)
    assert second.returncode == 0, second.stderr
    assert "Question 2 of 2" in second.stdout and pending.text.split()[0] in second.stdout
    assert "1 scored, 1 skipped" in second.stdout

    history = run("history")
    [line] = [line for line in history.output.splitlines() if sid in line]
    assert "finished" in line

    report = run("report", sid, "--html", str(tmp_path / "report.html"))
    assert report.exit_code == 0
    assert report.output.startswith(f"# Interview {sid}\n")
    assert "## Questions to review" in report.output and "## Hints" in report.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == 2 and all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)


def test_each_piped_line_is_one_answer_and_end_of_input_ends_with_a_summary(isolated_home, embedder):
    result = run("practice", "--grader", "offline", "--questions", "3", "--follow-ups", "0", "--seed", "9",
                 "--topic", "regularization", input=f"{GRADIENT_ANSWER}\n\n/unknown\n")
    assert result.exit_code == 0
    assert "The answer is empty" in result.output and "Unknown command /unknown" in result.output
    assert "Questions: 1 of 3 asked; 1 scored, 0 skipped" in result.output  # the unanswered question is dropped
    [overview] = SessionStore.open().overviews()
    assert overview.status == "finished" and overview.answered == 1


def test_an_unknown_topic_is_one_line_and_exit_1(isolated_home):
    result = CliRunner().invoke(main, ["practice", "--topic", "astrology", "--grader", "offline"])
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert "unknown topic 'astrology'" in line and "Architectures" in line


@pytest.mark.parametrize("args", [["report", "deadbeef"], ["practice", "--resume", "deadbeef", "--grader", "offline"]])
def test_an_unknown_session_is_one_line_and_exit_1(isolated_home, args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: no session 'deadbeef'")


def test_history_with_no_sessions_says_how_to_start(isolated_home):
    result = run("history")
    assert result.exit_code == 0 and "No sessions yet" in result.output and "interviewer practice" in result.output


def test_on_a_terminal_an_answer_spans_lines_until_an_empty_one():
    from interviewer.cli.practice import AnswerReader

    master, slave = os.openpty()
    try:
        with open(slave, encoding="utf-8") as terminal:
            os.write(master, b"first line\nsecond line\n\n/hint\n\n\x04")
            reader = AnswerReader(terminal)
            assert reader.interactive
            assert reader.read() == "first line\nsecond line"
            assert reader.read() == "/hint"
            assert reader.read() == ""  # an empty answer: the interview asks again
            assert reader.read() is None  # Ctrl-D
    finally:
        os.close(master)


def test_resume_uses_the_bank_the_session_was_started_with(isolated_home, tmp_path, embedder):
    from interviewer.bank import write_jsonl
    from tests.interview.scripted import small_bank

    bank_file = tmp_path / "small.jsonl"
    write_jsonl(small_bank().questions, bank_file)
    started = run("practice", "--bank", str(bank_file), "--grader", "offline", "--questions", "2", input="/quit\n")
    assert started.exit_code == 0 and "Paused." in started.output
    sid = session_id(started.output)
    resumed = run("practice", "--resume", sid, "--grader", "offline", input="/skip\n/skip\n")
    assert resumed.exit_code == 0
    assert "Questions: 2 of 2 asked; 0 scored, 2 skipped" in resumed.output
