"""Counts that describe a bank: sources, topics, difficulty, merges, and marking-scheme coverage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median

from interviewer.bank.schema import DIFFICULTIES, Question


@dataclass(frozen=True)
class Spread:
    """Minimum, median and maximum of a count per question."""

    low: int
    middle: float
    high: int

    @classmethod
    def of(cls, counts: list[int]) -> "Spread":
        return cls(min(counts), median(counts), max(counts)) if counts else cls(0, 0, 0)

    def __str__(self) -> str:
        return f"{self.low} / {self.middle:g} / {self.high}"


@dataclass(frozen=True)
class SchemeStats:
    """What the marking schemes cover, and where their content came from."""

    with_scheme: int
    points: Spread  # key points per question with a scheme
    misconceptions: Spread
    variant_groups: int  # groups among the questions with a scheme
    shared_groups: int  # groups of two or more questions
    grouped_questions: int  # questions in a shared group
    essential_points: int
    supporting_points: int
    seed_points: int  # key points a source document states (with the lines)
    authored_points: int  # key points written by the team
    difficulty_reviewed: int  # questions whose difficulty a reviewer set or changed, with a reason


@dataclass(frozen=True)
class BankStats:
    questions: int
    per_source: dict[str, int]  # question items each document contributed
    per_topic: dict[str, int]
    per_difficulty: dict[str, int]
    source_items: int  # question items in all documents, before merging
    merged_questions: int  # questions that appear in more than one place
    merged_away: int  # items folded into another question (source_items - questions)
    without_references: int  # no model answer and no source answer
    without_source_answer: int  # asked in the sources without an answer
    references: int
    key_points: int
    schemes: SchemeStats


def scheme_stats(questions: list[Question]) -> SchemeStats:
    """Compute :class:`SchemeStats` over the questions that have a marking scheme."""
    curated = [q for q in questions if q.has_scheme]
    points = [p for q in curated for p in q.key_points]
    groups = Counter(q.group for q in curated)
    return SchemeStats(
        with_scheme=len(curated),
        points=Spread.of([len(q.key_points) for q in curated]),
        misconceptions=Spread.of([len(q.misconceptions) for q in curated]),
        variant_groups=len(groups),
        shared_groups=sum(1 for n in groups.values() if n > 1),
        grouped_questions=sum(n for n in groups.values() if n > 1),
        essential_points=sum(p.importance == "essential" for p in points),
        supporting_points=sum(p.importance == "supporting" for p in points),
        seed_points=sum(bool(p.seed) for p in points),
        authored_points=sum(not p.seed for p in points),
        difficulty_reviewed=sum(bool(q.difficulty_reason) for q in curated),
    )


def bank_stats(questions: list[Question]) -> BankStats:
    """Compute :class:`BankStats` for ``questions``."""
    per_source = Counter(source.file for q in questions for source in q.sources)
    source_items = sum(len(q.sources) for q in questions)
    return BankStats(
        questions=len(questions),
        per_source=dict(sorted(per_source.items())),
        per_topic=dict(Counter(q.topic for q in questions).most_common()),
        per_difficulty={level: n for level in DIFFICULTIES
                        if (n := sum(1 for q in questions if q.difficulty == level))},
        source_items=source_items,
        merged_questions=sum(1 for q in questions if len(q.sources) > 1),
        merged_away=source_items - len(questions),
        without_references=sum(1 for q in questions if not q.has_references),
        without_source_answer=sum(1 for q in questions if not q.references),
        references=sum(len(q.references) for q in questions),
        key_points=sum(len(q.key_points) for q in questions),
        schemes=scheme_stats(questions),
    )
