"""The journal: an interrupted run resumes with only the missing rows; a journal is never mixed up."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from interviewer.cli import main
from interviewer.errors import InterviewerError
from interviewer.grading.batch import BatchOptions, grade_file, journal_path
from interviewer.grading.batch.journal import Journal
from interviewer.grading.offline import OfflineGrader
from tests.batch.conftest import DROPOUT, read_output, write_csv

QUESTIONS = [DROPOUT, "residual-skip-connections-help-deep-a14e3f"]
ANSWERS = ["Dropout zeroes random activations during training, so units cannot co-adapt and overfit less.",
           "Skip connections add the input to the output, so gradients flow through identity paths."]


class CountingGrader(OfflineGrader):
    """The real offline grader, recording every answer it grades."""

    def __init__(self):
        super().__init__()
        self.graded: list[str] = []

    def grade_many(self, items):
        self.graded += [answer for _, answer in items]
        return super().grade_many(items)


def make_input(path, rows: int = 150):
    return write_csv(path, [{"candidate": f"c{i:03d}", "question_id": QUESTIONS[i % 2],
                             "answer": f"{ANSWERS[i % 2]} (variant {i})"} for i in range(rows)])


class OutageGrader(OfflineGrader):
    """The real offline grader, except that every third row ends unscored as in a provider's outage."""

    def grade_many(self, items):
        results = super().grade_many(items)
        return [self._unscored(context, "the model did not answer: HTTP 503") if variant(answer) % 3 == 0
                else result for (context, answer), result in zip(items, results)]


def variant(answer: str) -> int:
    """The row number at the end of an answer made by :func:`make_input` ("... (variant 12)")."""
    return int(answer.rsplit("variant ", 1)[1].rstrip(")"))


def interrupted_run(source, output, bank, after: int, grader=None):
    """Grade until ``after`` rows are journaled, then stop as a Ctrl-C would."""
    def progress(done, total):
        if done >= after:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        grade_file(source, output, grader or CountingGrader(), bank, progress=progress)


def journaled_rows(output) -> list[int]:
    lines = journal_path(output).read_text().splitlines()[1:]
    return [json.loads(line)["row"] for line in lines]


def test_resume_grades_only_the_missing_rows(tmp_path, isolated_home, bank, embedder):
    source, output = make_input(tmp_path / "answers.csv"), tmp_path / "graded.csv"
    interrupted_run(source, output, bank, after=70)
    done = journaled_rows(output)
    assert 70 <= len(done) < 150 and len(set(done)) == len(done) and not output.exists()

    again = CountingGrader()
    summary = grade_file(source, output, again, bank, BatchOptions(resume=True))
    missing = [f"{ANSWERS[i % 2]} (variant {i})" for i in range(150) if i not in done]
    assert sorted(again.graded) == sorted(missing)  # nothing graded twice
    assert summary.resumed == len(done) and summary.by_status["graded"] == 150
    out = read_output(output)
    assert [r["candidate"] for r in out] == [f"c{i:03d}" for i in range(150)]  # each row once, in order
    assert not journal_path(output).exists()


def test_resume_retries_the_rows_that_ended_unscored(tmp_path, isolated_home, bank, embedder):
    source, output = make_input(tmp_path / "answers.csv", rows=100), tmp_path / "graded.csv"
    interrupted_run(source, output, bank, after=70, grader=OutageGrader())
    done = journaled_rows(output)
    unscored = [i for i in done if i % 3 == 0]
    assert unscored and len(done) < 100

    again = CountingGrader()
    summary = grade_file(source, output, again, bank, BatchOptions(resume=True))
    retried = [f"{ANSWERS[i % 2]} (variant {i})" for i in range(100) if i not in done or i in unscored]
    assert sorted(again.graded) == sorted(retried)  # the unscored rows again, the graded ones not
    assert summary.resumed == len(done) - len(unscored)
    assert [r["status"] for r in read_output(output)] == ["graded"] * 100


