"""What answers are graded against: own key points, related ones, a matched bank question."""

from __future__ import annotations

from interviewer.grading import ContextBuilder, context_from_reference
from interviewer.grading.context import NO_REFERENCE_ADVICE, QUESTION_MATCH_THRESHOLD
from interviewer.index import question_chunks


def test_a_bank_question_uses_its_own_key_points_and_chunks(bank):
    question = next(q for q in bank if q.key_points)
    context = ContextBuilder(bank).for_question(question)
    assert context.key_points == question.point_texts
    assert context.scheme.points == tuple(question.key_points)
    assert context.scheme.misconceptions == tuple(question.misconceptions)
    assert context.reference_texts[0] == question.model_answer
    assert {r.chunk_id for r in context.references} == {c.id for c in question_chunks(question)}
    assert all(r.own for r in context.references)
    others = {o.question_id for o in context.other_questions}
    assert question.id not in others
    assert others == {q.id for q in bank if q.key_points} - {question.id}


def test_a_question_without_references_or_points_has_nothing_to_grade_against_and_says_what_to_do(bank):
    """A question with no answer and no scheme (as in a user's own bank) is unscored, with the advice."""
    listed = next(q for q in bank if not q.references and "non-maximum suppression" in q.question)
    unanswered = listed.model_copy(update={"key_points": [], "model_answer": None, "misconceptions": []})
    context = ContextBuilder(bank).for_question(unanswered)
    assert not context.gradable and context.scheme is None
    assert NO_REFERENCE_ADVICE in context.note


def test_free_text_is_matched_to_its_bank_twin(bank, embedder):
    builder = ContextBuilder(bank, embedder=embedder)
    context, similarity = builder.for_text("what is dropout and how does it stop overfitting in neural nets?")
    assert similarity >= QUESTION_MATCH_THRESHOLD
    assert context.question_id == "dropout-prevent-overfitting-neural-networks-ed8abf"
    unrelated, low = builder.for_text("How do I bake sourdough bread?")
    assert low < QUESTION_MATCH_THRESHOLD and unrelated.question_id is None and not unrelated.gradable
    assert f"the closest is {low:.2f} similar; 0.80 is needed" in unrelated.note
    assert NO_REFERENCE_ADVICE in unrelated.note


def test_a_given_reference_becomes_the_key_points():
    context = context_from_reference("Q?", "First point is made here clearly. Second point follows with detail.")
    assert context.key_points == ["First point is made here clearly.", "Second point follows with detail."]
    assert context.reference_texts and context.references[0].source == "user"
