"""The summary printed after a run, the --report file (Markdown or HTML, with plots) and --details."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from interviewer.cli import main
from interviewer.grading.batch.summary import BatchSummary, summary_text
from tests.batch.conftest import DROPOUT, write_answers

RESIDUAL = "residual-skip-connections-help-deep-a14e3f"
ROWS = [{"candidate": f"c{i}", "question_id": [DROPOUT, RESIDUAL][i % 2],
         "answer": ["Dropout zeroes random units during training, which reduces overfitting.",
                    "Residual connections let gradients flow through identity shortcuts in deep networks."][i % 2]}
        for i in range(6)] + [{"candidate": "c6", "question_id": "nope", "answer": "A."}]


def test_summary_report_and_details(tmp_path, isolated_home, embedder):
    source = write_answers(tmp_path / "answers.jsonl", ROWS)
    arguments = ["grade", str(source), "-o", str(tmp_path / "out.csv"), "--grader", "offline",
                 "--details", str(tmp_path / "details")]
    markdown = CliRunner().invoke(main, [*arguments, "--report", str(tmp_path / "report" / "batch.md")])
    assert markdown.exit_code == 0, markdown.output
    assert "Status: 6 graded, 0 unscored, 1 error." in markdown.output
    assert "Scores: mean" in markdown.output and "  4-5  " in markdown.output
    assert f"      3  {DROPOUT}" in markdown.output and "row 7: error: unknown question_id 'nope'" in markdown.output

    report = (tmp_path / "report" / "batch.md").read_text()
    assert report.startswith("# Batch grading: answers.jsonl")
    for heading in ("## Status", "## Scores", "## Criteria", "## Questions (3)", "## Rows not graded (1)"):
        assert heading in report
    for image in ("batch-scores.png", "batch-criteria.png", "batch-questions.png"):
        assert f"]({image})" in report
        assert (tmp_path / "report" / image).read_bytes().startswith(b"\x89PNG")
    assert "| 7 | error | unknown question_id 'nope' |" in report

    details = [json.loads(line) for line in (tmp_path / "details" / "out.details.jsonl").read_text().splitlines()]
    assert [d["candidate"] for d in details] == [r["candidate"] for r in ROWS]
    assert details[0]["result"]["grader"]["name"] == "offline-reference" and details[0]["status"] == "graded"
    assert details[-1]["result"] is None and details[-1]["reason"] == "unknown question_id 'nope'"

    html = CliRunner().invoke(main, [*arguments, "--report", str(tmp_path / "batch.html")])
    assert html.exit_code == 0, html.output
    page = (tmp_path / "batch.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and page.count('src="data:image/png;base64,') == 3
    assert "<td>unknown question_id &#x27;nope&#x27;</td>" in page
    assert not list(tmp_path.glob("batch-*.png"))  # the HTML report is self-contained


def test_the_summary_reports_llm_usage_and_an_unknown_cost():
    summary = BatchSummary(input=Path("in.csv"), output=Path("out.csv"), grader="llm-judge (m)", rows=3, llm=True,
                           llm_calls=2, cached=1, prompt_tokens=200, completion_tokens=40, cost_usd=None,
                           scores=[0.0, 4.5, 5.0], seconds=2.0)
    summary.by_status.update({"graded": 3})
    text = summary_text(summary)
    assert "LLM: 2 calls (1 answers from the cache), 200 prompt and 40 completion tokens, unknown cost." in text
    assert dict(summary.histogram()) == {"0-1": 1, "1-2": 0, "2-3": 0, "3-4": 0, "4-5": 2}
