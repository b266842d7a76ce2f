"""An unusable input, output path or journal: one clear line naming the file (and line, column), no output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from interviewer.cli import main
from tests.batch.conftest import DROPOUT, write_csv

GOOD = {"question_id": DROPOUT, "answer": "Dropout drops units at random."}


def make_inputs(folder: Path) -> list[tuple[Path, str]]:
    """(input file, expected message) pairs, one per way an input can be unusable."""
    folder.mkdir()
    latin1 = folder / "latin1.csv"
    latin1.write_bytes(b"question_id,answer\n" + f"{DROPOUT},fine\n".encode() + f"{DROPOUT},caf".encode() + b"\xe9\n")
    broken_jsonl = folder / "broken.jsonl"
    broken_jsonl.write_text('{"question_id": "a", "answer": "b"}\n{"question_id": "a", "answer": "b",}\n')
    array_jsonl = folder / "array.jsonl"
    array_jsonl.write_text('{"question_id": "a", "answer": "b"}\n["a", "b"]\n')
    ragged = folder / "ragged.csv"
    ragged.write_text(f"question_id,answer\n{DROPOUT},one\n{DROPOUT},two,three\n")
    not_parquet = folder / "fake.parquet"
    not_parquet.write_text("this is not parquet")
    spreadsheet = folder / "answers.xlsx"
    spreadsheet.write_text("x")
    return [
        (write_csv(folder / "no_answer.csv", [{"question": "Q?", "text": "A"}]), "no_answer.csv: no 'answer' column"),
        (write_csv(folder / "no_question.csv", [{"answer": "A"}]), "needs a 'question' or a 'question_id' column"),
        (write_csv(folder / "clash.csv", [{"question": "Q?", "answer": "A", "score": "3"}]),
         "already has column(s) score"),
        (latin1, f"latin1.csv:3:{len(DROPOUT) + 5}: not UTF-8 text (byte 0xe9)"),
        (broken_jsonl, "broken.jsonl:2:36: malformed JSON"),
        (array_jsonl, "array.jsonl:2: expected a JSON object, found an array"),
        (ragged, "ragged.csv:3: more fields than the header"),
        (not_parquet, "fake.parquet: not a readable Parquet file"),
        (spreadsheet, "answers.xlsx: unknown input format '.xlsx'"),
        (folder / "missing.csv", "missing.csv: file not found"),
    ]


def test_each_unusable_input_is_one_clear_error_and_writes_nothing(tmp_path, isolated_home):
    for source, message in make_inputs(tmp_path / "inputs"):
        result = CliRunner().invoke(main, ["grade", str(source), "-o", str(tmp_path / "out" / "o.csv"),
                                           "--grader", "offline"])
        assert result.exit_code == 1, (source, result.output)
        assert message in result.output, (message, result.output)
        assert not (tmp_path / "out").exists(), f"{source.name} left files behind"
    assert not (isolated_home / "index").exists(), "a file that cannot be graded must not trigger an index build"


@pytest.mark.parametrize("option, value, message", [
    ("-o", "graded.xlsx", "graded.xlsx: unknown output format '.xlsx'"),
    ("-o", "answers.csv", "answers.csv: the output would overwrite the input"),
    ("--report", "report.pdf", "report.pdf: the report must be a .md or .html file"),
])
def test_a_bad_output_or_report_path_is_refused_before_grading(tmp_path, isolated_home, option, value, message):
    source = write_csv(tmp_path / "answers.csv", [GOOD])
    arguments = ["grade", str(source), "--grader", "offline", option, str(tmp_path / value)]
    if option != "-o":
        arguments += ["-o", str(tmp_path / "out.csv")]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1 and message in result.output
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["answers.csv"]


def test_the_command_prints_one_line_and_no_traceback(tmp_path, isolated_home):
    inputs = make_inputs(tmp_path / "inputs")
    script = Path(sys.executable).with_name("interviewer")
    for source, message in (inputs[0], inputs[3], inputs[4]):
        done = subprocess.run([str(script), "grade", str(source), "-o", str(tmp_path / "o.jsonl"),
                               "--grader", "offline"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert not (tmp_path / "o.jsonl").exists() and not (tmp_path / "o.jsonl.journal.jsonl").exists()
