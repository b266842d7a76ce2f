"""Kill a real ``interviewer grade`` mid-run (SIGKILL), resume it: every row once, in order, none graded twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch.conftest import DROPOUT, read_output, write_csv
from tests.batch.judge_script import JudgeScript, answer_of

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("no_network")]

ROWS = 160
KILL_AFTER = 12  # journaled rows


def journal_rows(path: Path) -> list[int]:
    """Rows in a journal's complete lines (a torn last line is skipped, as --resume does)."""
    lines = path.read_bytes().split(b"\n")[1:-1] if path.exists() else []
    return [json.loads(line)["row"] for line in lines if line.strip()]


def test_a_killed_run_resumes_with_only_the_missing_rows(tmp_path, llm_server):
    llm_server.responder = JudgeScript()
    llm_server.latency = 0.1  # two workers: about 20 rows a second, so the kill lands mid-run
    rows = [{"candidate": f"c{i:03d}", "question_id": DROPOUT,
             "answer": f"Dropout zeroes random activations while training (answer {i})."} for i in range(ROWS)]
    source, output = write_csv(tmp_path / "answers.csv", rows), tmp_path / "graded.csv"
    journal = tmp_path / "graded.csv.journal.jsonl"
    environment = {**os.environ, "INTERVIEWER_HOME": str(tmp_path / "home"), "INTERVIEWER_API_BASE": llm_server.api_base,
                   "INTERVIEWER_API_KEY": "test"}
    for name in ("INTERVIEWER_MODEL", "INTERVIEWER_CHROMA_URL", "INTERVIEWER_BANK"):
        environment.pop(name, None)
    command = [str(Path(sys.executable).with_name("interviewer")), "grade", str(source), "-o", str(output),
               "--grader", "llm", "--model", "openai/test-judge", "--workers", "2"]

    with (tmp_path / "first.log").open("w") as log:
        first = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 240
        while len(journal_rows(journal)) < KILL_AFTER and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL, (tmp_path / "first.log").read_text()
    done = journal_rows(journal)
    assert KILL_AFTER <= len(done) < ROWS and len(set(done)) == len(done)
    assert not output.exists()

    calls_before = llm_server.calls
    second = subprocess.run([*command, "--resume"], env=environment, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stdout + second.stderr
    out = read_output(output)
    assert [r["candidate"] for r in out] == [r["candidate"] for r in rows]  # each row once, in input order
    assert all(r["status"] == "graded" for r in out)
    missing = {rows[i]["answer"] for i in range(ROWS) if i not in done}
    asked_again = [answer_of(request) for request in llm_server.requests[calls_before:]]
    assert set(asked_again) <= missing and len(asked_again) <= len(missing)  # journaled rows were not graded again
    assert f"{len(done)} from the journal of an earlier run" in second.stdout
    assert not journal.exists()
