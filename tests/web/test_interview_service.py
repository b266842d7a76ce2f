"""The live-interview registry behind the page and the API, with a real store and the scripted grader."""

from __future__ import annotations

import re

import pytest

from interviewer.errors import AudioError, InterviewerError
from interviewer.interview import FollowUpWriter
from interviewer.web.interviews import MAX_ACCEPTED_ANSWER_CHARS, InterviewService, audio_error_message
from interviewer.web.server import parse_args
from tests.interview.scripted import ScriptedGrader


def make_service(bank, store) -> InterviewService:
    return InterviewService(bank, grader=ScriptedGrader(), store=store, follow_ups=FollowUpWriter())


def test_one_interview_per_session_and_a_long_random_id(scripted_bank, store):
    service = make_service(scripted_bank, store)
    interview = service.start(["Computer Vision"], "easy", 2, 0, seed=1)
    assert re.fullmatch(r"[0-9a-f]{16}", interview.session_id)
    assert service.get(interview.session_id) is interview
    assert service.get(f"  {interview.session_id.upper()} ") is interview
    other = service.start(["Computer Vision"], "easy", 2, 0, seed=1)
    assert other.session_id != interview.session_id and service.get(other.session_id) is other


def test_only_the_whole_id_gives_access(scripted_bank, store):
    service = make_service(scripted_bank, store)
    session_id = service.start([], "adaptive", 2, 0).session_id
    for wrong in (session_id[:8], session_id[:-1], "f" * 16, "not-an-id", "x" * 500):
        with pytest.raises(InterviewerError, match="No session with the id") as raised:
            service.get(wrong)
        assert str(store.path) not in str(raised.value)
    with pytest.raises(InterviewerError, match="start an interview"):
        service.get("")


def test_a_new_server_resumes_the_stored_session(scripted_bank, store):
    first = make_service(scripted_bank, store).start(["Architectures"], "medium", 2, 0, seed=3)
    asked = first.current
    make_service(scripted_bank, store).get(first.session_id).answer("good answer")  # the old object is gone
    resumed = make_service(scripted_bank, store).get(first.session_id)
    assert resumed.current.question_number == 2 and resumed.turns[0].turn.text == asked.text


def test_idle_interviews_are_let_go_and_resumed_from_the_store(scripted_bank, store, monkeypatch):
    from interviewer.web import interviews

    clock = [1000.0]
    monkeypatch.setattr(interviews.time, "monotonic", lambda: clock[0])
    service = make_service(scripted_bank, store)
    abandoned = service.start(["Architectures"], "medium", 3, 0, seed=3)
    service.answer(abandoned, "good answer")
    clock[0] += interviews.IDLE_SECONDS - 1
    kept = service.start(["Architectures"], "medium", 3, 0, seed=4)
    assert service.get(abandoned.session_id) is abandoned  # not idle long enough; using it counts as use
    clock[0] += interviews.IDLE_SECONDS + 1
    service.get(kept.session_id)  # any use lets go of interviews idle for longer
    assert set(service._live) == {kept.session_id}
    back = service.get(abandoned.session_id)
    assert back is not abandoned and back.current.question_number == 2 and back.current.text == abandoned.current.text


def test_end_finishes_the_session_and_forgets_it(scripted_bank, store):
    service = make_service(scripted_bank, store)
    interview = service.start(["Architectures"], "medium", 3, 0)
    service.answer(interview, "good answer")
    summary = service.end(interview.session_id)
    assert summary.status == "finished" and summary.answered == 1
    with pytest.raises(InterviewerError, match="is finished"):
        service.get(interview.session_id)
    assert service.end(interview.session_id).to_dict() == summary.to_dict()  # ending twice is harmless
    assert service.summary(interview.session_id).overall_score == summary.overall_score


def test_an_oversized_answer_is_refused_before_anything_is_stored(scripted_bank, store):
    service = make_service(scripted_bank, store)
    interview = service.start([], "adaptive", 1, 0)
    with pytest.raises(InterviewerError, match="at most 200,000 are accepted"):
        service.answer(interview, "x" * (MAX_ACCEPTED_ANSWER_CHARS + 1))
    [record] = store.turns(store.session(interview.session_id))
    assert record.status == "pending" and record.answer is None
    outcome = service.answer(interview, "good " + "x" * 30_000)
    assert outcome.truncated and outcome.finished


def test_setup_errors_are_one_line_messages(scripted_bank, store):
    service = make_service(scripted_bank, store)
    with pytest.raises(InterviewerError, match="unknown topic 'astrology'; topics: Architectures"):
        service.start(["astrology"])
    with pytest.raises(InterviewerError, match="whole numbers"):
        service.start([], "adaptive", "five", 0)
    assert store.sessions() == []


def test_references_follow_each_question(scripted_bank, store):
    service = make_service(scripted_bank, store)
    interview = service.start(["Optimization & Training"], "easy", 2, 1, seed=2)
    service.answer(interview, "weak answer")  # gets a follow-up on the same question
    assert interview.current.kind == "follow_up"
    references = service.references(interview)
    assert list(references) == [1] and references[1].startswith("Reference answer about")


@pytest.mark.parametrize("reason, expected", [
    ("no_speech", "No speech was detected"), ("undecodable", "cannot be used as a recording: broken"),
    ("too_long", "cannot be used: broken"), ("missing", "did not reach the server")])
def test_audio_errors_never_show_the_temporary_path(reason, expected):
    message = audio_error_message(AudioError("/tmp/gradio/abc123/answer.wav", "broken", reason))
    assert expected in message and "/tmp/gradio" not in message


def test_auth_is_opt_in_and_must_name_a_user_and_a_password(capsys):
    assert parse_args([]).auth is None and parse_args([]).host == "127.0.0.1"
    assert parse_args(["--auth", "ann:pa:ss", "--auth", "bo:x"]).auth == [("ann", "pa:ss"), ("bo", "x")]
    for bad in ("ann", "ann:", ":secret"):
        with pytest.raises(SystemExit):
            parse_args(["--auth", bad])
        assert "expected USER:PASSWORD" in capsys.readouterr().err


def test_auth_file_keeps_passwords_off_the_command_line_and_names_a_bad_line(tmp_path, capsys):
    users = tmp_path / "users.txt"
    users.write_text("# the panel\nann:pa:ss\n\n  bo:x  \n", encoding="utf-8")
    assert parse_args(["--auth-file", str(users)]).auth == [("ann", "pa:ss"), ("bo", "x")]
    assert parse_args(["--auth", "cy:z", "--auth-file", str(users)]).auth == [("cy", "z"), ("ann", "pa:ss"), ("bo", "x")]
    for text, problem in (("ann:pa\nbo\n", f"{users}, line 2: expected USER:PASSWORD"),
                          ("# nobody\n", f"{users}: no USER:PASSWORD line")):
        users.write_text(text, encoding="utf-8")
        with pytest.raises(SystemExit):
            parse_args(["--auth-file", str(users)])
        assert problem in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse_args(["--auth-file", str(tmp_path / "missing.txt")])
    assert f"cannot read {tmp_path / 'missing.txt'}" in capsys.readouterr().err
