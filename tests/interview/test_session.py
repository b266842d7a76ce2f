"""The interview loop with a scripted grader: follow-ups, hints, skips, bad input, ending."""

from __future__ import annotations

import pytest

from interviewer.errors import InterviewerError
from interviewer.interview import MAX_GRADED_CHARS, Interview, SessionPlan
from tests.interview.scripted import ScriptedGrader


def test_a_good_answer_gets_no_follow_up_and_the_next_question_comes(start, grader):
    interview = start(questions=2)
    first = interview.current
    assert first.kind == "question" and first.question_number == 1 and first.label == "Question 1 of 2"
    outcome = interview.answer("a good answer")
    assert outcome.result.score == 4.6 and outcome.score == 4.6 and outcome.message is None
    assert outcome.next.kind == "question" and outcome.next.question_number == 2
    assert outcome.next.question_id != first.question_id and not outcome.finished


def test_follow_ups_probe_the_contradicted_point_then_the_missing_ones(start, grader, tiny_bank):
    interview = start(questions=1, max_follow_ups=2)
    points = tiny_bank.get(interview.current.question_id).point_texts
    outcome = interview.answer("a wrong answer: it is the other way round")
    first = outcome.next
    assert first.kind == "follow_up" and first.follow_up_number == 1 and first.question_number == 1
    assert first.targets == (points[0],)  # the contradicted point comes first
    assert first.text != points[0] and "the other way round" in first.text  # challenges what was said

    outcome = interview.answer("let me recover that point")
    assert outcome.recovered is True and outcome.score == 4.0
    second = outcome.next
    assert second.kind == "follow_up" and second.targets == (points[1],)  # then the first missing point

    outcome = interview.answer("still no idea")
    assert outcome.recovered is False
    assert outcome.finished and outcome.next is None  # two follow-ups at most, and one question planned
    follow_ups = outcome.summary.follow_ups
    assert [(f.follow_up_number, f.recovered) for f in follow_ups] == [(1, True), (2, False)]


def test_a_follow_up_is_graded_against_only_the_point_it_targets(start, grader):
    interview = start(questions=1, max_follow_ups=1)
    interview.answer("a weak answer")
    target = interview.current.targets
    interview.answer("recover")
    context, answer = grader.calls[-1]
    assert tuple(context.key_points) == target and answer == "recover"
    assert context.question == grader.calls[0][0].question  # still the question's own subject
    # The off-topic comparison with other questions needs all of the question's points: not here.
    assert grader.calls[0][0].other_questions and context.other_questions == ()


@pytest.mark.parametrize("limit", [0, 1])
def test_follow_ups_stop_at_the_configured_number(start, limit):
    interview = start(questions=2, max_follow_ups=limit)
    kinds = []
    while interview.current is not None:
        kinds.append(interview.current.kind)
        interview.answer("a weak answer")
    assert kinds == (["question"] + ["follow_up"] * limit) * 2


def test_no_follow_up_after_a_skipped_follow_up(start):
    interview = start(questions=2, max_follow_ups=2)
    interview.answer("a weak answer")
    assert interview.current.kind == "follow_up"
    outcome = interview.skip()
    assert outcome.next.kind == "question" and outcome.next.question_number == 2


def test_an_empty_answer_is_not_graded_and_the_same_turn_is_asked_again(start, grader, store):
    interview = start(questions=1)
    turn = interview.current
    for empty in ("", "   \n\t "):
        outcome = interview.answer(empty)
        assert outcome.result is None and not outcome.finished
        assert outcome.next == turn and "empty" in outcome.message
    assert grader.calls == []
    [record] = store.turns(interview.session)
    assert record.status == "pending" and record.answer is None


def test_a_100_kb_answer_is_graded_on_its_start_and_stored_whole(start, grader, store):
    interview = start(questions=1, max_follow_ups=0)
    answer = ("good words about the question " * 3500)[:100_000]
    outcome = interview.answer(answer)
    graded = grader.calls[-1][1]
    assert outcome.truncated and len(graded) <= MAX_GRADED_CHARS and answer.startswith(graded)
    assert "100,000 characters" in outcome.message and f"{len(graded):,}" in outcome.message
    [record] = store.turns(interview.session)
    assert record.answer == answer and record.truncated


def test_hints_cap_the_score_and_the_summary_says_so(start, tiny_bank):
    interview = start(questions=1, max_follow_ups=0)
    turn = interview.current
    hint = interview.hint()
    assert "4.0" in hint
    assert all(point not in hint for point in tiny_bank.get(turn.question_id).point_texts)
    assert interview.current.hints_used == 1 and interview.current.hints == (hint.split(" (With")[0],)
    outcome = interview.answer("a good answer")
    assert outcome.result.score == 4.6 and outcome.score == 4.0 and outcome.score_cap == 4.0
    assert "capped at 4.0" in outcome.message
    [note] = outcome.summary.hints
    assert (note.hints_used, note.score_cap, note.raw_score, note.score) == (1, 4.0, 4.6, 4.0)
    assert outcome.summary.overall_score == 4.0
    assert "score capped at 4.0 (graded 4.6, counted 4.0)" in outcome.summary.to_markdown()


