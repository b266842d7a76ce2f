"""The Markdown parser understands each layout of the source documents, alone or mixed."""

from __future__ import annotations

from textwrap import dedent

import pytest

from interviewer.bank.markdown import clean_inline, parse_markdown, parse_markdown_file
from interviewer.errors import BankError


def parse(text: str):
    return parse_markdown(dedent(text).strip("\n"), "doc.md")


def test_numbered_item_with_topic_level_and_simple_and_detailed_answers():
    [item] = parse("""
        **3)** **Topic:** Fundamentals, **Level:** Advanced

        **Q:** Why does batch normalization help?

        **Simple:** It keeps the numbers tidy.

        **Detailed:**

        It normalizes activations over the mini-batch.

        1. **Stabilizes training:** allows higher learning rates.

        ---
    """)
    assert item.question == "Why does batch normalization help?"
    assert (item.category, item.level, item.line) == ("Fundamentals", "Advanced", 1)
    assert [a.style for a in item.answers] == ["simple", "detailed"]
    assert item.answers[0].text == "It keeps the numbers tidy."
    assert "1. **Stabilizes training:**" in item.answers[1].text
    assert item.answers[1].line == 7


def test_header_variants_and_question_on_the_next_line_without_q_marker():
    items = parse("""
        **6) Topic:** Fundamentals, **Level**:Advanced

        **Q:** First?

        **Simple**:

        Short.

        ---
        **27) Topic:** Training Techniques, **Level**:Advanced
        How do you implement early stopping?

        ---
    """)
    assert [i.question for i in items] == ["First?", "How do you implement early stopping?"]
    assert [i.level for i in items] == ["Advanced", "Advanced"]
    assert items[0].answers[0].style == "simple"
    assert items[1].answers == []


def test_numbered_item_with_the_question_inline_and_an_untagged_answer():
    [item] = parse("""
        **0)** When do we use MSE loss and when MAE loss?

        MSE squares the error. MAE does not.
    """)
    assert item.question == "When do we use MSE loss and when MAE loss?"
    assert item.answers[0].text == "MSE squares the error. MAE does not."
    assert item.answers[0].style == "short"


def test_table_rows_are_questions_without_answers():
    items = parse("""
        | No. | Category | Difficulty | Full Question |
        |-----|----------|------------|---------------|
        | 1   | Fundamentals | Intermediate | How can you diagnose overfitting? |
        | 2   | Optimization | Advanced | What is learning rate decay? |
    """)
    assert [(i.question, i.category, i.level, i.line) for i in items] == [
        ("How can you diagnose overfitting?", "Fundamentals", "Intermediate", 3),
        ("What is learning rate decay?", "Optimization", "Advanced", 4),
    ]
    assert all(i.answers == [] for i in items)


def test_q_dot_answers_and_listed_questions_under_headings():
    items = parse("""
        ## Object Detection
        ### General Questions:

        **Q1.** What is YOLO?

        **A:** A one-stage detector.

        1. **Single pass**: one forward pass.
        2. Grid cells predict boxes.

        ---

        ### Technical Questions:

        4. How does non-maximum suppression work?
        5. What are anchor boxes?

        Be prepared to answer these questions.
    """)
    assert [i.question for i in items] == [
        "What is YOLO?", "How does non-maximum suppression work?", "What are anchor boxes?"]
    assert items[0].category == "General Questions"
    assert "2. Grid cells predict boxes." in items[0].answers[0].text, "numbered answer lines stay in the answer"
    assert items[1].category == "Technical Questions"
    assert items[1].answers == [] and items[2].answers == [], "the closing prose is not an answer"


def test_bullet_questions_with_indented_answers():
    items = parse("""
        ### **1. Neural Network Fundamentals & Architecture**
        *   **What is deep learning?**
            - A subset of machine learning with many layers.

        *   **What is backpropagation?**
            - The algorithm that computes gradients.
    """)
    assert [(i.question, i.category) for i in items] == [
        ("What is deep learning?", "Neural Network Fundamentals & Architecture"),
        ("What is backpropagation?", "Neural Network Fundamentals & Architecture"),
    ]
    assert items[0].answers[0].text == "A subset of machine learning with many layers."


def test_question_with_bracketed_level_and_answer():
    items = parse("""
        ## Questions and Answers
        Intro text that is not a question.

        **Question 1 [EASY]:** What is deep learning?

        **Answer:** A subfield of machine learning.

        - Learns features from raw data.

        **Question 34 [DIFFICULT]:** Explain skip connections.

        **Answer:** They add the input of a block to its output.
        ## CVDL Master Program
        Advertising text.
    """)
    assert [(i.question, i.level) for i in items] == [
        ("What is deep learning?", "EASY"), ("Explain skip connections.", "DIFFICULT")]
    assert items[0].answers[0].text.endswith("- Learns features from raw data.")
    assert "Advertising" not in items[1].answers[0].text, "a heading ends the answer"


def test_long_untagged_answers_are_detailed():
    answer = " ".join(["word"] * 120)
    [item] = parse(f"**Q1.** Long?\n\n**A:** {answer}")
    assert item.answers[0].style == "detailed"


def test_clean_inline_drops_emphasis():
    assert clean_inline("**What** is _batch_ *norm*?  ") == "What is batch norm?"
    assert clean_inline("snake_case_name stays") == "snake_case_name stays"


def test_unreadable_files_raise_bank_error_naming_the_file(tmp_path):
    with pytest.raises(BankError, match="missing.md: file not found"):
        parse_markdown_file(tmp_path / "missing.md")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(BankError, match="binary.md: not UTF-8"):
        parse_markdown_file(binary)
