"""``interviewer grade`` on a CSV: every row kept in order, columns carried through, clear errors."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from interviewer.cli import main

ROWS = [
    {"candidate": "ann", "question_id": "dropout-prevent-overfitting-neural-networks-ed8abf", "question": "",
     "answer": "Dropout turns off random neurons during training so they cannot co-adapt, which reduces overfitting.",
     "reference": "", "team": "red"},
    {"candidate": "bob", "question_id": "", "question": "What does learning-rate warmup do?",
     "answer": "It increases the learning rate gradually during the first steps to keep early updates stable.",
     "reference": "Warmup starts from a small learning rate and raises it over the first steps to avoid unstable updates.",
     "team": "blue"},
    {"candidate": "cid", "question_id": "no-such-question", "question": "", "answer": "Something.", "reference": "",
     "team": "red"},
    {"candidate": "dan", "question_id": "dropout-prevent-overfitting-neural-networks-ed8abf", "question": "",
     "answer": "", "reference": "", "team": "blue"},
]


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_every_row_comes_out_in_order_with_its_grade(tmp_path, use_indexed_home, embedder):
    source = write_csv(tmp_path / "answers.csv", ROWS)
    result = CliRunner().invoke(main, ["grade", str(source), "-o", str(tmp_path / "out.csv"), "--grader", "offline"])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        out = list(csv.DictReader(handle))
    assert [r["candidate"] for r in out] == ["ann", "bob", "cid", "dan"]
    assert [r["team"] for r in out] == ["red", "blue", "red", "blue"]  # carried through untouched
    assert [r["status"] for r in out] == ["graded", "graded", "error", "unscored"]
    assert float(out[0]["score"]) > 0 and out[0]["correctness"] and out[0]["clarity"]
    assert out[1]["score"] and out[1]["matched_question_id"] == ""  # graded against its own reference
    assert "unknown question_id 'no-such-question'" in out[2]["feedback"] and out[2]["score"] == ""
    assert out[3]["score"] == "" and out[3]["feedback"] == "the answer is empty"
    assert "Graded 4 rows" in result.output


def test_unusable_input_gets_one_clear_line(tmp_path, isolated_home):
    no_answer = write_csv(tmp_path / "no_answer.csv", [{"question": "Q?", "text": "A"}])
    clash = write_csv(tmp_path / "clash.csv", [{"question": "Q?", "answer": "A", "score": "3"}])
    script = Path(sys.executable).with_name("interviewer")
    for path, message in ((no_answer, "no 'answer' column"), (clash, "already has column(s) score"),
                          (tmp_path / "missing.csv", "missing.csv: file not found")):
        done = subprocess.run([str(script), "grade", str(path), "-o", str(tmp_path / "o.csv"), "--grader", "offline"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "o.csv").exists()
    assert not (isolated_home / "index").exists(), "a file that cannot be graded must not trigger an index build"
