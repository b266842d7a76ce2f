"""Persistence: the SQLite schema, resuming interrupted sessions, crashes, threads."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from interviewer.errors import InterviewerError
from interviewer.interview import FollowUpWriter, Interview, SessionPlan, SessionStore, UnknownSessionError
from interviewer.interview.schema import SCHEMA_VERSION
from tests.interview.scripted import ScriptedGrader


def test_the_database_is_in_wal_mode_with_a_versioned_schema(store, db_path):
    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 1
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sessions", "turns", "answers", "grades", "abilities", "ability_history"} <= tables
    connection.close()
    SessionStore(db_path)  # opening again leaves it as it is
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_the_default_store_lives_in_interviewer_home(isolated_home):
    assert SessionStore.open().path == isolated_home / "interviewer.sqlite3"
    assert (isolated_home / "interviewer.sqlite3").is_file()


def test_a_database_from_a_newer_version_is_refused(db_path):
    connection = sqlite3.connect(db_path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(InterviewerError, match="newer interviewer"):
        SessionStore(db_path)


def test_a_file_that_is_not_a_database_is_a_clear_error(db_path):
    db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InterviewerError, match="not an interviewer database"):
        SessionStore(db_path)


def test_an_interrupted_session_resumes_with_its_pending_question(start, tiny_bank, db_path, grader):
    interview = start(questions=3, max_follow_ups=0)
    interview.answer("a good answer")
    interview.hint()
    pending = interview.current
    del interview  # the process goes away; everything answered is already committed

    reopened = SessionStore(db_path)
    resumed = Interview.resume(pending.session_id, bank=tiny_bank, grader=grader, store=reopened,
                               follow_ups=FollowUpWriter())
    assert resumed.current == pending  # same turn, same text, the hint still counted
    assert resumed.current.hints_used == 1
    [first, second] = resumed.turns
    assert first.status == "answered" and first.score == 4.6 and first.result.score == 4.6
    assert second.status == "pending"
    while resumed.current is not None:
        resumed.answer("a good answer")
    summary = resumed.summary()
    assert summary.status == "finished" and summary.questions_asked == summary.answered == 3
    assert summary.overall_score == pytest.approx((4.6 + 4.0 + 4.6) / 3, abs=0.01)


def test_a_crash_while_grading_keeps_the_answer_and_the_question_is_asked_again(start, tiny_bank, db_path):
    def crashing(context, answer):
        raise RuntimeError("the grader died")

    interview = start(grader_=ScriptedGrader(crashing), questions=2)
    pending = interview.current
    with pytest.raises(RuntimeError):
        interview.answer("my carefully typed answer")
    store = SessionStore(db_path)
    [record] = store.turns(store.session(pending.session_id))
    assert record.status == "pending" and record.answer == "my carefully typed answer"

    resumed = Interview.resume(pending.session_id, bank=tiny_bank, grader=ScriptedGrader(), store=store,
                               follow_ups=FollowUpWriter())
    assert resumed.current == pending
    outcome = resumed.answer("a good answer")
    assert outcome.score == 4.6 and resumed.turns[0].answer == "a good answer"


def test_a_session_stopped_before_its_next_question_asks_it_on_resume(start, tiny_bank, db_path, grader):
    interview = start(questions=2, max_follow_ups=0)
    interview.answer("a good answer")
    # As if the process died after committing the answer but before asking the next question.
    connection = sqlite3.connect(db_path)
    connection.execute("DELETE FROM turns WHERE status = 'pending'")
    connection.commit()
    connection.close()
    resumed = Interview.resume(interview.session_id, bank=tiny_bank, grader=grader, store=SessionStore(db_path),
                               follow_ups=FollowUpWriter())
    assert resumed.current.question_number == 2
    assert resumed.current.question_id != resumed.turns[0].turn.question_id


def test_resume_finds_a_session_by_a_unique_start_of_its_id(start, tiny_bank, store, grader):
    interview = start(questions=2)
    resumed = Interview.resume(interview.session_id[:5], bank=tiny_bank, grader=grader, store=store,
                               follow_ups=FollowUpWriter())
    assert resumed.session_id == interview.session_id


def test_resuming_an_unknown_or_finished_session_is_a_clear_error(start, tiny_bank, store, grader):
    with pytest.raises(UnknownSessionError, match="no session 'nope' in .*interviewer history"):
        Interview.resume("nope", bank=tiny_bank, grader=grader, store=store)
    interview = start(questions=1, max_follow_ups=0)
    interview.answer("a good answer")
    with pytest.raises(InterviewerError, match="is finished"):
        Interview.resume(interview.session_id, bank=tiny_bank, grader=grader, store=store)


def test_grades_round_trip_through_json(start, store):
    interview = start(questions=1, max_follow_ups=0)
    outcome = interview.answer("a weak answer")
    [record] = store.turns(interview.session)
    assert record.result == outcome.result


def test_interviews_in_several_threads_share_one_store(tiny_bank, store):
    errors, ids = [], []

    def run(seed):
        try:
            interview = Interview.start(SessionPlan(questions=3, max_follow_ups=1, seed=seed), bank=tiny_bank,
                                        grader=ScriptedGrader(), store=store, follow_ups=FollowUpWriter())
            while interview.current is not None:
                interview.answer("a weak answer")
            ids.append(interview.session_id)
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    overviews = {o.id: o for o in store.overviews()}
    assert sorted(overviews) == sorted(ids)
    assert all(o.status == "finished" and o.answered == 3 for o in overviews.values())
    # Every answer moved an estimate: 6 sessions x (3 questions + 3 follow-ups).
    assert len(store.ability_history()) == 36


def test_one_interview_answered_from_two_threads_at_once_grades_each_turn_once(start, grader, store):
    interview = start(questions=2, max_follow_ups=0)
    threads = [threading.Thread(target=interview.answer, args=("a good answer",)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status for r in store.turns(interview.session)] == ["answered", "answered"]
    assert len(grader.calls) == 2 and interview.finished
