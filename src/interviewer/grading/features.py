"""Features of an answer against short reference statements, for the calibrated offline grader.

Every feature compares the candidate's answer with reference statements (the reference answers of
a short-answer item, or the key points of a bank question) and discounts what the answer merely
repeats from the question: question tokens are left out of the token alignment, question words
out of the word overlap, and the question's direction is projected out of the embeddings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from interviewer.embeddings import TokenEncoding
from interviewer.grading.text import STOPWORDS, content_words, has_negation, words

FEATURE_NAMES = (
    "reference_cosine",        # cosine of answer and the closest reference
    "demoted_cosine",          # the same after projecting out the question's direction
    "token_precision",         # token alignment (BERTScore-like, last layer), answer side
    "token_recall",            # ... reference side
    "token_f1",
    "word_recall",             # reference content words (not in the question) found in the answer
    "word_precision",          # answer content words (not in the question) found in a reference
    "question_cosine",         # how close the answer is to the question itself
    "log_length",
    "negation_mismatch",       # one side negates, the other does not
    "novelty",                 # share of the answer's words that are not from the question
    "content_recall_l4",       # token alignment on content tokens, hidden layer 4
    "content_precision_l4",
    "content_recall_l6",       # ... and the last layer
    "content_precision_l6",
)
SPECIAL_TOKENS = frozenset({"[CLS]", "[SEP]", "[PAD]"})
PUNCTUATION_TOKENS = frozenset(",.?!'\"():;-")


def _demote(vector: np.ndarray, question: np.ndarray) -> np.ndarray:
    rest = vector - float(vector @ question) * question
    return rest / (np.linalg.norm(rest) + 1e-9)


def _word_start_rows(encoding: TokenEncoding, question_pieces: set[str]) -> list[int]:
    return [i for i, t in enumerate(encoding.tokens)
            if t not in SPECIAL_TOKENS and t.strip("#") not in question_pieces and t.isalnum()]


def _content_rows(encoding: TokenEncoding, question_tokens: set[str]) -> list[int]:
    return [i for i, t in enumerate(encoding.tokens)
            if t not in SPECIAL_TOKENS and t not in question_tokens and t not in STOPWORDS
            and t not in PUNCTUATION_TOKENS]


@dataclass
class _Tokens:
    """Selected token vectors of all references, stacked, with where each reference starts."""

    vectors: np.ndarray
    starts: np.ndarray   # row where each reference begins (references with no rows are left out)

    @classmethod
    def stack(cls, blocks: list[np.ndarray]) -> "_Tokens | None":
        kept = [b for b in blocks if len(b)]
        if not kept:
            return None
        return cls(np.concatenate(kept), np.cumsum([0, *[len(b) for b in kept[:-1]]]))

    def alignment(self, answer: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per reference: mean best-match similarity of answer tokens (precision) and of its tokens (recall)."""
        similarity = answer @ self.vectors.T                                # answer tokens x all reference tokens
        precision = np.maximum.reduceat(similarity, self.starts, axis=1).mean(axis=0)
        recall = np.add.reduceat(similarity.max(axis=0), self.starts) / np.diff([*self.starts, len(self.vectors)])
        return precision, recall


@dataclass
class References:
    """What the features need of the question and its reference statements, computed once per question."""

    question: TokenEncoding
    vectors: np.ndarray
    demoted: np.ndarray
    question_pieces: set[str]
    question_tokens: set[str]
    words: _Tokens | None
    content: dict[int, _Tokens | None]
    question_words: set[str]
    reference_words: list[set[str]]
    all_negate: bool


def prepare_references(question: TokenEncoding, references: list[TokenEncoding]) -> References:
    """Precompute the reference side of :func:`answer_features` (at least one reference)."""
    if not references:
        raise ValueError("answer_features needs at least one reference")
    pieces = {t.strip("#") for t in question.tokens}
    tokens = set(question.tokens) - SPECIAL_TOKENS
    question_words = set(content_words(question.text))
    return References(
        question=question,
        vectors=np.stack([r.vector for r in references]),
        demoted=np.stack([_demote(r.vector, question.vector) for r in references]),
        question_pieces=pieces, question_tokens=tokens,
        words=_Tokens.stack([r.layers[6][_word_start_rows(r, pieces)] for r in references]),
        content={layer: _Tokens.stack([r.layers[layer][_content_rows(r, tokens)] for r in references])
                 for layer in (4, 6)},
        question_words=question_words,
        reference_words=[set(content_words(r.text)) - question_words for r in references],
        all_negate=all(has_negation(r.text) for r in references),
    )


def answer_features(answer: TokenEncoding, refs: References) -> np.ndarray:
    """The :data:`FEATURE_NAMES` vector of ``answer`` against its question's prepared references."""
    question = refs.question
    cosines = refs.vectors @ answer.vector
    demoted = float((refs.demoted @ _demote(answer.vector, question.vector)).max())

    best = (0.0, 0.0, 0.0)
    answer_rows = _word_start_rows(answer, refs.question_pieces)
    if answer_rows and refs.words is not None:
        precision, recall = refs.words.alignment(answer.layers[6][answer_rows])
        f1 = 2 * precision * recall / (precision + recall + 1e-9)
        top = int(f1.argmax())
        if f1[top] > 0:
            best = (float(precision[top]), float(recall[top]), float(f1[top]))

    content = {4: [0.0, 0.0], 6: [0.0, 0.0]}
    answer_content = _content_rows(answer, refs.question_tokens)
    for layer in (4, 6):
        stacked = refs.content[layer]
        if answer_content and stacked is not None:
            precision, recall = stacked.alignment(answer.layers[layer][answer_content])
            content[layer] = [max(0.0, float(recall.max())), max(0.0, float(precision.max()))]

    answer_words = content_words(answer.text)
    new_words = set(answer_words) - refs.question_words
    word_recall = max((len(new_words & rw) / len(rw) if rw else 0.0) for rw in refs.reference_words)
    word_precision = len(new_words & set().union(*refs.reference_words)) / len(new_words) if new_words else 0.0

    return np.array([
        float(cosines.max()), demoted, best[0], best[1], best[2], word_recall, word_precision,
        float(answer.vector @ question.vector), math.log1p(len(words(answer.text))),
        float(has_negation(answer.text) != refs.all_negate), len(new_words) / (len(set(answer_words)) + 1),
        content[4][0], content[4][1], content[6][0], content[6][1],
    ], dtype=np.float64)


def batch_features(embedder, items: list[tuple[str, str, list[str]]]) -> np.ndarray:
    """Feature rows for many ``(question, answer, references)`` items, encoding each distinct text once."""
    from interviewer.embeddings import encode_tokens

    texts = list(dict.fromkeys(t for q, a, refs in items for t in (q, a or ".", *refs)))
    encoded = dict(zip(texts, encode_tokens(embedder, texts)))
    prepared: dict[tuple[str, tuple[str, ...]], References] = {}
    rows = []
    for q, a, refs in items:
        key = (q, tuple(refs))
        if key not in prepared:
            prepared[key] = prepare_references(encoded[q], [encoded[r] for r in refs])
        rows.append(answer_features(encoded[a or "."], prepared[key]))
    return np.stack(rows)
