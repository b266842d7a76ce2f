"""The interview with the real offline grader (the embedding model loads once per test session)."""

from __future__ import annotations

import pytest

from interviewer.bank import QuestionBank
from interviewer.grading.offline import OfflineGrader
from interviewer.interview import FollowUpWriter, Interview, SessionPlan

CLIPPING = "concept-gradient-clipping-training-neural-79b46a"


@pytest.fixture(scope="module")
def offline_grader(embedder):
    return OfflineGrader(embedder=embedder)


def test_a_follow_up_targets_a_missed_point_and_a_good_reply_recovers_it(bank, embedder, offline_grader, store):
    question = bank.get(CLIPPING)
    one_question = QuestionBank([question])
    interview = Interview.start(SessionPlan(questions=1, max_follow_ups=1, seed=1), bank=one_question,
                                grader=offline_grader, store=store, follow_ups=FollowUpWriter())
    outcome = interview.answer("It is used in recurrent networks trained on long sequences, where gradient explosion "
                               "is common. You can clip by value or by norm.")
    statuses = {v.point: v.status for v in outcome.result.key_points}
    assert statuses[question.point_texts[0]] == "missing" and outcome.score < 4
    follow_up = outcome.next
    assert follow_up.kind == "follow_up" and follow_up.targets == (question.point_texts[0],)
    assert question.point_texts[0] not in follow_up.text

    reply = interview.answer("Clipping limits the maximum value of the gradient, which prevents exploding gradients.")
    assert [v.point for v in reply.result.key_points] == [question.point_texts[0]]
    assert reply.recovered is True and reply.finished
    assert reply.summary.follow_ups[0].recovered is True


def test_a_100_kb_answer_is_graded_by_the_real_grader_without_trouble(bank, offline_grader, store):
    interview = Interview.start(SessionPlan(topics=["regularization"], questions=1, max_follow_ups=0, seed=2),
                                bank=bank, grader=offline_grader, store=store, follow_ups=FollowUpWriter())
    question = bank.get(interview.current.question_id)
    answer = (" ".join(question.point_texts) + " ") * 2000
    assert len(answer) > 100_000
    outcome = interview.answer(answer)
    assert outcome.truncated and outcome.result.status == "graded" and outcome.score > 0
    assert interview.turns[0].answer == answer and "were graded (all of it is saved)" in outcome.message