def test_two_hints_cap_at_three_and_there_is_no_third(start):
    interview = start(questions=1, max_follow_ups=0)
    first, second, third = interview.hint(), interview.hint(), interview.hint()
    assert first != second and "3.0" in second
    assert third.startswith("No more hints")
    assert interview.current.hints_used == 2
    assert interview.answer("a good answer").score == 3.0


def test_a_skip_counts_as_skipped_not_as_a_zero_and_lowers_the_topic_estimate(start, store):
    interview = start(questions=2, max_follow_ups=0)
    skipped = interview.current
    outcome = interview.skip()
    assert outcome.result is None and outcome.message == "Skipped." and outcome.next.question_number == 2
    assert store.abilities()[skipped.topic].rating < 1500
    summary = interview.answer("a good answer").summary
    assert (summary.skipped, summary.answered, summary.overall_score) == (1, 1, 4.6)
    assert [r.outcome for r in summary.review] == ["skipped"] and summary.review[0].reference


def test_an_unscored_answer_is_counted_apart_with_its_reason(start, store):
    interview = start(questions=1, max_follow_ups=2)
    topic = interview.current.topic
    outcome = interview.answer("unscorable")
    assert outcome.score is None and "could not be scored" in outcome.message
    assert outcome.finished  # no follow-up on an answer that has no grade
    assert (outcome.summary.unscored, outcome.summary.overall_score) == (1, None)
    assert topic not in store.abilities()  # no evidence, no change


def test_repeat_returns_the_same_turn_and_is_recorded(start, store):
    interview = start(questions=1, max_follow_ups=0)
    asked = interview.current
    repeated = interview.repeat()
    assert (repeated.id, repeated.text, repeated.question_id) == (asked.id, asked.text, asked.question_id)
    assert interview.current.id == asked.id  # still waiting on the same turn
    import sqlite3
    with sqlite3.connect(store.path) as connection:
        assert connection.execute("SELECT repeats FROM turns WHERE id = ?", (asked.id,)).fetchone() == (1,)
    resumed = type(interview).resume(interview.session_id, bank=interview.bank, grader=interview.grader, store=store)
    assert resumed.current.id == asked.id
    interview.answer("an answer")
    assert interview.repeat() is None


def test_delivery_metrics_are_stored_with_the_answer(start, store, grader):
    interview = start(questions=2, max_follow_ups=0)
    delivery = {"words_per_minute": 143.5, "filler_words": 4, "pauses": [1.2, 0.8]}
    interview.answer("a good answer", delivery=delivery)
    with pytest.raises(InterviewerError, match="JSON object"):
        interview.answer("a good answer", delivery=["not", "a", "dict"])
    first = store.turns(interview.session)[0]
    assert first.delivery == delivery and first.score == 4.6


def test_end_drops_the_unanswered_question_and_finishes(start, store):
    interview = start(questions=3, max_follow_ups=0)
    interview.answer("a good answer")
    summary = interview.end()
    assert interview.finished and interview.current is None
    assert summary.status == "finished" and summary.questions_asked == 1
    assert [r.status for r in store.turns(interview.session)] == ["answered"]
    after = interview.answer("too late")
    assert after.finished and after.result is None and after.message == "The interview has ended."


def test_a_session_ends_early_when_its_topics_run_out_and_never_repeats(start, tiny_bank):
    interview = start(topics=["arch"], questions=10, max_follow_ups=0)
    asked = []
    while interview.current is not None:
        asked.append(interview.current.question_id)
        interview.answer("answer")
    askable = [q.id for q in tiny_bank.with_topic("Architectures") if q.key_points]
    assert sorted(asked) == sorted(askable)  # each once; never the question without key points
    assert interview.finished


def test_an_unknown_topic_is_an_error_naming_it_and_the_valid_ones(bank, store):
    with pytest.raises(InterviewerError) as error:
        Interview.start(SessionPlan(topics=["quantum gravity"]), bank=bank, grader=ScriptedGrader(), store=store)
    message = str(error.value)
    assert "'quantum gravity'" in message and all(topic in message for topic in bank.topics)
    assert store.overviews() == []  # nothing stored


@pytest.mark.parametrize("plan, problem", [
    (SessionPlan(difficulty="brutal"), "unknown difficulty"),
    (SessionPlan(questions=0), "between 1 and"),
    (SessionPlan(max_follow_ups=9), "between 0 and"),
])
def test_bad_plans_are_clear_errors(tiny_bank, store, plan, problem):
    with pytest.raises(InterviewerError, match=problem):
        Interview.start(plan, bank=tiny_bank, grader=ScriptedGrader(), store=store)


def test_topics_are_matched_like_topic_options_elsewhere(start):
    interview = start(topics=["computer", "OPTIM"], questions=1)
    assert interview.plan.topics == ("Computer Vision", "Optimization & Training")
