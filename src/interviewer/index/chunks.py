"""Split a question bank into reference chunks: each key point and each reference paragraph.

A chunk's id is a hash of its content and metadata, so an unchanged chunk keeps its id across
rebuilds and is not embedded again.

Chunks are embedded together with their question (:attr:`Chunk.embedding_text`): a key point such
as "It normalizes activations over the mini-batch" is only findable for the right question when the
vector knows which question it answers. Without that context, querying the bank with a question
text finds one of its own chunks in the top 3 for 67% of questions; with it, for all of them
(``benchmarks/index_build.py``).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from interviewer.bank.schema import Question

# Paragraphs shorter than this are merged into the next one (a lone "**Mitigation Strategies:**"
# line says nothing on its own).
MIN_PARAGRAPH_WORDS = 12


@dataclass(frozen=True)
class Chunk:
    """A piece of reference text with what it belongs to."""

    id: str
    text: str
    question: str
    question_id: str
    topic: str
    difficulty: str
    source: str
    kind: str  # "key_point" or "reference"
    style: str  # reference style, or "key_point"

    @property
    def embedding_text(self) -> str:
        return f"{self.question}\n{self.text}"

    @property
    def metadata(self) -> dict[str, str]:
        return {"question_id": self.question_id, "topic": self.topic, "difficulty": self.difficulty,
                "source": self.source, "kind": self.kind, "style": self.style}


def _chunk(question: Question, text: str, source: str, kind: str, style: str) -> Chunk:
    payload = json.dumps([question.id, question.question, question.topic, question.difficulty,
                          source, kind, style, text])
    chunk_id = hashlib.sha256(payload.encode()).hexdigest()[:32]
    return Chunk(chunk_id, text, question.question, question.id, question.topic, question.difficulty, source, kind, style)


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, short ones joined to the paragraph that follows."""
    pieces: list[str] = []
    pending = ""
    for block in re.split(r"\n[ \t]*\r?\n", text.replace("\r\n", "\n")):
        block = block.strip()
        if not block:
            continue
        pending = f"{pending}\n{block}" if pending else block
        if len(pending.split()) >= MIN_PARAGRAPH_WORDS:
            pieces.append(pending)
            pending = ""
    if pending:
        if pieces:
            pieces[-1] = f"{pieces[-1]}\n{pending}"
        else:
            pieces.append(pending)
    return pieces


def question_chunks(question: Question) -> list[Chunk]:
    """The chunks of one question: its key points, its model answer, then every paragraph of every reference."""
    first_source = str(question.sources[0])
    chunks = [_chunk(question, point, first_source, "key_point", "key_point") for point in question.point_texts]
    if question.model_answer:
        chunks.append(_chunk(question, question.model_answer, "authored", "reference", "model"))
    for reference in question.references:
        for paragraph in paragraphs(reference.text):
            chunks.append(_chunk(question, paragraph, str(reference.source), "reference", reference.style))
    # The same text twice under one question (a paragraph copied into two references) is one chunk,
    # the first place it appears.
    unique: dict[str, Chunk] = {}
    for chunk in chunks:
        unique.setdefault(chunk.text, chunk)
    return list(unique.values())


def bank_chunks(questions) -> list[Chunk]:
    """All chunks of a bank, in bank order."""
    return [chunk for question in questions for chunk in question_chunks(question)]
