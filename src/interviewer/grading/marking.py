"""Reading an answer against a marking scheme: which key points it makes, which misconceptions it voices.

An answer is read in pieces (:func:`answer_spans`): its sentences, their clauses and list items (so
one sentence naming six remedies can make six points), and overlapping word windows of long
unpunctuated sentences (spoken transcripts). Each piece's vector is pooled from the answer's own
contextual token vectors, so "which prevents co-adaptation" still knows it is about dropout.

A key point is made by the piece closest to it or to one of its phrasings (the ways candidates say
it). A misconception is voiced by a piece that is close to it and clearly closer to it than to the
point it contradicts; the point is then contradicted, and the feedback quotes that piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from interviewer.embeddings import TokenEncoding
from interviewer.grading.context import Scheme
from interviewer.grading.text import sentences

# Clause boundaries inside a sentence: punctuation that separates items, and conjunctions that start
# a new claim. Pieces shorter than MIN_PIECE_WORDS are joined to the next one ("and dropout" stays).
CLAUSE_BOUNDARY = re.compile(r"[,;:()]|\s[-\u2013\u2014]\s|\b(?:and|but|because|so|whereas|while|which|or)\b",
                             re.IGNORECASE)
MIN_PIECE_WORDS = 2
WORD = re.compile(r"\S+")
# Sentences longer than this many words (transcripts have no full stops) are also read in windows.
WINDOW_WORDS = 12
WINDOW_STRIDE = 6


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, begin = [], start
    for match in CLAUSE_BOUNDARY.finditer(text, start, end):
        if len(WORD.findall(text[begin:match.start()])) >= MIN_PIECE_WORDS:
            pieces.append((begin, match.start()))
            begin = match.start()
    if begin < end and text[begin:end].strip():
        if pieces and len(WORD.findall(text[begin:end])) < MIN_PIECE_WORDS:
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((begin, end))
    return pieces


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = [(start + m.start(), start + m.end()) for m in WORD.finditer(text[start:end])]
    if len(spans) <= WINDOW_WORDS:
        return []
    return [(spans[i][0], spans[min(i + WINDOW_WORDS, len(spans)) - 1][1])
            for i in range(0, len(spans) - WINDOW_STRIDE, WINDOW_STRIDE)]


def answer_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the pieces an answer is read in: sentences, clauses, and windows of long sentences."""
    spans: list[tuple[int, int]] = []
    for start, end in sentences(text) or [(0, len(text))]:
        spans.append((start, end))
        clauses = _clauses(text, start, end)
        if len(clauses) > 1:
            spans.extend(clauses)
        spans.extend(_windows(text, start, end))
    return list(dict.fromkeys(spans))


@dataclass
class PreparedScheme:
    """A scheme's vectors, computed once per question: each point with its phrasings, each misconception."""

    point_targets: list[np.ndarray]  # per point: its text's vector, then its phrasings'
    misconception_targets: list[np.ndarray]  # per misconception: its text's vector, then its phrasings'
    misconception_points: list[int]  # the 0-based point each misconception contradicts

    @classmethod
    def build(cls, scheme: Scheme, vectors: dict[str, np.ndarray]) -> "PreparedScheme":
        """``vectors`` maps every text of the scheme to its sentence vector."""
        points = [np.stack([vectors[t] for t in (p.text, *p.phrasings)]) for p in scheme.points]
        misconceptions = [np.stack([vectors[t] for t in (m.text, *m.phrasings)]) for m in scheme.misconceptions]
        return cls(points, misconceptions, [m.key_point - 1 for m in scheme.misconceptions])


def scheme_texts(scheme: Scheme) -> list[str]:
    """Every text of a scheme whose vector grading needs."""
    return [t for item in (*scheme.points, *scheme.misconceptions) for t in (item.text, *item.phrasings)]


@dataclass
class SchemeReading:
    """How close an answer comes to each point and misconception of a scheme, and where."""

    spans: list[tuple[int, int]]
    point_similarity: np.ndarray  # per point: the best cosine of a piece with the point or a phrasing
    point_span: list[int]  # per point: the index in ``spans`` of that piece
    misconception_similarity: np.ndarray  # per misconception: the best cosine of a piece with it
    misconception_margin: np.ndarray  # ... minus that piece's best cosine with the point it contradicts
    misconception_span: list[int]
    span_best: np.ndarray  # per piece: its best cosine with any point (or phrasing)
    vectors: np.ndarray  # per piece: its vector

    def quote(self, text: str, span: int) -> str:
        start, end = self.spans[span]
        return text[start:end].strip(" ,;:-")


def _closest_wording(pieces: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """Pieces x groups: each piece's cosine with the closest wording (text or phrasing) of each group."""
    return np.stack([(pieces @ wordings.T).max(axis=1) for wordings in groups], axis=1)


def read_answer(prepared: PreparedScheme, answer: TokenEncoding) -> SchemeReading:
    """Compare every piece of ``answer`` with every point (and its phrasings) and every misconception."""
    spans, vectors = [], []
    for start, end in answer_spans(answer.text):
        vector = answer.span_vector(start, end)
        if vector is not None:
            spans.append((start, end))
            vectors.append(vector)
    if not vectors:
        spans, vectors = [(0, len(answer.text))], [answer.vector]
    pieces = np.stack(vectors)
    by_point = _closest_wording(pieces, prepared.point_targets)  # pieces x points
    best_piece = by_point.argmax(axis=0)
    mis_similarity = np.zeros(len(prepared.misconception_points))
    mis_margin = np.zeros(len(prepared.misconception_points))
    mis_span: list[int] = []
    if prepared.misconception_targets:
        to_misconception = _closest_wording(pieces, prepared.misconception_targets)  # pieces x misconceptions
        margins = to_misconception - by_point[:, prepared.misconception_points]
        for j in range(to_misconception.shape[1]):
            piece = int(to_misconception[:, j].argmax())
            mis_similarity[j] = to_misconception[piece, j]
            mis_margin[j] = margins[piece, j]
            mis_span.append(piece)
    return SchemeReading(spans, by_point.max(axis=0), [int(i) for i in best_piece], mis_similarity, mis_margin,
                         mis_span, by_point.max(axis=1), pieces)
