"""Marking schemes: what an interviewer listens for in an answer to one bank question.

Schemes are reviewed content, kept as YAML in ``corpus/schemes/`` (one file per topic) and merged
into the bank by ``interviewer corpus build``. Each scheme holds a model answer, the 3-6 atomic key
points a good answer makes (with how candidates phrase them, a probe and a hint), the
misconceptions confused candidates voice, the vocabulary that speech recognition is primed with,
and the variant group of questions that ask the same thing. See ``shared/MARKING_SCHEME.md``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from interviewer.bank.schema import Difficulty, KeyPoint, Misconception, Question, Source
from interviewer.errors import BankError

Importance = Literal["essential", "supporting"]
MODEL_ANSWER_WORDS = (80, 200)
KEY_POINTS_PER_QUESTION = (3, 6)
MISCONCEPTIONS_PER_QUESTION = (2, 5)
PHRASINGS_PER_POINT = (2, 4)
SEED_LINE = re.compile(r"^[\w.-]+:\d+$")
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# A point that ends on one of these words was cut mid-sentence ("... to have zero mean and").
DANGLING_WORDS = frozenset("a an and as at but by for from in into of on or the than that to with".split())


def _one_line(text: str) -> str:
    return " ".join(text.split())


class SchemePoint(BaseModel):
    """One atomic, checkable claim a good answer makes, as written in a scheme file."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=10, description="A self-contained statement that can be right or wrong.")
    importance: Importance
    phrasings: list[str] = Field(min_length=PHRASINGS_PER_POINT[0], max_length=PHRASINGS_PER_POINT[1])
    probe: str = Field(min_length=10, description="A follow-up question for when the point is missing.")
    hint: str = Field(min_length=10)
    seed: list[str] = Field(default_factory=list, description="Seed lines (file:line) that state this point.")

    @field_validator("text", "probe", "hint")
    @classmethod
    def _single_line(cls, value: str) -> str:
        return _one_line(value)

    @field_validator("phrasings")
    @classmethod
    def _phrasings_not_blank(cls, value: list[str]) -> list[str]:
        cleaned = [_one_line(p) for p in value]
        if any(not p for p in cleaned):
            raise ValueError("a phrasing is empty")
        return cleaned

    @field_validator("text")
    @classmethod
    def _a_whole_sentence(cls, value: str) -> str:
        if not value.endswith((".", ")")):
            raise ValueError("a key point is one whole sentence ending with a full stop")
        last = value.rstrip(".)").split()[-1].lower()
        if last in DANGLING_WORDS:
            raise ValueError(f"a key point must not end mid-sentence (it ends on '{last}')")
        return value

    @field_validator("probe")
    @classmethod
    def _a_question(cls, value: str) -> str:
        if not value.endswith("?"):
            raise ValueError("a probe is a question ending with '?'")
        return value

    @field_validator("seed")
    @classmethod
    def _seed_lines(cls, value: list[str]) -> list[str]:
        for line in value:
            if not SEED_LINE.match(line):
                raise ValueError(f"seed line {line!r} is not 'file:line'")
        return value


class SchemeMisconception(Misconception):
    """A wrong belief a confused candidate voices, its correction, and the key point (1-based) it contradicts."""

    text: str = Field(min_length=10)
    correction: str = Field(min_length=10)
    phrasings: list[str] = Field(default_factory=list, max_length=PHRASINGS_PER_POINT[1])

    @field_validator("text", "correction")
    @classmethod
    def _single_line(cls, value: str) -> str:
        return _one_line(value)

    @field_validator("phrasings")
    @classmethod
    def _phrasings_not_blank(cls, value: list[str]) -> list[str]:
        return SchemePoint._phrasings_not_blank(value)


