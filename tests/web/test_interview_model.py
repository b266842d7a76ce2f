"""The Interview tab's view-model, without gradio: what each action shows, and that failures lose nothing."""

from __future__ import annotations

import pytest

from interviewer.interview import FollowUpWriter
from interviewer.web.interview_model import KEEP, MOVED_ON, InterviewPageModel, TabView, remember
from interviewer.web.interview_view import NO_SESSION
from interviewer.web.interviews import InterviewService
from tests.interview.scripted import ScriptedGrader


@pytest.fixture
def model(scripted_bank, store) -> InterviewPageModel:
    return InterviewPageModel(InterviewService(scripted_bank, grader=ScriptedGrader(), store=store,
                                               follow_ups=FollowUpWriter()))


def started(model, **plan) -> TabView:
    view = model.start(plan.get("topics", ["Computer Vision"]), plan.get("difficulty", "easy"),
                       plan.get("questions", 2), plan.get("follow_ups", 0), ["older-session"])
    assert not view.failed, view.status
    return view


def test_starting_shows_the_first_question_and_remembers_the_session(model):
    view = started(model)
    assert view.session_id and view.shown_turn and view.question_text
    assert view.known_sessions == ["older-session", view.session_id] and view.resume_offer is False
    assert view.answer == "" and view.summary == "" and view.status.startswith(f"Session `{view.session_id}` started")
    assert view.chat[-1]["content"].endswith(view.question_text)


def test_an_answer_is_graded_and_the_next_turn_shown_with_the_box_cleared(model):
    view = started(model)
    after = model.answer(view.session_id, view.shown_turn, None, "a good answer")
    assert not after.failed and after.answer == "" and after.spoken is None
    assert after.shown_turn != view.shown_turn
    assert "grade-card" in after.cards


def test_an_empty_answer_changes_nothing_but_the_status(model):
    view = started(model)
    after = model.answer(view.session_id, view.shown_turn, None, "   ")
    assert after.changed().keys() == {"status"} and "empty" in after.status


def test_an_answer_for_a_turn_that_moved_on_keeps_the_typed_text(model):
    view = started(model)
    model.answer(view.session_id, view.shown_turn, None, "a good answer")
    stale = model.answer(view.session_id, view.shown_turn, None, "typed for the old turn")
    assert stale.status == MOVED_ON and stale.answer is KEEP and stale.audio is KEEP


def test_a_hint_keeps_the_answer_box_and_says_the_cap(model):
    view = started(model)
    hinted = model.hint(view.session_id, view.shown_turn)
    assert hinted.status.startswith("*Hint:*") and "4.0" in hinted.status
    assert hinted.answer is KEEP and hinted.spoken is KEEP


def test_skip_repeat_and_end(model):
    view = started(model, questions=2)
    skipped = model.skip(view.session_id, view.shown_turn)
    assert skipped.status.startswith("Skipped") and skipped.shown_turn != view.shown_turn
    repeated = model.repeat(view.session_id)
    assert repeated.changed().keys() == {"status", "question"} and skipped.question_text in repeated.status
    ended = model.end(view.session_id)
    assert ended.summary and ended.shown_turn is None and ended.question_text == ""
    finished = model.repeat(view.session_id)
    assert finished.failed and "is finished" in finished.status


def test_actions_without_a_session_say_so_and_fail(model):
    for view in (model.answer(None, None, None, "text"), model.skip(None, None), model.hint("", None),
                 model.end(None)):
        assert view.failed and view.status == NO_SESSION and view.answer is KEEP
    unknown = model.resume("f" * 16, [])
    assert unknown.failed and "No session with the id" in unknown.status and unknown.session_id is KEEP


def test_a_transcription_without_a_recording_or_with_a_bad_one_keeps_the_answer(model, tmp_path):
    view = started(model)
    missing = model.transcribe(view.session_id, None)
    assert missing.failed and "Record an answer" in missing.status and missing.answer is KEEP
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"not audio at all")
    bad = model.transcribe(view.session_id, str(broken))
    assert bad.failed and bad.answer is KEEP and "cannot be used as a recording" in bad.status


def test_resume_and_the_page_load_offer(model):
    view = started(model)
    offer = model.offer_resume([view.session_id])
    assert offer.resume_offer is True and offer.resume_id == view.session_id and view.session_id in offer.resume_note
    assert model.offer_resume(["someone-else"]).resume_offer is False
    resumed = model.resume(view.session_id, [])
    assert resumed.session_id == view.session_id and resumed.shown_turn == view.shown_turn
    assert resumed.known_sessions == [view.session_id] and "resumed" in resumed.status
    model.end(view.session_id)
    assert model.offer_resume([view.session_id]).resume_offer is False


def test_remember_keeps_the_latest_last_and_drops_repeats():
    assert remember(["a", "b", 3, "c"], "b") == ["a", "c", "b"]
    assert len(remember([str(i) for i in range(500)], "new")) == 200
