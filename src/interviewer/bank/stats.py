"""Counts that describe a bank: per source document, topic and difficulty, merges, unanswered questions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from interviewer.bank.schema import Question


@dataclass(frozen=True)
class BankStats:
    questions: int
    per_source: dict[str, int]  # question items each document contributed
    per_topic: dict[str, int]
    per_difficulty: dict[str, int]
    source_items: int  # question items in all documents, before merging
    merged_questions: int  # questions that appear in more than one place
    merged_away: int  # items folded into another question (source_items - questions)
    without_references: int
    references: int
    key_points: int


def bank_stats(questions: list[Question]) -> BankStats:
    """Compute :class:`BankStats` for ``questions``."""
    per_source = Counter(source.file for q in questions for source in q.sources)
    source_items = sum(len(q.sources) for q in questions)
    return BankStats(
        questions=len(questions),
        per_source=dict(sorted(per_source.items())),
        per_topic=dict(Counter(q.topic for q in questions).most_common()),
        per_difficulty={level: n for level in ("easy", "medium", "hard")
                        if (n := sum(1 for q in questions if q.difficulty == level))},
        source_items=source_items,
        merged_questions=sum(1 for q in questions if len(q.sources) > 1),
        merged_away=source_items - len(questions),
        without_references=sum(1 for q in questions if not q.references),
        references=sum(len(q.references) for q in questions),
        key_points=sum(len(q.key_points) for q in questions),
    )
