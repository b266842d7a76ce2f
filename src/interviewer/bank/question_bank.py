"""Load and save question banks: JSONL in the bank schema, or Markdown documents in the supported layouts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from interviewer.bank.markdown import read_bank_text
from interviewer.bank.schema import Question
from interviewer.bank.taxonomy import topic_matches
from interviewer.errors import BankError

MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")


@dataclass
class QuestionBank:
    """The questions of a bank, by id, with the file they came from."""

    questions: list[Question]
    path: Path | None = None
    _by_id: dict[str, Question] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {q.id: q for q in self.questions}

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self):
        return iter(self.questions)

    def get(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    @property
    def topics(self) -> list[str]:
        return sorted({q.topic for q in self.questions})

    def with_topic(self, wanted: str) -> list[Question]:
        """Questions whose topic matches ``wanted`` (full name or slug prefix, any case)."""
        return [q for q in self.questions if topic_matches(q.topic, wanted)]


def _format_validation_error(error: ValidationError) -> str:
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or "record"
    return f"field '{location}': {first['msg']}"


def read_jsonl(path: Path) -> list[Question]:
    """Questions from a JSONL bank; any bad line raises :class:`BankError` naming the line."""
    lines = read_bank_text(path).splitlines()

    questions: list[Question] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise BankError(path, f"malformed JSON ({error.msg}, column {error.colno})", number) from None
        if not isinstance(record, dict):
            raise BankError(path, "each line must be a JSON object", number)
        try:
            question = Question.model_validate(record)
        except ValidationError as error:
            raise BankError(path, _format_validation_error(error), number) from None
        if question.id in seen:
            raise BankError(path, f"duplicate id '{question.id}' (first on line {seen[question.id]})", number)
        seen[question.id] = number
        questions.append(question)
    if not questions:
        raise BankError(path, "the bank has no questions")
    return questions


def write_jsonl(questions: list[Question], path: Path) -> None:
    """Write a bank as JSONL, atomically (a crash never leaves half a bank)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        for question in questions:
            handle.write(to_json_line(question) + "\n")
    temporary.replace(path)


def to_json_line(question: Question) -> str:
    return json.dumps(question.model_dump(mode="json"), ensure_ascii=False)


def load_bank(path: Path, encoder=None) -> QuestionBank:
    """Load a bank from JSONL, or build one from a Markdown document (needs ``encoder`` to merge duplicates)."""
    path = Path(path)
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        from interviewer.bank.build import build_bank
        from interviewer.bank.markdown import parse_markdown_file

        items = parse_markdown_file(path)
        if not items:
            raise BankError(path, "no questions found in any supported layout (see README, 'Question banks')")
        if encoder is None:
            from interviewer.embeddings import shared_embedder

            encoder = shared_embedder()
        return QuestionBank(build_bank(items, encoder), path)
    return QuestionBank(read_jsonl(path), path)
