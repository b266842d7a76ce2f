"""Features of an answer against short reference statements, for the calibrated offline grader.

Every feature compares the candidate's answer with reference statements (the reference answers of
a short-answer item, or the key points of a bank question) and discounts what the answer merely
repeats from the question: question tokens are left out of the token alignment, question words
out of the word overlap, and the question's direction is projected out of the embeddings.
"""

from __future__ import annotations

import math

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


def _alignment(answer: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """Mean best-match similarity of answer tokens (precision) and of reference tokens (recall)."""
    similarity = answer @ reference.T
    return float(similarity.max(axis=1).mean()), float(similarity.max(axis=0).mean())


def _word_start_rows(encoding: TokenEncoding, question_pieces: set[str]) -> list[int]:
    return [i for i, t in enumerate(encoding.tokens)
            if t not in SPECIAL_TOKENS and t.strip("#") not in question_pieces and t.isalnum()]


def _content_rows(encoding: TokenEncoding, question_tokens: set[str]) -> list[int]:
    return [i for i, t in enumerate(encoding.tokens)
            if t not in SPECIAL_TOKENS and t not in question_tokens and t not in STOPWORDS
            and t not in PUNCTUATION_TOKENS]


def answer_features(question: TokenEncoding, answer: TokenEncoding, references: list[TokenEncoding]) -> np.ndarray:
    """The :data:`FEATURE_NAMES` vector of ``answer`` against ``references`` (at least one)."""
    if not references:
        raise ValueError("answer_features needs at least one reference")
    reference_vectors = np.stack([r.vector for r in references])
    cosines = reference_vectors @ answer.vector
    demoted_answer = _demote(answer.vector, question.vector)
    demoted = max(float(demoted_answer @ _demote(r.vector, question.vector)) for r in references)

    question_pieces = {t.strip("#") for t in question.tokens}
    answer_rows = _word_start_rows(answer, question_pieces)
    best = (0.0, 0.0, 0.0)
    for reference in references:
        reference_rows = _word_start_rows(reference, question_pieces)
        if answer_rows and reference_rows:
            precision, recall = _alignment(answer.layers[6][answer_rows], reference.layers[6][reference_rows])
            f1 = 2 * precision * recall / (precision + recall + 1e-9)
            if f1 > best[2]:
                best = (precision, recall, f1)

    question_tokens = set(question.tokens) - SPECIAL_TOKENS
    content = {4: [0.0, 0.0], 6: [0.0, 0.0]}
    answer_content = _content_rows(answer, question_tokens)
    for reference in references:
        reference_content = _content_rows(reference, question_tokens)
        if not answer_content or not reference_content:
            continue
        for layer in (4, 6):
            precision, recall = _alignment(answer.layers[layer][answer_content],
                                           reference.layers[layer][reference_content])
            content[layer][0] = max(content[layer][0], recall)
            content[layer][1] = max(content[layer][1], precision)

    question_words = set(content_words(question.text))
    answer_words = content_words(answer.text)
    new_words = set(answer_words) - question_words
    reference_words = [set(content_words(r.text)) - question_words for r in references]
    word_recall = max((len(new_words & rw) / len(rw) if rw else 0.0) for rw in reference_words)
    word_precision = len(new_words & set().union(*reference_words)) / len(new_words) if new_words else 0.0
    answer_negates = has_negation(answer.text)
    reference_negates = all(has_negation(r.text) for r in references)

    return np.array([
        float(cosines.max()), demoted, best[0], best[1], best[2], word_recall, word_precision,
        float(answer.vector @ question.vector), math.log1p(len(words(answer.text))),
        float(answer_negates != reference_negates), len(new_words) / (len(set(answer_words)) + 1),
        content[4][0], content[4][1], content[6][0], content[6][1],
    ], dtype=np.float64)


def batch_features(embedder, items: list[tuple[str, str, list[str]]]) -> np.ndarray:
    """Feature rows for many ``(question, answer, references)`` items, encoding each distinct text once."""
    from interviewer.embeddings import encode_tokens

    texts = list(dict.fromkeys(t for q, a, refs in items for t in (q, a or ".", *refs)))
    encoded = dict(zip(texts, encode_tokens(embedder, texts)))
    return np.stack([answer_features(encoded[q], encoded[a or "."], [encoded[r] for r in refs])
                     for q, a, refs in items])
