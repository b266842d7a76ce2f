"""Key points are derived from reference answers: list items, numbered headings, informative sentences."""

from __future__ import annotations

from interviewer.bank.key_points import candidate_points, key_point_candidates


def test_list_items_with_bold_terms_become_term_and_first_sentence():
    text = (
        "Strategies include:\n\n"
        "1. **Regularization techniques:** L1 and L2 penalties constrain the weights. More follows here.\n"
        "2. **Early stopping:** Stop when validation loss rises.\n"
        "- **Possible Reasons**:\n"
    )
    assert candidate_points(text) == [
        "Regularization techniques: L1 and L2 penalties constrain the weights.",
        "Early stopping: Stop when validation loss rises.",
    ]


def test_numbered_bold_headings_are_points_and_framing_sentences_are_not():
    text = (
        "**1. Single Forward Pass vs. Multi-Stage Pipeline:**\n"
        "   - YOLO predicts boxes and classes in one pass of the network.\n\n"
        "In summary, YOLO is fast and simple to deploy in many applications.\n"
        "Imagine a photographer who looks at a scene only once.\n"
        "Batch normalization reduces internal covariate shift between layers.\n"
    )
    points = candidate_points(text)
    assert points[0] == "Single Forward Pass vs. Multi-Stage Pipeline"
    assert "YOLO predicts boxes and classes in one pass of the network." in points
    assert "Batch normalization reduces internal covariate shift between layers." in points
    assert not any(p.startswith(("In summary", "Imagine")) for p in points)


def test_sentences_too_short_or_too_long_are_not_points():
    long_sentence = "This sentence " + "keeps going " * 30 + "and ends."
    points = candidate_points(f"Yes it is. {long_sentence} Dropout randomly zeroes activations during training.")
    assert points == ["Dropout randomly zeroes activations during training."]


def test_simple_analogies_are_used_only_when_nothing_else_exists():
    simple = ("Imagine a game of telephone. Each person whispers the message to the next person in line.", "simple")
    detailed = ("Gradients shrink as they are multiplied through many layers.", "detailed")
    assert key_point_candidates([simple, detailed]) == ["Gradients shrink as they are multiplied through many layers."]
    assert key_point_candidates([simple]) == ["Each person whispers the message to the next person in line."]


def test_textual_duplicates_across_references_appear_once():
    first = ("Dropout randomly zeroes activations during training.", "short")
    second = ("**Dropout** randomly zeroes activations during training!", "detailed")
    assert key_point_candidates([first, second]) == ["Dropout randomly zeroes activations during training."]


def test_every_answered_question_in_the_bank_has_key_points(bank):
    answered = [q for q in bank if q.references]
    assert all(q.key_points for q in answered)
    assert all(len(set(q.point_texts)) == len(q.point_texts) for q in bank)
