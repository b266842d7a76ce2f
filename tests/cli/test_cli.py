"""The command line: corpus build/export/stats, index and search, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from interviewer.cli import main
from tests.conftest import BANK_PATH, REPOSITORY

BANK_FIELDS = {"id", "question", "topic", "difficulty", "difficulty_reason", "model_answer", "references",
               "key_points", "misconceptions", "vocabulary", "variant_group", "derived_from", "sources"}
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


def committed_records() -> list[dict]:
    return [json.loads(line) for line in BANK_PATH.read_text(encoding="utf-8").splitlines()]


def test_stats_prints_scheme_coverage_and_counts_per_source_topic_and_difficulty():
    records = committed_records()
    result = run("corpus", "stats")
    assert result.exit_code == 0
    output = result.output
    items = sum(len(r["sources"]) for r in records)
    assert f"Questions: {len(records)} distinct, from {items} question items" in output
    assert f"Marking schemes: {sum(bool(r['model_answer']) for r in records)} of {len(records)} questions" in output
    points = sorted(len(r["key_points"]) for r in records)
    assert f"key points per question (min / median / max): {points[0]} / " in output and f" / {points[-1]};" in output
    misconceptions = sorted(len(r["misconceptions"]) for r in records)
    assert (f"misconceptions per question (min / median / max): {misconceptions[0]} / " in output
            and f" / {misconceptions[-1]}" in output)
    groups = {r["variant_group"] for r in records}
    assert f"variant groups: {len(groups)} (" in output
    seeded = sum(bool(p["seed"]) for r in records for p in r["key_points"])
    authored = sum(not p["seed"] for r in records for p in r["key_points"])
    assert f"key points {seeded} stated in the sources, {authored} authored" in output
    per_difficulty = {level: sum(r["difficulty"] == level for r in records) for level in ("easy", "medium", "hard")}
    per_topic: dict[str, int] = {}
    for r in records:
        per_topic[r["topic"]] = per_topic.get(r["topic"], 0) + 1
    for name, count in [*per_difficulty.items(), *per_topic.items()]:
        assert any(name in line and line.rstrip().endswith(str(count)) for line in output.splitlines()), name


def test_show_prints_one_questions_scheme_for_review():
    record = next(r for r in committed_records() if r["id"] == "dropout-prevent-overfitting-neural-networks-ed8abf")
    result = run("corpus", "show", "dropout-prevent-overfitting")  # a unique start of the id is enough
    assert result.exit_code == 0, result.output
    assert record["model_answer"] in result.output
    for point in record["key_points"]:
        assert point["text"] in result.output and point["probe"] in result.output
    for misconception in record["misconceptions"]:
        assert misconception["text"] in result.output and misconception["correction"] in result.output
    missing = run_process("corpus", "show", "no-such-question")
    assert missing.returncode == 1 and "no question with id 'no-such-question'" in missing.stderr


def test_a_malformed_scheme_stops_the_build_in_one_line_and_writes_nothing(tmp_path):
    schemes = tmp_path / "schemes"
    schemes.mkdir()
    source = (REPOSITORY / "corpus" / "schemes" / "generative-models.yaml").read_text(encoding="utf-8")
    (schemes / "generative-models.yaml").write_text(source.replace("importance: essential", "importance: vital", 1),
                                                    encoding="utf-8")
    output = tmp_path / "bank.jsonl"
    result = run_process("corpus", "build", "--sources", str(REPOSITORY / "corpus" / "sources"), "--schemes",
                         str(schemes), "-o", str(output))
    assert result.returncode == 1 and not output.exists()
    [line] = result.stderr.strip().splitlines()
    assert str(schemes / "generative-models.yaml") in line and "field 'key_points.1.importance'" in line
    assert "autoencoders-distinguishes-them-from-other-203ba6" in line


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
    assert "Wrote 3 questions" in result.output and "0 with a marking scheme" in result.output
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
    assert "marking-scheme coverage" in help_text("corpus", "stats")
    assert "naming the file, the question and the field" in help_text("corpus", "build")
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
