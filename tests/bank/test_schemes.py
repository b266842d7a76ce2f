"""Marking schemes: every question has a reviewed one, its content has the right shape, and the build
reproduces the committed bank from the sources and the scheme files."""

from __future__ import annotations

import itertools
import json
import re
import shutil

import numpy as np
import pytest
import yaml

from interviewer.bank import build_bank_from_sources, read_jsonl
from interviewer.bank.question_bank import to_json_line
from interviewer.bank.scheme import DANGLING_WORDS, read_scheme_file, read_schemes
from interviewer.errors import BankError
from tests.conftest import BANK_PATH, REPOSITORY, SOURCES_DIR

SCHEMES_DIR = REPOSITORY / "corpus" / "schemes"

# Pairs of key points about one subject, labelled by hand: the same claim in other words, and
# different claims that must both be kept. The near-duplicate threshold below sits above every
# different pair (the closest, L1 against L2 penalties, is 0.786) and catches the rewordings that keep
# most of their words, such as the backpropagation repeats of the old extracted bank.
REWORDINGS = [
    ("Backpropagation computes the gradient of the loss with respect to every weight.",
     "Backpropagation calculates the gradients of the loss function with respect to the network's weights.",
     "Explain the concept and process of backpropagation. Why is it central to training deep neural networks?"),
    ("Max pooling keeps the largest value in each window.",
     "Max pooling outputs the maximum value within each pooling window.",
     "What is the significance of pooling in CNNs?"),
    ("Data augmentation creates new training examples by applying label-preserving transformations to existing ones.",
     "Data augmentation enlarges the training set with transformed copies of the examples that keep their labels.",
     "How does data augmentation benefit training?"),
]
DIFFERENT_CLAIMS = [
    ("L1 regularization adds the sum of absolute weight values to the loss.",
     "L2 regularization adds the sum of squared weight values to the loss.",
     "L1 and L2 regularization both prevent overfitting, but they do so in different ways. Can you explain the "
     "difference in their impact on the model's weights?"),
    ("A learning rate that is too high makes the loss oscillate or diverge.",
     "A learning rate that is too low makes training very slow.",
     "How does the learning rate impact the training process in deep learning?"),
    ("Early stopping halts training when the validation loss stops improving.",
     "Early stopping keeps the weights from the epoch with the best validation loss.",
     "How do you implement early stopping in a deep learning model, and why might you choose to use it?"),
    ("Batch normalization normalizes each feature over the mini-batch to zero mean and unit variance.",
     "Layer normalization normalizes over the features of each example instead of over the batch.",
     "Why does batch normalization help in training deeper networks?"),
    ("Max pooling keeps the largest value in each window.", "Average pooling takes the mean value of each window.",
     "What is the significance of pooling in CNNs?"),
    ("Precision is the fraction of predicted positives that are truly positive.",
     "Recall is the fraction of actual positives that the model finds.",
     "Describe the concept of a confusion matrix."),
]
NEAR_DUPLICATE = 0.79


def point_similarity(embedder, first: str, second: str, question: str) -> float:
    """Cosine of two points after projecting out their question's direction (what they say beyond the subject)."""
    vectors = embedder.encode([first, second, question])
    rest = vectors[:2] - np.outer(vectors[:2] @ vectors[2], vectors[2])
    rest /= np.linalg.norm(rest, axis=1, keepdims=True)
    return float(rest[0] @ rest[1])


@pytest.mark.parametrize(("first", "second", "question"), REWORDINGS)
def test_a_reworded_point_is_a_near_duplicate(embedder, first, second, question):
    assert point_similarity(embedder, first, second, question) >= NEAR_DUPLICATE


@pytest.mark.parametrize(("first", "second", "question"), DIFFERENT_CLAIMS)
def test_different_claims_about_one_subject_are_not_near_duplicates(embedder, first, second, question):
    assert point_similarity(embedder, first, second, question) < NEAR_DUPLICATE


def test_no_two_points_of_a_question_are_near_duplicates(bank, embedder):
    close = []
    for question in bank:
        texts = question.point_texts
        vectors = embedder.encode([*texts, question.question])
        rest = vectors[:-1] - np.outer(vectors[:-1] @ vectors[-1], vectors[-1])
        rest /= np.linalg.norm(rest, axis=1, keepdims=True)
        for i, j in itertools.combinations(range(len(texts)), 2):
            if rest[i] @ rest[j] >= NEAR_DUPLICATE:
                close.append((question.id, texts[i], texts[j]))
    assert close == []


def test_every_question_has_a_scheme_and_a_reference(bank):
    assert len(bank) == 230
    assert all(q.has_scheme and q.model_answer for q in bank)
    assert all(q.has_references for q in bank)
    assert all(80 <= len(q.model_answer.split()) <= 200 for q in bank)


def test_every_scheme_has_the_expected_parts(bank):
    for question in bank:
        points = question.key_points
        assert 3 <= len(points) <= 6, question.id
        assert points[0].importance == "essential", question.id
        assert all(len(p.phrasings) >= 2 and p.probe and p.hint for p in points), question.id
        assert 2 <= len(question.misconceptions) <= 5, question.id
        assert all(1 <= m.key_point <= len(points) and m.correction for m in question.misconceptions), question.id
        assert len(question.vocabulary) >= 3, question.id
        assert question.variant_group and question.difficulty


def test_no_point_is_a_fragment(bank):
    for question in bank:
        for text in question.point_texts:
            assert text.endswith((".", ")")), text
            assert text.rstrip(".)").split()[-1].lower() not in DANGLING_WORDS, text


