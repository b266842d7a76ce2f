"""Duplicate merging, and the evidence for its similarity threshold.

The threshold must sit above the similarity of every pair of *different* questions that look
alike, and below the similarity of rewordings of the same question. The pairs below are taken
from the seed documents; the embeddings are the real model's.
"""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.bank.merge import DUPLICATE_THRESHOLD, cluster_duplicates, drop_similar

SAME_QUESTION = [
    ("Can you explain the concept of fine-tuning in transfer learning?",
     "What is the concept of fine-tuning in the context of transfer learning?"),
    ("What are generative adversarial networks (GANs), and how do they work?",
     "What is a Generative Adversarial Network (GAN), and how does it work?"),
    ("What is backpropagation, and why is it essential in training neural networks?",
     "What is backpropagation, and why is it important in deep learning?"),
    ("Explain the concept of weight initialization in deep learning. Why is it important?",
     "What is the significance of weight initialization in deep neural networks? How does it affect the training process?"),
    ("Can you explain the concept of 'dropout' in neural networks?",
     "What is dropout, and how does it prevent overfitting in neural networks?"),
    ("What is the purpose of a loss function in training deep learning models? Can you give examples of "
     "different types of loss functions and explain their applications?",
     "What is the role of a loss function in deep learning?"),
    ("What are hyperparameters in a deep learning model, and how do you tune them?",
     "What is the role of hyperparameter tuning in deep learning, and what are some standard methods for it?"),
]

DIFFERENT_QUESTIONS = [
    # The most similar pair of distinct questions in the seeds (0.884).
    ("Can you explain the key differences between YOLO and traditional object detection methods?",
     "How does YOLO achieve real-time object detection, and what makes it efficient compared to other methods"),
    # Same subject, different question: what the problem does vs how to fix it.
    ("What is the vanishing gradient problem, and how does it affect the training of deep neural networks?",
     "What is the vanishing gradient problem, and how can it be addressed?"),
    ("What is the difference between batch normalization and layer normalization?",
     "What is the significance of batch normalization in neural networks?"),
    ("Could you discuss instances where YOLO might not be the best choice for object detection, and what "
     "alternative methods could be considered?",
     "Can you explain the key differences between YOLO and traditional object detection methods?"),
    ("Explain the concept of one-shot learning and its applications.",
     "Explain the principle of zero-shot learning. How does it differ from few-shot learning, and in what "
     "scenarios might it be particularly useful or challenging?"),
]


def similarity(embedder, first: str, second: str) -> float:
    vectors = embedder.encode([first, second])
    return float(vectors[0] @ vectors[1])


@pytest.mark.parametrize(("first", "second"), SAME_QUESTION)
def test_rewordings_of_one_question_are_above_the_threshold(embedder, first, second):
    assert similarity(embedder, first, second) >= DUPLICATE_THRESHOLD


@pytest.mark.parametrize(("first", "second"), DIFFERENT_QUESTIONS)
def test_different_questions_are_below_the_threshold(embedder, first, second):
    assert similarity(embedder, first, second) < DUPLICATE_THRESHOLD


def test_threshold_separates_the_labelled_pairs_with_a_margin(embedder):
    same = min(similarity(embedder, a, b) for a, b in SAME_QUESTION)
    different = max(similarity(embedder, a, b) for a, b in DIFFERENT_QUESTIONS)
    assert different < DUPLICATE_THRESHOLD <= same
    assert same - different > 0.015, f"pairs too close to separate: same {same:.3f}, different {different:.3f}"


def test_clusters_merge_exact_text_and_similar_meaning(embedder):
    texts = [
        "What is dropout, and how does it prevent overfitting in neural networks?",
        "What is the vanishing gradient problem, and how can it be addressed?",
        "What is dropout, and how does it prevent overfitting in neural networks? ",  # same text, other spacing
        "Can you explain the concept of 'dropout' in neural networks?",
        "How do you deploy deep learning models to edge devices?",
    ]
    clusters = cluster_duplicates(texts, embedder.encode(texts))
    assert clusters == [[0, 2, 3], [1], [4]]


def test_average_linkage_does_not_chain_distinct_questions():
    """A is close to B and B to C, but A and C are far apart: only one pair merges."""
    a = np.array([1.0, 0.0, 0.0])
    c = np.array([0.0, 1.0, 0.0])
    b = (a + c) / np.linalg.norm(a + c)  # cos(a, b) = cos(b, c) = 0.707
    vectors = np.stack([a, b, c]).astype(np.float32)
    assert cluster_duplicates(["a", "b", "c"], vectors, threshold=0.7) in ([[0, 1], [2]], [[0], [1, 2]])


def test_drop_similar_keeps_the_first_of_each_near_duplicate():
    vectors = np.array([[1, 0], [0.99, 0.141], [0, 1]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert drop_similar(vectors, threshold=0.9) == [0, 2]