class MarkingScheme(BaseModel):
    """The marking scheme of one bank question, as written in ``corpus/schemes/*.yaml``."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    question: str = Field(min_length=1, description="The bank's question text, for the reader; checked on build.")
    variant_group: str = Field(pattern=SLUG)
    difficulty: Difficulty
    difficulty_reason: str | None = None
    derived_from: list[str] = Field(default_factory=list, description="Seed lines (file:line) the scheme draws on.")
    model_answer: str
    key_points: list[SchemePoint] = Field(min_length=KEY_POINTS_PER_QUESTION[0], max_length=KEY_POINTS_PER_QUESTION[1])
    misconceptions: list[SchemeMisconception] = Field(min_length=MISCONCEPTIONS_PER_QUESTION[0],
                                                max_length=MISCONCEPTIONS_PER_QUESTION[1])
    vocabulary: list[str] = Field(min_length=3)

    @field_validator("model_answer")
    @classmethod
    def _model_answer_length(cls, value: str) -> str:
        value = _one_line(value)
        count = len(value.split())
        low, high = MODEL_ANSWER_WORDS
        if not low <= count <= high:
            raise ValueError(f"the model answer has {count} words; write {low}-{high}")
        return value

    @field_validator("derived_from")
    @classmethod
    def _seed_lines(cls, value: list[str]) -> list[str]:
        return SchemePoint._seed_lines(value)

    @model_validator(mode="after")
    def _consistent(self) -> "MarkingScheme":
        if self.key_points[0].importance != "essential":
            raise ValueError("key_points: the first point (the most important) must be essential")
        for number, misconception in enumerate(self.misconceptions, start=1):
            if misconception.key_point > len(self.key_points):
                raise ValueError(f"misconceptions.{number}.key_point: {misconception.key_point} names no key point "
                                 f"(there are {len(self.key_points)})")
        texts = [p.text.lower() for p in self.key_points]
        if len(set(texts)) != len(texts):
            raise ValueError("key_points: two points have the same text")
        return self

    @property
    def seed_lines(self) -> list[str]:
        """Every seed line the scheme cites, in order of first mention."""
        return list(dict.fromkeys([*self.derived_from, *(s for p in self.key_points for s in p.seed)]))


class SchemeFile(BaseModel):
    """One file of ``corpus/schemes``: the schemes of one topic, with who wrote and who reviewed them."""

    model_config = ConfigDict(extra="forbid")

    topic: str
    written_by: str = Field(min_length=1)
    reviewed_by: str | None = None
    schemes: list[MarkingScheme] = Field(min_length=1)

    @model_validator(mode="after")
    def _reviewed_by_someone_else(self) -> "SchemeFile":
        if self.reviewed_by is not None and self.reviewed_by.strip() == self.written_by.strip():
            raise ValueError("reviewed_by: a topic is reviewed by someone other than its writer")
        return self


def _location(error: ValidationError, document: dict) -> tuple[str, str]:
    """The failing question's id (when the error is inside one) and the field path, from pydantic's error."""
    first = error.errors()[0]
    parts = list(first["loc"])
    question = "-"
    if len(parts) >= 2 and parts[0] == "schemes" and isinstance(parts[1], int):
        schemes = document.get("schemes") or []
        entry = schemes[parts[1]] if parts[1] < len(schemes) else None
        question = str(entry.get("id", f"schemes[{parts[1]}]")) if isinstance(entry, dict) else f"schemes[{parts[1]}]"
        parts = parts[2:]
    field = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in parts)
    message = first["msg"]
    named = re.match(r"Value error, ([\w.]+): (.*)$", message)  # a check across fields names its field
    if not field and named:
        field, message = named.groups()
    return question, f"field '{field or 'scheme'}': {message}"


def read_scheme_file(path: Path) -> SchemeFile:
    """Parse and validate one scheme file; any problem raises :class:`BankError` naming the file, question and field."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BankError(path, f"cannot read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise BankError(path, "not UTF-8 text") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise BankError(path, f"malformed YAML ({getattr(error, 'problem', None) or error})",
                        mark.line + 1 if mark else None) from None
    if not isinstance(document, dict):
        raise BankError(path, "a scheme file is a mapping with 'topic', 'written_by' and 'schemes'")
    try:
        return SchemeFile.model_validate(document)
    except ValidationError as error:
        question, problem = _location(error, document)
        raise BankError(path, f"question {question}: {problem}") from None


def read_schemes(directory: Path) -> dict[str, tuple[MarkingScheme, Path]]:
    """Every scheme in ``directory``'s YAML files, by question id, with the file it came from."""
    schemes: dict[str, tuple[MarkingScheme, Path]] = {}
    for path in sorted(directory.glob("*.yaml")):
        for scheme in read_scheme_file(path).schemes:
            if scheme.id in schemes:
                raise BankError(path, f"question {scheme.id}: a second scheme (the first is in "
                                      f"{schemes[scheme.id][1].name})")
            schemes[scheme.id] = (scheme, path)
    return schemes


def _source(line: str) -> Source:
    file, _, number = line.rpartition(":")
    return Source(file=file, line=int(number))


def apply_scheme(question: Question, scheme: MarkingScheme, path: Path, seed_levels: dict[Source, str]) -> Question:
    """``question`` with ``scheme``'s model answer, key points, misconceptions, vocabulary, group and difficulty.

    Raises :class:`BankError` naming the file, the question and the field when the scheme does not fit
    the question: another question text, a seed line that is none of the question's own, or a changed
    (or never labelled) difficulty without a reason.
    """
    def problem(field: str, message: str) -> BankError:
        return BankError(path, f"question {scheme.id}: field '{field}': {message}")

    if scheme.question != question.question:
        raise problem("question", "differs from the bank's question text")
    own = {str(r.source) for r in question.references} | {str(s) for s in question.sources}
    for line in scheme.seed_lines:
        if line not in own:
            raise problem("seed", f"{line} is not one of this question's reference or source lines")
    labels = [seed_levels[s] for s in question.sources if s in seed_levels]
    if not scheme.difficulty_reason and (not labels or scheme.difficulty != question.difficulty):
        raise problem("difficulty_reason", "required when the sources gave no level or the scheme changes it")
    return question.model_copy(update={
        "difficulty": scheme.difficulty,
        "difficulty_reason": scheme.difficulty_reason,
        "model_answer": scheme.model_answer,
        "key_points": [KeyPoint(text=p.text, importance=p.importance, phrasings=p.phrasings, probe=p.probe,
                                hint=p.hint, seed=[_source(s) for s in p.seed]) for p in scheme.key_points],
        "misconceptions": [Misconception(**m.model_dump()) for m in scheme.misconceptions],
        "vocabulary": scheme.vocabulary,
        "variant_group": scheme.variant_group,
        "derived_from": [_source(s) for s in scheme.seed_lines],
    })


def apply_schemes(questions: list[Question], directory: Path, seed_levels: dict[Source, str]) -> list[Question]:
    """The bank with every scheme in ``directory`` applied; a scheme for no bank question is an error."""
    schemes = read_schemes(directory)
    by_id = {q.id: q for q in questions}
    for question_id, (_, path) in schemes.items():
        if question_id not in by_id:
            raise BankError(path, f"question {question_id}: field 'id': no bank question has this id")
    return [apply_scheme(q, *schemes[q.id], seed_levels) if q.id in schemes else q for q in questions]