def test_probes_ask_and_do_not_recite_their_point(bank):
    for question in bank:
        for point in question.key_points:
            assert point.probe.endswith("?"), point.probe
            assert point.probe.rstrip("?").lower() not in point.text.lower()


# Pairs of the bank's most similar questions (cosine 0.85 or more) that a reviewer judged to ask different
# things, so they keep their own variant groups.
DIFFERENT_QUESTIONS = {
    frozenset({"key-differences-between-yolo-traditional-ff61d2", "instances-yolo-might-not-be-f7985e"}),
}


def test_variant_groups_are_consistent(bank, embedder):
    questions = bank.questions
    ids = {q.id for q in questions}
    # A group name is a slug that names what is asked, never another question's id.
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", q.group) and q.group not in ids for q in questions)
    vectors = embedder.encode([q.question for q in questions])
    similarity = vectors @ vectors.T
    # Rewordings of one question (the most similar pairs of the bank) share a group, unless reviewed as different.
    for i, j in zip(*np.where(np.triu(similarity, 1) >= 0.85)):
        if frozenset({questions[i].id, questions[j].id}) not in DIFFERENT_QUESTIONS:
            assert questions[i].group == questions[j].group, (questions[i].question, questions[j].question)
    # The grouping itself is kept: 63 groups of two or more questions were assigned when the schemes were written.
    sizes: dict[str, int] = {}
    for question in questions:
        sizes[question.group] = sizes.get(question.group, 0) + 1
    assert sum(n > 1 for n in sizes.values()) >= 60


def test_scheme_seed_lines_are_the_questions_own(bank):
    for question in bank:
        own = {str(r.source) for r in question.references} | {str(s) for s in question.sources}
        cited = {str(s) for s in question.derived_from} | {str(s) for p in question.key_points for s in p.seed}
        assert cited <= own, question.id


def test_every_scheme_file_names_a_writer_and_a_different_reviewer():
    for path in sorted(SCHEMES_DIR.glob("*.yaml")):
        scheme_file = read_scheme_file(path)
        assert scheme_file.reviewed_by and scheme_file.reviewed_by != scheme_file.written_by, path.name


def test_corpus_build_reproduces_the_committed_bank_byte_for_byte(embedder):
    rebuilt = build_bank_from_sources(SOURCES_DIR, embedder, SCHEMES_DIR)
    assert "".join(to_json_line(q) + "\n" for q in rebuilt) == BANK_PATH.read_text(encoding="utf-8")


def test_export_carries_the_scheme_fields_under_their_names(bank):
    record = json.loads(to_json_line(bank.questions[0]))
    assert {"model_answer", "key_points", "misconceptions", "vocabulary", "variant_group"} <= set(record)
    assert set(record["key_points"][0]) >= {"text", "importance", "phrasings", "probe", "hint"}
    assert set(record["misconceptions"][0]) >= {"text", "correction", "key_point"}


@pytest.fixture
def scheme_copy(tmp_path):
    """A writable copy of the scheme files."""
    copy = tmp_path / "schemes"
    shutil.copytree(SCHEMES_DIR, copy)
    return copy


def _edit_first_scheme(folder, change):
    path = folder / "regularization-generalization.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document["schemes"][0])
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path, document["schemes"][0]["id"]


@pytest.mark.parametrize(("change", "field"), [
    (lambda s: s["key_points"][0].update(importance="crucial"), "key_points.1.importance"),
    (lambda s: s["key_points"][1].update(phrasings=["only one"]), "key_points.2.phrasings"),
    (lambda s: s["key_points"][0].update(text="Dropout forces each unit to have zero mean and."), "key_points.1.text"),
    (lambda s: s.update(misconceptions=s["misconceptions"][:1]), "misconceptions"),
    (lambda s: s["misconceptions"][0].update(key_point=9), "misconceptions.1.key_point"),
    (lambda s: s.update(model_answer="Too short."), "model_answer"),
    (lambda s: s.update(colour="blue"), "colour"),
])
def test_a_malformed_scheme_is_named_by_file_question_and_field(scheme_copy, change, field):
    path, question_id = _edit_first_scheme(scheme_copy, change)
    with pytest.raises(BankError) as caught:
        read_schemes(scheme_copy)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message and question_id in message and f"'{field}" in message


def test_a_scheme_for_an_unknown_question_or_another_text_fails_the_build(scheme_copy, embedder, tmp_path):
    _edit_first_scheme(scheme_copy, lambda s: s.update(question="What is dropout, really?"))
    with pytest.raises(BankError, match="field 'question': differs from the bank's question text"):
        build_bank_from_sources(SOURCES_DIR, embedder, scheme_copy)
    _edit_first_scheme(scheme_copy, lambda s: s.update(id="no-such-question-000000"))
    with pytest.raises(BankError, match="no-such-question-000000: field 'id': no bank question has this id"):
        build_bank_from_sources(SOURCES_DIR, embedder, scheme_copy)


def test_a_changed_difficulty_needs_a_reason(scheme_copy, embedder):
    def harder(scheme):
        scheme["difficulty"] = "hard" if scheme["difficulty"] != "hard" else "easy"
        scheme.pop("difficulty_reason", None)
    _edit_first_scheme(scheme_copy, harder)
    with pytest.raises(BankError, match="field 'difficulty_reason'"):
        build_bank_from_sources(SOURCES_DIR, embedder, scheme_copy)


def test_the_committed_bank_loads_and_names_curated_points(bank):
    committed = read_jsonl(BANK_PATH)
    dropout = next(q for q in committed if q.id == "dropout-prevent-overfitting-neural-networks-ed8abf")
    assert dropout.model_answer and dropout.variant_group == "dropout"
    assert all(len(text.split()) <= 45 for text in dropout.point_texts)
