"""Adaptive selection: Elo estimates per topic, weak topics first, difficulty, no repeats, seeds."""

from __future__ import annotations

from collections import Counter

import pytest

from interviewer.interview import FollowUpWriter, Interview, SessionPlan, SessionStore
from interviewer.interview.ability import INITIAL_RATING, Ability, expected_outcome, updated
from tests.interview.scripted import ScriptedGrader, make_result, topic_rule


def run_session(bank, store, grader, answer="answer", **plan) -> list:
    """Answer every turn with ``answer``; returns the bank questions asked (not the follow-ups), in order."""
    interview = Interview.start(SessionPlan(**plan), bank=bank, grader=grader, store=store,
                                follow_ups=FollowUpWriter())
    asked = []
    while interview.current is not None:
        if interview.current.kind == "question":
            asked.append(bank.get(interview.current.question_id))
        interview.answer(answer)
    return asked


def test_elo_expectation_and_updates():
    assert expected_outcome(INITIAL_RATING, "medium") == pytest.approx(0.5)
    assert expected_outcome(INITIAL_RATING, "easy") > 0.5 > expected_outcome(INITIAL_RATING, "hard")
    start = Ability("Architectures")
    assert updated(start, "medium", 1.0).rating > start.rating > updated(start, "medium", 0.0).rating
    assert updated(start, "medium", 0.5).rating == start.rating
    # A half-weight outcome (a skip) moves the estimate half as far.
    assert start.rating - updated(start, "medium", 0.0, weight=0.5).rating == pytest.approx(
        (start.rating - updated(start, "medium", 0.0).rating) / 2, abs=0.01)
    # Evidence shrinks the step.
    seasoned = Ability("Architectures", INITIAL_RATING, observations=20)
    assert updated(seasoned, "medium", 1.0).rating - INITIAL_RATING < updated(start, "medium", 1.0).rating - INITIAL_RATING


def test_unexplored_topics_come_before_well_known_strong_ones():
    strong = Ability("A", 1560, observations=3)
    assert Ability("B").priority < strong.priority
    assert Ability("C", 1440, observations=1).priority < Ability("B").priority  # weak beats unexplored


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_topic_answered_badly_gets_more_questions(tiny_bank, tmp_path, seed):
    grader = ScriptedGrader(topic_rule(tiny_bank, {"Computer Vision"}))
    asked = run_session(tiny_bank, SessionStore(tmp_path / f"s{seed}.sqlite3"), grader, questions=9,
                        max_follow_ups=0, seed=seed)
    counts = Counter(q.topic for q in asked)
    assert counts["Computer Vision"] > counts["Architectures"] and counts["Computer Vision"] > counts["Optimization & Training"]
    assert counts["Computer Vision"] >= 5


def test_difficulty_rises_after_strong_answers_and_falls_after_weak_ones(tiny_bank, tmp_path):
    strong = run_session(tiny_bank, SessionStore(tmp_path / "strong.sqlite3"),
                         ScriptedGrader(lambda c, a: make_result(c, 5.0, ["covered"] * len(c.key_points))),
                         topics=["arch"], questions=4, max_follow_ups=0, seed=5)
    weak = run_session(tiny_bank, SessionStore(tmp_path / "weak.sqlite3"),
                       ScriptedGrader(lambda c, a: make_result(c, 0.0, ["missing"] * len(c.key_points))),
                       topics=["arch"], questions=4, max_follow_ups=0, seed=5)
    assert strong[0].difficulty == weak[0].difficulty == "medium"
    assert [q.difficulty for q in strong[1:3]] == ["hard", "hard"]
    # Two weak answers take the estimate below medium; with the medium questions used up, easy comes next.
    assert [q.difficulty for q in weak[:3]] == ["medium", "medium", "easy"]


def test_a_fixed_difficulty_is_kept_while_the_topics_have_it(tiny_bank, store):
    asked = run_session(tiny_bank, store, ScriptedGrader(), difficulty="hard", questions=4, max_follow_ups=0, seed=2)
    # The small bank has two hard questions per topic: six in all, so four fit.
    assert [q.difficulty for q in asked] == ["hard"] * 4


def test_no_question_repeats_within_a_session(tiny_bank, store):
    asked = run_session(tiny_bank, store, ScriptedGrader(), questions=18, max_follow_ups=1, seed=4)
    assert len(asked) == len({q.id for q in asked}) == 18  # every askable question of the bank, once


def test_questions_of_recent_sessions_are_avoided(tiny_bank, store):
    first = run_session(tiny_bank, store, ScriptedGrader(), topics=["arch"], questions=3, max_follow_ups=0, seed=1)
    second = run_session(tiny_bank, store, ScriptedGrader(), topics=["arch"], questions=3, max_follow_ups=0, seed=1)
    assert not {q.id for q in first} & {q.id for q in second}
    # With every question seen, the one seen longest ago comes back first.
    third = run_session(tiny_bank, store, ScriptedGrader(), topics=["arch"], questions=1, max_follow_ups=0, seed=1)
    assert third[0].id in {q.id for q in first}


def test_the_same_seed_gives_the_same_session(tiny_bank, tmp_path):
    runs = [[q.id for q in run_session(tiny_bank, SessionStore(tmp_path / f"{n}.sqlite3"), ScriptedGrader(),
                                        questions=6, max_follow_ups=1, seed=11)] for n in range(2)]
    other = [q.id for q in run_session(tiny_bank, SessionStore(tmp_path / "other.sqlite3"), ScriptedGrader(),
                                       questions=6, max_follow_ups=1, seed=12)]
    assert runs[0] == runs[1]
    assert other != runs[0]


def test_abilities_persist_across_sessions(tiny_bank, store):
    grader = ScriptedGrader(topic_rule(tiny_bank, {"Architectures"}))
    run_session(tiny_bank, store, grader, questions=3, max_follow_ups=0, seed=3)
    before = store.abilities()
    assert before["Architectures"].rating < INITIAL_RATING
    # A fresh store object on the same file sees them, and the next session starts from them.
    again = SessionStore(store.path)
    assert again.abilities() == before
    asked = run_session(tiny_bank, again, grader, questions=1, max_follow_ups=0, seed=3)
    assert asked[0].topic == "Architectures"


@pytest.mark.parametrize("seed", range(6))
def test_a_practice_session_never_repeats_a_variant_group(bank, tmp_path, seed):
    """Five questions on any topic, with any seed: never two questions that ask the same thing."""
    for topic in bank.topics:
        asked = run_session(bank, SessionStore(tmp_path / f"{seed}-{len(topic)}.sqlite3"), ScriptedGrader(),
                            topics=[topic], questions=5, max_follow_ups=0, seed=seed)
        groups = [q.group for q in asked]
        assert len(groups) == len(set(groups)), (topic, [q.question for q in asked])


def test_another_group_comes_before_a_recent_sessions_group(bank, store):
    """Groups asked in the last sessions come back only when the topic has no other group left."""
    topic = "Regularization & Generalization"
    groups_in_topic = {q.group for q in bank.with_topic(topic)}
    first = run_session(bank, store, ScriptedGrader(), topics=[topic], questions=3, max_follow_ups=0, seed=1)
    rest = len(groups_in_topic) - 3
    second = run_session(bank, store, ScriptedGrader(), topics=[topic], questions=rest, max_follow_ups=0, seed=2)
    assert {q.group for q in second} == groups_in_topic - {q.group for q in first}
    third = run_session(bank, store, ScriptedGrader(), topics=[topic], questions=1, max_follow_ups=0, seed=3)
    assert third[0].group in {q.group for q in first}  # the group seen longest ago comes back first
