"""Grading by a marking scheme: pieces of an answer, verdicts, misconceptions, the score and the feedback."""

from __future__ import annotations

import pytest

from interviewer.grading import ContextBuilder
from interviewer.grading.marking import answer_spans
from interviewer.grading.offline import OfflineGrader

DROPOUT = "dropout-prevent-overfitting-neural-networks-ed8abf"
OVERFITTING = "concept-overfitting-prevent-4f8c6c"
EXCELLENT = ("During training dropout zeroes each unit with probability p, a fresh random mask at every step, so "
             "units cannot co-adapt and the network behaves like an ensemble of thinned sub-networks that share "
             "weights. At test time dropout is switched off and the activations are rescaled by the keep "
             "probability, or by 1/(1-p) during training with inverted dropout. Too high a rate underfits.")
MISCONCEPTION = ("Dropout permanently removes some neurons so that the network becomes smaller and simpler, and a "
                 "smaller network cannot overfit.")


@pytest.fixture(scope="module")
def grader():
    return OfflineGrader()


@pytest.fixture(scope="module")
def context_of(bank):
    builder = ContextBuilder(bank)
    return lambda question_id: builder.for_question(bank.get(question_id))


def test_an_answer_is_read_in_sentences_clauses_and_list_items():
    text = "Overfitting is memorising noise. Fixes: more data, augmentation, dropout, and early stopping."
    pieces = [text[start:end].strip(" ,.:") for start, end in answer_spans(text)]
    assert "Overfitting is memorising noise" in pieces
    assert {"augmentation", "dropout", "and early stopping"} <= set(pieces)
    assert any(piece.endswith("more data") and "augmentation" not in piece for piece in pieces)


def test_long_unpunctuated_speech_is_read_in_overlapping_windows():
    spoken = " ".join(["um so dropout like randomly turns off neurons during training you know"] * 4)
    windows = [span for span in answer_spans(spoken) if len(spoken[span[0]:span[1]].split()) == 12]
    assert len(windows) >= 6
    starts = sorted(s for s, _ in windows)
    assert all(later - earlier < len(" ".join(spoken.split()[:12])) for earlier, later in zip(starts, starts[1:]))


def test_an_excellent_answer_scores_like_one_and_its_strengths_quote_it(grader, context_of):
    result = grader.grade(context_of(DROPOUT), EXCELLENT)
    assert result.status == "graded" and result.score >= 3.5
    statuses = [v.status for v in result.key_points]
    assert statuses.count("covered") >= 4 and "contradicted" not in statuses
    quoted = [line for line in result.feedback.strengths if "“" in line]
    assert quoted and all(line.split("“")[1].split(" ")[0] in EXCELLENT for line in quoted)


def test_a_voiced_misconception_contradicts_its_point_with_the_quote_and_the_correction(grader, context_of):
    context = context_of(DROPOUT)
    result = grader.grade(context, MISCONCEPTION)
    misconception = context.scheme.misconceptions[0]
    assert misconception.text.startswith("Dropout permanently removes neurons")
    verdict = result.key_points[misconception.key_point - 1]
    assert verdict.status == "contradicted" and verdict.evidence in MISCONCEPTION
    assert result.score <= 1.0
    said = result.feedback.improvements[0]
    assert said.startswith("You said “Dropout permanently removes some neurons") and misconception.correction in said
    assert result.feedback.follow_up == context.scheme.points[misconception.key_point - 1].probe


def test_feedback_never_asks_for_a_point_the_answer_made(grader, context_of):
    context = context_of(DROPOUT)
    partial = "During training dropout randomly switches off neurons so that they cannot co-adapt."
    result = grader.grade(context, partial)
    asked = {line.removeprefix("Mention: ") for line in result.feedback.improvements if line.startswith("Mention: ")}
    made = {v.point for v in result.key_points if v.status in ("covered", "partial")}
    assert asked and made and not asked & made
    excellent = grader.grade(context, EXCELLENT)  # made every essential point: nothing is asked for
    assert not [line for line in excellent.feedback.improvements if line.startswith("Mention: ")]


def test_one_sentence_naming_several_remedies_covers_several_points(grader, context_of):
    context = context_of(OVERFITTING)
    answer = ("Overfitting is when the model fits noise in the training set and does much worse on validation data; "
              "fixes are more data or augmentation, weight decay, dropout, early stopping, and a smaller model.")
    result = grader.grade(context, answer)
    covered = [v for v in result.key_points if v.status == "covered"]
    assert len(covered) >= 3
    assert len({v.evidence for v in covered}) >= 2  # different pieces of the one long sentence


def test_the_same_answer_gets_the_same_grade_alone_and_in_a_batch(grader, context_of):
    context = context_of(DROPOUT)
    alone = grader.grade(context, MISCONCEPTION)
    batch = grader.grade_many([(context_of(OVERFITTING), EXCELLENT), (context, MISCONCEPTION), (context, EXCELLENT)])
    assert batch[1].model_dump() == alone.model_dump()
