"""One topic taxonomy and one difficulty scale across sources."""

from __future__ import annotations

import pytest

from interviewer.bank.taxonomy import TOPICS, difficulty_for, slugify, topic_for, topic_matches


@pytest.mark.parametrize(("question", "topic"), [
    ("What is YOLO, and why is it significant?", "Computer Vision"),
    ("What are generative adversarial networks (GANs), and how do they work?", "Generative Models"),
    ("What is dropout, and how does it prevent overfitting?", "Regularization & Generalization"),
    ("Explain the difference between batch, mini-batch, and stochastic gradient descent.", "Optimization & Training"),
    ("How do LSTM networks differ from standard RNNs?", "Architectures"),
    # The source files this under "Optimization"; the question is about speech.
    ("In what ways has deep learning been applied to the field of speech recognition?", "NLP & Speech"),
    ("How do you deploy deep learning models to edge devices?", "Production & Systems"),
    ("When would you choose to use transfer learning?", "Learning Paradigms"),
])
def test_topic_comes_from_what_the_question_asks(question, topic):
    assert topic_for(question, category="Optimization") == topic


def test_source_category_is_the_fallback():
    assert topic_for("Tell me about your favourite paper.", "Object Detection") == "Computer Vision"
    assert topic_for("Tell me about your favourite paper.", "Unheard Of") == "Fundamentals"


@pytest.mark.parametrize(("label", "difficulty"), [
    ("Intermediate", "medium"), ("Advanced", "hard"), ("EASY", "easy"), ("MODERATE", "medium"),
    ("DIFFICULT", "hard"), (None, None), ("someday", None),
])
def test_difficulty_labels_map_to_one_scale(label, difficulty):
    assert difficulty_for(label) == difficulty


def test_topic_matching_accepts_names_and_slug_prefixes():
    assert topic_matches("NLP & Speech", "nlp")
    assert topic_matches("NLP & Speech", "NLP & Speech")
    assert topic_matches("Computer Vision", "computer-vis")
    assert not topic_matches("Computer Vision", "vision")
    assert not topic_matches("Computer Vision", "")
    assert slugify("Regularization & Generalization") == "regularization-generalization"


def test_the_bank_uses_only_taxonomy_topics(bank):
    assert set(bank.topics) <= set(TOPICS)
    assert len(bank.topics) >= 10
