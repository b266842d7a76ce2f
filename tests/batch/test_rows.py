"""From input rows to grading jobs: size limit, values that are not text, unknown ids, custom references."""

from __future__ import annotations

from interviewer.grading.batch.rows import MAX_ANSWER_CHARS, RowPreparer, grade_fields, result_columns
from interviewer.grading.context import ContextBuilder
from tests.batch.conftest import DROPOUT


def prepare(bank, rows):
    return RowPreparer(ContextBuilder(bank)).prepare(rows, list(range(len(rows))))


def test_rows_that_cannot_be_graded_get_a_reason(bank):
    rows = [{"question_id": DROPOUT, "answer": "x" * (MAX_ANSWER_CHARS + 1)},
            {"question_id": DROPOUT, "answer": "x" * MAX_ANSWER_CHARS},
            {"question_id": DROPOUT, "answer": ["a", "list"]},
            {"question_id": "nope", "answer": "Dropout."},
            {"question_id": "", "question": " ", "answer": "Dropout."},
            {"question_id": DROPOUT, "answer": 42}]
    jobs = prepare(bank, rows)
    assert jobs[0].error == "the answer is 20,001 characters long; the limit is 20,000"
    assert jobs[1].error is None and jobs[1].context.question_id == DROPOUT
    assert jobs[2].error == "'answer' is not text (list)"
    assert jobs[3].error == "unknown question_id 'nope'"
    assert jobs[4].error == "no question or question_id in this row"
    assert jobs[5].error is None and jobs[5].answer == "42"
    assert [job.row for job in jobs] == list(range(6))


def test_a_reference_replaces_the_bank_question_but_keeps_its_id(bank):
    reference = "Dropout randomly removes units during training. It reduces co-adaptation."
    own, custom = prepare(bank, [{"question_id": DROPOUT, "answer": "A."},
                                 {"question_id": DROPOUT, "answer": "A.", "reference": reference}])
    assert own.context.key_points == bank.get(DROPOUT).point_texts
    assert custom.context.reference_texts == [reference] and custom.context.question_id == DROPOUT
    assert custom.matched_question_id == DROPOUT and custom.match_similarity == 1.0


def test_rows_asking_the_same_question_share_one_context(bank, embedder):
    text = "What is dropout, and how does it prevent overfitting in neural networks?"
    reference = "It drops units."
    jobs = prepare(bank, [{"question": text, "answer": "A."}, {"question": text, "answer": "B."},
                          {"question": text, "answer": "C.", "reference": reference},
                          {"question": text, "answer": "D.", "reference": reference}])
    assert jobs[0].context is jobs[1].context and jobs[2].context is jobs[3].context
    assert all(job.matched_question_id == DROPOUT for job in jobs)


def test_an_error_row_has_every_column(bank):
    (job,) = prepare(bank, [{"question_id": "nope", "answer": "A."}])
    fields = grade_fields(job, None, ["correctness", "clarity"], llm=True)
    assert list(fields) == result_columns(["correctness", "clarity"], llm=True)
    assert fields["status"] == "error" and fields["feedback"] == "unknown question_id 'nope'"
    assert fields["score"] is None and fields["flags"] == []
