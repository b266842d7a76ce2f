"""Batch grading with the LLM judge on the scripted server: faults end as graded or unscored rows, never lost."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from interviewer.cli import main
from interviewer.grading.batch import default_workers
from interviewer.grading.llm import LLMJudge
from tests.batch.conftest import DROPOUT, read_output, write_csv
from tests.batch.judge_script import JudgeScript, answer_of
from tests.grading.scripted_server import fail, ok, slow

pytestmark = pytest.mark.usefixtures("no_network")

ANSWER = "Dropout zeroes random activations during training so that units cannot co-adapt"
FAULTS = {
    "[429 once]": [fail(429, "slow down")],
    "[500 once]": [fail(500, "overloaded")],
    "[timeout once]": [slow(4.0)],
    "[malformed once]": [ok("this is not JSON at all")],
    "[malformed twice]": [ok("no JSON here"), ok("still no JSON")],
    "[500 always]": [fail(500, "down for maintenance")] * 10,
}


def grade(*args, exit_code: int = 0):
    result = CliRunner().invoke(main, ["grade", *map(str, args)])
    assert result.exit_code == exit_code, result.output
    return result


def test_every_fault_ends_as_a_graded_or_unscored_row(tmp_path, judge_env, embedder):
    judge_env.responder = JudgeScript(FAULTS)
    markers = [None, *FAULTS, None]
    rows = [{"candidate": f"c{i}", "question_id": DROPOUT, "answer": f"{ANSWER} {marker or ''} #{i}"}
            for i, marker in enumerate(markers * 3)]
    rows.append({"candidate": "empty", "question_id": DROPOUT, "answer": "  "})
    source = write_csv(tmp_path / "answers.csv", rows)
    result = grade(source, "-o", tmp_path / "out.csv", "--grader", "llm", "--model", "openai/test-judge",
                   "--workers", "4", "--timeout", "1", "--retries", "1")
    out = read_output(tmp_path / "out.csv")
    assert [r["candidate"] for r in out] == [r["candidate"] for r in rows]  # none lost, none repeated, in order
    by_answer = {r["answer"]: r for r in out}
    for row in rows[:-1]:
        graded = by_answer[row["answer"]]
        if "[malformed twice]" in row["answer"]:
            assert graded["status"] == "unscored" and "invalid twice" in graded["feedback"]
        elif "[500 always]" in row["answer"]:
            assert graded["status"] == "unscored" and "server error (500)" in graded["feedback"]
            assert "after 1 retry" in graded["feedback"]
        else:
            assert graded["status"] == "graded" and graded["score"] == "4.0", row["answer"]
            assert graded["grader"] == "llm-judge" and graded["model"] == "openai/test-judge"
            assert int(graded["prompt_tokens"]) >= 100 and int(graded["completion_tokens"]) >= 20
    assert out[-1]["status"] == "unscored" and out[-1]["feedback"] == "the answer is empty"
    assert all(a != "" for a in map(answer_of, judge_env.requests))  # the empty answer cost no call
    assert "18 graded, 7 unscored, 0 error" in result.output


def test_a_rerun_is_served_from_the_cache_with_zero_calls(tmp_path, judge_env, embedder):
    judge_env.responder = JudgeScript()
    rows = [{"question_id": DROPOUT, "answer": f"{ANSWER}, variant {i}."} for i in range(12)]
    source = write_csv(tmp_path / "answers.csv", rows)
    arguments = [source, "-o", tmp_path / "out.parquet", "--grader", "llm", "--model", "openai/gpt-4o-mini"]
    first = grade(*arguments)
    assert judge_env.calls == 12 and "LLM: 12 calls (0 answers from the cache)" in first.output
    out = read_output(tmp_path / "out.parquet")
    assert all(r["cost_usd"] > 0 and r["prompt_tokens"] == 100 for r in out)  # a priced model: a cost per row

    second = grade(*arguments)
    assert judge_env.calls == 12, "the cached re-run made calls"
    assert "LLM: 0 calls (12 answers from the cache)" in second.output and "12 graded" in second.output
    assert [r["score"] for r in read_output(tmp_path / "out.parquet")] == [r["score"] for r in out]


def test_strict_fails_the_run_when_a_row_is_not_graded(tmp_path, judge_env, embedder):
    judge_env.responder = JudgeScript()
    rows = [{"question_id": DROPOUT, "answer": ANSWER}, {"question_id": "no-such-id", "answer": ANSWER}]
    source = write_csv(tmp_path / "answers.csv", rows)
    arguments = [source, "-o", tmp_path / "out.jsonl", "--grader", "llm", "--model", "openai/test-judge"]
    grade(*arguments)
    result = grade(*arguments, "--strict", exit_code=1)
    assert "--strict: 1 of 2 rows were not graded (1 error, 0 unscored)" in result.output
    assert [r["status"] for r in read_output(tmp_path / "out.jsonl")] == ["graded", "error"]


def test_default_workers_suit_the_provider(tmp_path):
    def judge(model, api_base=None):
        return LLMJudge(model, api_base=api_base, cache_dir=tmp_path)

    assert default_workers(judge("openai/gpt-4o-mini")) == 8
    assert default_workers(judge("openai/served", "https://llm.example.com/v1")) == 8
    assert default_workers(judge("ollama/qwen2.5:7b")) == 2
    assert default_workers(judge("openai/served", "http://127.0.0.1:8000/v1")) == 2
    assert default_workers(judge("openai/served", "http://localhost:8000/v1")) == 2
