"""The named interview endpoints of a real ``app.py`` server (started with ``--auth``), through ``gradio_client``."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.web.interview_steps import AUDIO_DIR, DROPOUT_QUESTION, GOOD_ANSWERS

pytestmark = pytest.mark.slow

USER, PASSWORD = "candidate", "correct-horse"
SERVER_ARGS = ["--auth", f"{USER}:{PASSWORD}"]
ENDPOINTS = {"/start_session", "/resume_session", "/answer", "/skip", "/hint", "/end_session"}
ALL_TOPICS = ["Regularization & Generalization", "Optimization & Training", "Computer Vision", "NLP & Speech"]


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    return Client(server, auth=(USER, PASSWORD), verbose=False, download_files=False)


def app_error(client, *args, api_name: str) -> str:
    """The message of the error an endpoint raises for ``args``."""
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as raised:
        client.predict(*args, api_name=api_name)
    return str(raised.value)


def test_the_page_asks_for_a_login(server):
    from gradio_client import Client

    assert httpx.get(server + "config", timeout=30).status_code == 401
    with pytest.raises(Exception, match="(?i)login|auth|401"):
        Client(server, auth=(USER, "wrong"), verbose=False)


def test_endpoints_are_named_and_documented(client):
    endpoints = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    assert ENDPOINTS <= set(endpoints)
    assert [p["parameter_name"] for p in endpoints["/answer"]["parameters"]] == ["session_id", "text", "audio"]
    assert [p["parameter_name"] for p in endpoints["/start_session"]["parameters"]] == [
        "topics", "difficulty", "questions", "follow_ups", "seed"]


def test_start_answer_by_text_and_by_audio_then_end(client):
    from gradio_client import handle_file

    session_id, question = client.predict(["Regularization & Generalization", "Optimization & Training"],
                                          "adaptive", 2, 0, 11, api_name="/start_session")
    assert re.fullmatch(r"[0-9a-f]{16}", session_id)
    assert question["session_id"] == session_id and question["label"] == "Question 1 of 2"
    answers = []
    for _ in range(2):
        if question["text"] == DROPOUT_QUESTION:
            outcome, following = client.predict(session_id, audio=handle_file(str(AUDIO_DIR / "dropout_answer.wav")),
                                                api_name="/answer")
            transcript = outcome["transcript"]
            assert re.search(r"drop ?out", transcript["text"], re.IGNORECASE) and transcript["words"]
            assert "neurons" in outcome["answer_text"] and " um" not in f" {outcome['answer_text'].lower()}"
            delivery = outcome["delivery"]
            assert delivery["words_per_minute"] > 60 and delivery["filler_total"] >= 1
            answers.append("audio")
        else:
            outcome, following = client.predict(session_id, GOOD_ANSWERS[question["text"]], api_name="/answer")
            assert outcome["transcript"] is None and outcome["delivery"] is None
            answers.append("text")
        grade = outcome["grade"]
        assert outcome["graded"] and grade["status"] == "graded" and grade["question"] == question["text"]
        assert outcome["score"] == grade["score"] and 0 <= outcome["score"] <= 5
        assert {c["criterion"] for c in grade["criteria"]} == {"correctness", "completeness", "depth", "clarity"}
        assert grade["key_points"] and all(v["status"] for v in grade["key_points"])
        question = following
    assert sorted(answers) == ["audio", "text"]
    assert question is None and outcome["finished"]
    assert outcome["summary"]["session_id"] == session_id and outcome["summary"]["answered"] == 2

    summary = client.predict(session_id, api_name="/end_session")  # ending again gives the same summary
    assert summary["status"] == "finished" and summary["questions_asked"] == 2
    assert {t["topic"] for t in summary["per_topic"]} == {"Regularization & Generalization", "Optimization & Training"}
    assert "is finished" in app_error(client, session_id, "more", None, api_name="/answer")


def test_hint_skip_follow_up_and_resume(client):
    session_id, question = client.predict(["Computer Vision"], "adaptive", 1, 1, 5, api_name="/start_session")
    hint = client.predict(session_id, api_name="/hint")
    assert "can score at most 4.0" in hint
    assert client.predict(session_id, api_name="/resume_session")["hints_used"] == 1

    outcome, follow_up = client.predict(session_id, "Boxes are drawn around objects.", None, api_name="/answer")
    assert outcome["score"] <= 4.0 and follow_up["kind"] == "follow_up"  # a weak answer gets a follow-up
    assert follow_up["label"] == "Question 1 of 1, follow-up 1"
    assert client.predict(session_id, api_name="/resume_session") == follow_up
    outcome, following = client.predict(session_id, api_name="/skip")
    assert not outcome["graded"] and outcome["message"] == "Follow-up skipped." and following is None
    assert outcome["finished"] and outcome["summary"]["follow_ups"][0]["outcome"] == "skipped"


def test_bad_input_is_refused_with_a_message_and_the_session_survives(client, tmp_path):
    from gradio_client import handle_file

    assert "unknown topic 'quantum chemistry'" in app_error(client, ["quantum chemistry"], "adaptive", 2, 0, None,
                                                            api_name="/start_session")
    assert "unknown difficulty" in app_error(client, [], "impossible", 2, 0, None, api_name="/start_session")
    assert "number of questions" in app_error(client, [], "adaptive", 0, 0, None, api_name="/start_session")

    session_id, question = client.predict(ALL_TOPICS, "easy", 2, 0, 3, api_name="/start_session")
    assert "No session with the id" in app_error(client, "0123456789abcdef", "text", None, api_name="/answer")
    assert "No session with the id" in app_error(client, session_id[:8], "text", None, api_name="/answer")
    assert "No session with the id" in app_error(client, session_id[:8], api_name="/end_session")

    outcome, same = client.predict(session_id, "  ", None, api_name="/answer")
    assert not outcome["graded"] and "The answer is empty" in outcome["message"] and same == question
    corrupt = tmp_path / "corrupt.wav"
    corrupt.write_bytes(b"\x00\x01not audio at all" * 100)
    for recording, expected in ((AUDIO_DIR / "silence.wav", "No speech was detected"),
                                (corrupt, "cannot be used as a recording")):
        message = app_error(client, session_id, None, handle_file(str(recording)), api_name="/answer")
        assert expected in message and str(recording.parent) not in message
    assert "not both" in app_error(client, session_id, "typed", handle_file(str(AUDIO_DIR / "dropout_answer.wav")),
                                   api_name="/answer")
    assert "at most 200,000 are accepted" in app_error(client, session_id, "x" * 200_001, None, api_name="/answer")
    assert client.predict(session_id, api_name="/resume_session") == question  # nothing was lost or graded

    long_answer = (GOOD_ANSWERS[question["text"]] + " ") * 600
    outcome, _ = client.predict(session_id, long_answer[:100_000], None, api_name="/answer")
    assert outcome["graded"] and outcome["truncated"] and "only the first" in outcome["message"]
    summary = client.predict(session_id, api_name="/end_session")
    assert summary["answered"] == 1 and summary["questions_asked"] == 1
