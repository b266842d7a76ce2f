"""Find duplicate questions across documents: the same normalized text, or the same meaning.

Two questions are merged when their normalized texts are equal, or when the embeddings of the
two groups they belong to have an average cosine similarity of at least
:data:`DUPLICATE_THRESHOLD` (average-linkage agglomerative clustering). ``tests/bank/test_merge.py``
justifies the threshold on pairs from the seed documents: every rewording above it is the same
question, and the most similar pair of *distinct* questions (two different YOLO questions, 0.884)
stays below it. Near-duplicates that fall below stay separate questions, so nothing is lost.
"""

from __future__ import annotations

import numpy as np

from interviewer.bank.key_points import normalize

DUPLICATE_THRESHOLD = 0.90
# Key points of one question that say the same thing in other words.
KEY_POINT_DUPLICATE_THRESHOLD = 0.85


def cluster_duplicates(texts: list[str], vectors: np.ndarray, threshold: float = DUPLICATE_THRESHOLD) -> list[list[int]]:
    """Groups of indices of ``texts`` that ask the same question, each sorted, ordered by first index."""
    by_text: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        by_text.setdefault(normalize(text), []).append(index)
    clusters = list(by_text.values())
    similarity = vectors @ vectors.T
    while len(clusters) > 1:
        # Average similarity between every pair of clusters.
        membership = np.zeros((len(clusters), len(texts)), dtype=np.float32)
        for row, members in enumerate(clusters):
            membership[row, members] = 1.0 / len(members)
        average = membership @ similarity @ membership.T
        np.fill_diagonal(average, -np.inf)
        first, second = np.unravel_index(int(np.argmax(average)), average.shape)
        if average[first, second] < threshold:
            break
        merged = sorted(clusters[first] + clusters[second])
        clusters = [c for i, c in enumerate(clusters) if i not in (first, second)] + [merged]
    return sorted(clusters, key=lambda members: members[0])


def drop_similar(vectors: np.ndarray, threshold: float = KEY_POINT_DUPLICATE_THRESHOLD) -> list[int]:
    """Indices to keep, in order: each row is dropped if it is too similar to one already kept."""
    kept: list[int] = []
    for index in range(len(vectors)):
        if not kept or float(np.max(vectors[kept] @ vectors[index])) < threshold:
            kept.append(index)
    return kept
