"""Build the question bank from source documents: parse, merge duplicates, derive key points, apply schemes."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Protocol

import numpy as np

from interviewer.bank.key_points import MAX_KEY_POINTS, key_point_candidates, normalize
from interviewer.bank.markdown import RawQuestion, parse_markdown_file
from interviewer.bank.merge import cluster_duplicates, drop_similar
from interviewer.bank.scheme import apply_schemes
from interviewer.bank.schema import KeyPoint, Question, Reference, Source
from interviewer.bank.taxonomy import DEFAULT_DIFFICULTY, difficulty_for, topic_for
from interviewer.errors import BankError

SOURCE_SUFFIXES = (".md", ".markdown", ".txt")
ID_STOPWORDS = frozenset(
    "a an and are can could describe discuss do does explain for how in is it its of on or role some "
    "the their they this to use used using what when where which why with would you your".split()
)


class TextEncoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


def question_id(text: str) -> str:
    """A stable, readable id: up to five content words and a short hash of the normalized text."""
    words = [w for w in normalize(text).split() if w not in ID_STOPWORDS][:5]
    digest = hashlib.sha1(normalize(text).encode()).hexdigest()[:6]
    return "-".join(words + [digest])


def source_documents(directory: Path) -> list[Path]:
    """The documents in a sources folder, sorted by name."""
    if not directory.is_dir():
        raise BankError(directory, "sources folder not found")
    documents = sorted(p for p in directory.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES and p.is_file())
    if not documents:
        raise BankError(directory, f"no source documents ({', '.join(SOURCE_SUFFIXES)}) in this folder")
    return documents


def parse_documents(paths: list[Path]) -> list[RawQuestion]:
    """Every question item of every document, labelled with the document's file name."""
    return [item for path in paths for item in parse_markdown_file(path, path.name)]


def _most_common(values: list[str]) -> str | None:
    """The most frequent value; ties go to the one seen first."""
    if not values:
        return None
    counts = Counter(values)
    return max(values, key=lambda v: (counts[v], -values.index(v)))


def _merge_cluster(members: list[RawQuestion], encoder: TextEncoder) -> Question:
    answered = [m for m in members if m.answers]
    canonical = (answered or members)[0]

    references: list[Reference] = []
    seen_texts: set[str] = set()
    for member in members:
        for answer in member.answers:
            key = normalize(answer.text)
            if key in seen_texts:
                continue  # the same answer copied into another document: one reference, both sources kept
            seen_texts.add(key)
            references.append(Reference(text=answer.text, style=answer.style,
                                        source=Source(file=member.file, line=answer.line)))

    candidates = key_point_candidates([(r.text, r.style) for r in references])
    if candidates:
        kept = drop_similar(encoder.encode(candidates))
        candidates = [candidates[i] for i in kept][:MAX_KEY_POINTS]

    categories = [m.category for m in members if m.category]
    difficulties = [d for m in members if (d := difficulty_for(m.level))]
    return Question(
        id=question_id(canonical.question),
        question=canonical.question,
        topic=topic_for(canonical.question, _most_common(categories)),
        difficulty=_most_common(difficulties) or DEFAULT_DIFFICULTY,
        references=references,
        key_points=[KeyPoint(text=text) for text in candidates],
        sources=sorted({Source(file=m.file, line=m.line) for m in members}, key=lambda s: (s.file, s.line)),
    )


def build_bank(items: list[RawQuestion], encoder: TextEncoder) -> list[Question]:
    """One :class:`Question` per distinct question in ``items``, in order of first appearance."""
    if not items:
        return []
    vectors = encoder.encode([item.question for item in items])
    clusters = cluster_duplicates([item.question for item in items], vectors)
    questions = [_merge_cluster([items[i] for i in cluster], encoder) for cluster in clusters]
    ids = Counter(q.id for q in questions)
    clashes = [qid for qid, n in ids.items() if n > 1]
    if clashes:
        raise BankError("<bank>", f"question ids clash: {', '.join(clashes)}")
    return questions


def seed_levels(items: list[RawQuestion]) -> dict[Source, str]:
    """The difficulty each question item's document gives it, where it gives one."""
    return {Source(file=item.file, line=item.line): level for item in items if (level := difficulty_for(item.level))}


def build_bank_from_sources(directory: Path, encoder: TextEncoder, schemes: Path | None = None) -> list[Question]:
    """Parse every document in ``directory``, build the bank, and apply the marking schemes in ``schemes``."""
    items = parse_documents(source_documents(directory))
    questions = build_bank(items, encoder)
    if schemes is not None and schemes.is_dir():
        questions = apply_schemes(questions, schemes, seed_levels(items))
    return questions


