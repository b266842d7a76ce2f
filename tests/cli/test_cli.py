"""The command line: corpus build/export/stats, index and search, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from interviewer.bank.stats import bank_stats
from interviewer.cli import main
from tests.conftest import BANK_PATH

BANK_FIELDS = {"id", "question", "topic", "difficulty", "references", "key_points", "sources"}
SMALL_DOCUMENT = """\
## Basics

**Question 1 [EASY]:** What is dropout?

**Answer:** Dropout zeroes random activations during training, so the network cannot rely on any single unit.

**Question 2 [MODERATE]:** How do you deploy a model to an edge device?

**Answer:** Quantize and prune the model, then export it to a mobile runtime such as TensorFlow Lite.

**Question 3 [DIFFICULT]:** What is the lottery ticket hypothesis?
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, prog_name="interviewer")


def help_text(*args: str) -> str:
    return " ".join(run(*args, "--help").output.split())


def run_process(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run the installed console script, as a user would."""
    script = Path(sys.executable).with_name("interviewer")
    return subprocess.run([str(script), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})


def test_stats_prints_counts_per_source_topic_and_difficulty(bank):
    result = run("corpus", "stats")
    assert result.exit_code == 0
    stats = bank_stats(bank.questions)
    assert f"Questions: {stats.questions} distinct, from {stats.source_items} question items" in result.output
    assert f"{stats.merged_away} items merged into {stats.merged_questions} questions" in result.output
    assert f"Without references: {stats.without_references} questions" in result.output
    for name, count in [*stats.per_source.items(), *stats.per_topic.items(), *stats.per_difficulty.items()]:
        assert any(name in line and line.rstrip().endswith(str(count)) for line in result.output.splitlines()), name


def test_export_prints_one_record_per_line_with_exactly_the_bank_fields(bank):
    result = run("corpus", "export", "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == len(bank)
    assert all(set(r) == BANK_FIELDS for r in records)
    assert [r["id"] for r in records] == [q.id for q in bank]


def test_build_writes_a_bank_from_a_sources_folder(tmp_path, embedder):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "mine.md").write_text(SMALL_DOCUMENT, encoding="utf-8")
    output = tmp_path / "bank.jsonl"
    result = run("corpus", "build", "--sources", str(sources), "--output", str(output))
    assert result.exit_code == 0, result.output
    assert "Wrote 3 questions" in result.output and "1 without a reference answer" in result.output
    exported = run("corpus", "export", "--bank", str(output))
    assert [json.loads(line)["question"] for line in exported.output.splitlines()] == [
        "What is dropout?", "How do you deploy a model to an edge device?", "What is the lottery ticket hypothesis?"]


def test_search_builds_a_missing_index_then_finds_the_answer(tmp_path, isolated_home, embedder):
    document = tmp_path / "mine.md"
    document.write_text(SMALL_DOCUMENT, encoding="utf-8")
    result = run("search", "how to run a network on a phone", "-k", "1", "--bank", str(document))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1. ["), result.output
    assert "updating it first" in result.stderr
    assert "How do you deploy a model to an edge device?" in result.output
    assert "Production & Systems" in result.output
    rebuilt = run("index", "--bank", str(document))
    assert "0 embedded, 0 removed" in rebuilt.output


def test_search_filters_by_topic(tmp_path, isolated_home, embedder):
    document = tmp_path / "mine.md"
    document.write_text(SMALL_DOCUMENT, encoding="utf-8")
    result = run("search", "how to run a network on a phone", "-k", "3", "--topic", "regul", "--bank", str(document))
    assert result.exit_code == 0, result.output
    assert "What is dropout?" in result.output
    assert "edge device" not in result.output


def test_help_explains_each_command():
    assert help_text("search").startswith("Usage: interviewer search [OPTIONS] QUERY")
    assert "Question bank: a JSONL file" in help_text("search")
    assert "only new chunks are embedded" in help_text("index")
    assert "merged duplicates" in help_text("corpus", "stats")
    assert "INTERVIEWER_CHROMA_URL" in help_text()


@pytest.mark.parametrize(("args", "message"), [
    (["corpus", "stats", "--bank", "{tmp}/missing.jsonl"], "{tmp}/missing.jsonl: file not found"),
    (["corpus", "export", "--bank", "{tmp}/broken.jsonl"], "{tmp}/broken.jsonl:2: malformed JSON"),
    (["search", "dropout", "--bank", "{tmp}/broken.jsonl"], "{tmp}/broken.jsonl:2: malformed JSON"),
    (["search", "  "], "the query is empty"),
    (["search", "dropout", "--topic", "astrology"], "no topic matches astrology"),
])
def test_bad_input_gets_one_line_and_a_non_zero_exit(tmp_path, args, message):
    first = json.dumps(json.loads(BANK_PATH.read_text(encoding="utf-8").splitlines()[0]))
    (tmp_path / "broken.jsonl").write_text(first + "\n{not json\n", encoding="utf-8")
    result = run_process(*[a.format(tmp=tmp_path) for a in args], INTERVIEWER_HOME=str(tmp_path / "home"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message.format(tmp=tmp_path) in lines[0]