def test_a_rows_last_journal_line_counts(tmp_path):
    path = tmp_path / "out.csv.journal.jsonl"
    header = {"journal": 1, "rows": 2}
    unscored = {"row": 0, "fields": {"status": "unscored"}}
    graded = {"row": 0, "fields": {"status": "graded"}}
    path.write_text("".join(json.dumps(line) + "\n" for line in (header, unscored, graded)))
    journal, entries = Journal.open(path, header, resume=True)
    journal.close()
    assert entries == {0: graded}


def test_a_torn_last_line_is_dropped_and_graded_again(tmp_path, isolated_home, bank, embedder):
    source, output = make_input(tmp_path / "answers.csv", rows=80), tmp_path / "graded.jsonl"
    interrupted_run(source, output, bank, after=70)
    done = journaled_rows(output)
    with journal_path(output).open("ab") as journal:
        journal.write(b'{"row": 79, "fields": {"sco')  # a kill in the middle of a write
    again = CountingGrader()
    grade_file(source, output, again, bank, BatchOptions(resume=True))
    assert len(again.graded) == 80 - len(done) and f"{ANSWERS[1]} (variant 79)" in again.graded
    assert [r["candidate"] for r in read_output(output)] == [f"c{i:03d}" for i in range(80)]


def test_the_journal_must_match_the_run(tmp_path, isolated_home, bank, embedder):
    source, output = make_input(tmp_path / "answers.csv", rows=80), tmp_path / "graded.csv"
    interrupted_run(source, output, bank, after=64)

    result = CliRunner().invoke(main, ["grade", str(source), "-o", str(output), "--grader", "offline"])
    assert result.exit_code == 1 and "run the same command with --resume" in result.output

    make_input(source, rows=81)  # the input changed
    with pytest.raises(InterviewerError, match="belongs to a run with another input file"):
        grade_file(source, output, CountingGrader(), bank, BatchOptions(resume=True))
    make_input(source, rows=80)
    other_rubric = CountingGrader()
    other_rubric.rubric = other_rubric.rubric.model_copy(update={"hash": "0" * 16})
    with pytest.raises(InterviewerError, match=r"other settings \(rubric\)"):
        grade_file(source, output, other_rubric, bank, BatchOptions(resume=True))

    lines = journal_path(output).read_text().splitlines()
    journal_path(output).write_text("\n".join([lines[0], lines[1][:20], *lines[2:]]) + "\n")
    with pytest.raises(InterviewerError, match=r"graded.csv.journal.jsonl:2: damaged journal line"):
        grade_file(source, output, CountingGrader(), bank, BatchOptions(resume=True))
    assert not output.exists()


def test_two_runs_cannot_write_one_journal(tmp_path):
    path = tmp_path / "out.csv.journal.jsonl"
    header = {"journal": 1, "rows": 3}
    first, _ = Journal.open(path, header, resume=False)
    try:
        with pytest.raises(InterviewerError, match="another 'interviewer grade' is writing"):
            Journal.open(path, header, resume=True)
    finally:
        first.close()
    second, entries = Journal.open(path, header, resume=True)
    second.close()
    assert entries == {}


def test_resume_without_a_journal_grades_everything(tmp_path, isolated_home, bank, embedder):
    source = make_input(tmp_path / "answers.csv", rows=5)
    grader = CountingGrader()
    summary = grade_file(source, tmp_path / "graded.csv", grader, bank, BatchOptions(resume=True))
    assert len(grader.graded) == 5 and summary.resumed == 0


def test_a_journal_without_rows_is_simply_started_over(tmp_path, isolated_home, bank, embedder):
    source, output = make_input(tmp_path / "answers.csv", rows=3), tmp_path / "graded.csv"
    journal_path(output).write_text('{"journal": 1, "rows": 3}\n')  # a run stopped before its first row
    summary = grade_file(source, output, CountingGrader(), bank)
    assert summary.by_status["graded"] == 3 and not journal_path(output).exists()
