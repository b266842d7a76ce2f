"""No question of any source document is lost: per-document counts, and every item in the bank."""

from __future__ import annotations

import re

import pytest

from interviewer.bank import build_bank, parse_documents, read_jsonl, source_documents
from tests.conftest import BANK_PATH, SOURCES_DIR

# Counted by hand in each document (and re-counted below by plain line patterns).
EXPECTED_ITEMS = {
    "000_38f6b36bc60b0d40.txt": 68,  # 29 numbered Q&As, 21 table rows, 3 YOLO Q&As, 15 listed YOLO questions
    "001_195ec8591fdcc679.txt": 63,  # 45 numbered Q&As (00, 0, 1-43), 3 YOLO Q&As, 15 listed YOLO questions
    "002_2e56dc8892ac22de.txt": 50,  # a table of 50 questions
    "003_92e907ef72349d7e.txt": 98,  # bullet questions under 20 numbered sections
    "004_56a5f0bab2ccdb4e.txt": 73,  # "Question N [LEVEL]" items
}

# One line pattern per layout: the line that starts a question. Independent of the parser.
QUESTION_LINE = re.compile(
    r"^\*\*\d+\)"                  # **12) Topic: ...
    r"|^\| *\d+ *\|"               # | 12 | Category | Difficulty | Question |
    r"|^\*\*Q\d+\.\*\*"            # **Q1.** question
    r"|^\d+\. [^*].*\?\s*$"        # 4. A listed question?
    r"|^\*\*Question \d+ \["       # **Question 7 [EASY]:** question
    r"|^\*   \*\*"                 # *   **A bullet question?**
)


@pytest.fixture(scope="module")
def items():
    return parse_documents(source_documents(SOURCES_DIR))


def test_every_document_is_parsed_with_its_expected_question_count(items):
    parsed = {}
    for item in items:
        parsed[item.file] = parsed.get(item.file, 0) + 1
    assert parsed == EXPECTED_ITEMS


@pytest.mark.parametrize("document", sorted(EXPECTED_ITEMS))
def test_parser_finds_every_question_line(items, document):
    text = (SOURCES_DIR / document).read_text(encoding="utf-8").splitlines()
    starts = [number for number, line in enumerate(text, start=1) if QUESTION_LINE.match(line)]
    parsed_lines = [item.line for item in items if item.file == document]
    assert parsed_lines == starts


def test_every_source_item_is_in_the_committed_bank(items):
    bank = read_jsonl(BANK_PATH)
    places = {(s.file, s.line) for q in bank for s in q.sources}
    missing = [(i.file, i.line, i.question[:60]) for i in items if (i.file, i.line) not in places]
    assert not missing
    assert sum(len(q.sources) for q in bank) == len(items)


def test_the_committed_bank_keeps_what_the_sources_say(items, embedder):
    """Before the schemes are applied, the build gives the committed bank's questions, sources and references.

    (``tests/bank/test_schemes.py`` checks that the whole build reproduces the committed file byte for byte.)
    """
    rebuilt = build_bank(items, embedder)
    committed = read_jsonl(BANK_PATH)
    fields = {"id", "question", "topic", "references", "sources"}
    assert [q.model_dump(include=fields) for q in rebuilt] == [q.model_dump(include=fields) for q in committed]


def test_merged_questions_keep_every_reference_and_source():
    bank = read_jsonl(BANK_PATH)
    overfitting = next(q for q in bank if q.question.startswith("How can you diagnose overfitting"))
    # The same question is asked twice in each of 000, 001 and 002 (items 1 and 8).
    assert {s.file for s in overfitting.sources} == {
        "000_38f6b36bc60b0d40.txt", "001_195ec8591fdcc679.txt", "002_2e56dc8892ac22de.txt"}
    assert len(overfitting.sources) == 6
    assert {r.style for r in overfitting.references} == {"simple", "detailed"}
    # Items 1 and 8 carry different answers: both survive the merge.
    assert len(overfitting.references) >= 4


def test_question_only_items_are_linked_to_their_answered_twin():
    """A table row without an answer merges with the same question answered elsewhere."""
    bank = read_jsonl(BANK_PATH)
    by_place = {(s.file, s.line): q for q in bank for s in q.sources}
    table_row = by_place[("002_2e56dc8892ac22de.txt", 8)]  # "| 2 | ... vanishing and exploding gradient ..."
    assert "vanishing and exploding gradient" in table_row.question
    assert table_row.references, "the table row's twin in 000/001 carries the answers"


def test_questions_the_sources_never_answer_stay_in_the_bank_with_a_scheme():
    bank = read_jsonl(BANK_PATH)
    unanswered = [q for q in bank if not q.references]
    assert len(unanswered) == 22, "the listed YOLO questions are never answered in the sources"
    assert any("non-maximum suppression" in q.question for q in unanswered)
    # Their marking schemes are authored: a model answer, and key points no source line states.
    assert all(q.model_answer and q.key_points and not q.derived_from for q in unanswered)
    assert all(not p.seed for q in unanswered for p in q.key_points)
