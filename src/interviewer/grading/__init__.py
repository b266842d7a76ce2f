"""Grading free-text answers against reference answers: one result schema, two graders."""

from interviewer.grading.context import ContextBuilder, GradingContext, context_from_reference
from interviewer.grading.graders import Grader, make_grader
from interviewer.grading.result import GradeResult
from interviewer.grading.rubric import Rubric, load_rubric

__all__ = ["ContextBuilder", "GradeResult", "Grader", "GradingContext", "Rubric", "context_from_reference",
           "grade", "load_rubric", "make_grader"]


def grade(question, answer: str, *, bank=None, grader: Grader | None = None, reference: str | None = None) -> GradeResult:
    """Grade ``answer`` to ``question``: a bank :class:`~interviewer.bank.Question`, a question id, or free text.

    Uses the default bank and the default grader unless given; ``reference`` (a model answer) replaces
    the bank. Free text is graded as the bank question it matches (cosine 0.80 or more); one that
    matches none, without a ``reference``, is unscored by the offline grader with a reason saying so
    (an LLM judge grades it from its own knowledge).
    """
    from interviewer.bank import Question, load_bank
    from interviewer.config import default_bank_path

    grader = grader or make_grader()
    if reference:
        text = question.question if isinstance(question, Question) else str(question)
        return grader.grade(context_from_reference(text, reference), answer)
    bank = bank or load_bank(default_bank_path())
    builder = ContextBuilder(bank)
    if isinstance(question, Question):
        context = builder.for_question(question)
    elif bank.get(str(question)) is not None:
        context = builder.for_question(bank.get(str(question)))
    else:
        context, _ = builder.for_text(str(question))
    return grader.grade(context, answer)
