"""The Interview and History tabs of a real ``app.py`` server, driven by chromium like a candidate would.

The grader is the real offline grader and speech goes through the real faster-whisper tiny.en: nothing
under test is faked. Questions come in an order that depends on the topics' ability estimates, so
each test answers whichever question it is asked (the spoken answer goes to the dropout question).
"""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import WAIT_MS
from tests.web.interview_steps import (AUDIO_DIR, DROPOUT_QUESTION, GOOD_ANSWERS, answer_box, cards, clear_audio,
                                       open_page, question_shown, start_interview, status, submit,
                                       upload_and_transcribe)

pytestmark = pytest.mark.slow

TWO_TOPICS = ["Regularization & Generalization", "Optimization & Training"]
CRITERIA = ("Correctness", "Completeness", "Depth of reasoning", "Clarity")
EDIT = " At test time every unit is kept and the activations are scaled."


@pytest.fixture
def page(browser, server):
    page = open_page(browser, server)
    yield page
    page.context.close()


def expect_grade_card(card, question: str) -> str:
    """Check one card's parts (score, criteria, key points, hidden reference); returns its text."""
    from playwright.sync_api import expect

    text = card.inner_text()
    assert question in text
    assert re.search(r"Score \d\.\d / 5", text)
    for title in CRITERIA:
        assert title in card.locator(".grade-criteria").inner_text()
    assert re.search(r"(Covered|Partly covered|Missed|Wrong \(contradicts the reference\)) \(\d\)", text)
    reference = card.locator("details.grade-reference blockquote")
    expect(reference).to_be_hidden()
    card.locator("details.grade-reference summary").click()
    expect(reference).to_be_visible()
    return text


def test_two_question_interview_with_a_typed_and_a_spoken_answer(page, hand_made_questions):
    from playwright.sync_api import expect

    references = {q["question"]: q.get("model_answer") or q["references"][0]["text"]
                  for q in hand_made_questions if q["references"]}
    start_interview(page, TWO_TOPICS, questions=2, follow_ups=0)
    ways = []
    for number in (1, 2):
        question = question_shown(page, number, 2)
        if question == DROPOUT_QUESTION:
            upload_and_transcribe(page, AUDIO_DIR / "dropout_answer.wav")
            expect(page.locator("#transcript-note")).to_contain_text("Transcribed", timeout=WAIT_MS)
            transcript = answer_box(page).input_value()
            assert re.search(r"drop ?out", transcript, re.IGNORECASE) and "neurons" in transcript
            assert "words per minute" in page.locator("#transcript-note").inner_text()
            answer_box(page).fill(transcript + EDIT)  # the transcript can be corrected before submitting
            submit(page)
            ways.append("spoken")
        else:
            submit(page, GOOD_ANSWERS[question])
            ways.append("typed")
        expect(cards(page)).to_have_count(number, timeout=WAIT_MS)
        card = cards(page).first
        text = expect_grade_card(card, question)
        assert references[question][:60] in card.locator("details.grade-reference").inner_text()
        if question == DROPOUT_QUESTION:
            assert "Delivery (spoken answer; never part of the score)" in text and "words per minute" in text
            expect(page.locator("#interview-chat")).to_contain_text(EDIT.strip())
            expect(page.locator("#interview-chat")).to_contain_text("(spoken)")
        else:
            assert "Delivery" not in text
            assert card.locator(".grade-evidence").count() >= 1  # the words of the answer that cover a point
            expect(page.locator("#interview-chat")).to_contain_text(GOOD_ANSWERS[question][:50])
    assert sorted(ways) == ["spoken", "typed"]
    expect(page.locator("#interview-status")).to_contain_text("The interview is over", timeout=WAIT_MS)
    summary = page.locator("#session-summary")
    expect(summary).to_contain_text("Overall score", timeout=WAIT_MS)
    expect(summary).to_contain_text("Scores by topic")
    for topic in TWO_TOPICS:
        expect(summary).to_contain_text(topic)


def test_skip_hint_repeat_read_aloud_and_end(page):
    from playwright.sync_api import expect

    start_interview(page, ["Computer Vision", "NLP & Speech"], questions=2, follow_ups=0)
    first = question_shown(page, 1, 2)
    answer_box(page).fill("a draft")
    page.locator("#hint-button").click()
    expect(page.locator("#interview-status")).to_contain_text("can score at most 4.0", timeout=WAIT_MS)
    expect(page.locator("#interview-chat")).to_contain_text("Hint:")
    assert answer_box(page).input_value() == "a draft"  # a hint keeps what was typed

    page.locator("#repeat-button").click()
    repeated = f"The interviewer repeats: “{first}”"
    expect(page.locator("#interview-status")).to_contain_text(repeated, timeout=WAIT_MS)
    page.locator("#read-aloud-button").click()
    page.wait_for_function("window.__spoken.length > 0", timeout=WAIT_MS)
    assert page.evaluate("window.__spoken") == [first]

    page.locator("#skip-button").click()
    second = question_shown(page, 2, 2)
    assert second != first
    expect(cards(page).first).to_contain_text("skipped")
    page.locator("#end-button").click()
    summary = page.locator("#session-summary")
    expect(summary).to_contain_text("Questions to review", timeout=WAIT_MS)
    expect(summary).to_contain_text(first)  # the skipped question, with its reference answer
    expect(summary).to_contain_text("What to practise next")
    expect(page.locator("#current-question")).to_contain_text("The interview is over")


def test_bad_input_gets_a_message_and_loses_nothing(page, tmp_path):
    from playwright.sync_api import expect

    session_id = start_interview(page, ["Computer Vision"], questions=1, follow_ups=0)
    question = question_shown(page, 1, 1)

    submit(page, "   ")
    expect(page.locator("#interview-status")).to_contain_text("The answer is empty", timeout=WAIT_MS)
    assert cards(page).count() == 0 and question_shown(page, 1, 1) == question

    answer_box(page).fill("my draft answer")
    upload_and_transcribe(page, AUDIO_DIR / "silence.wav")
    expect(page.locator("#interview-status")).to_contain_text("No speech was detected", timeout=WAIT_MS)
    assert "Record your answer again" in status(page)
    assert answer_box(page).input_value() == "my draft answer"

    clear_audio(page)
    corrupt = tmp_path / "corrupt-answer.wav"
    corrupt.write_bytes(b"RIFF\x00\x00\x00\x00WAVEnot really audio" * 50)
    upload_and_transcribe(page, corrupt)
    expect(page.locator("#interview-status")).to_contain_text("cannot be used as a recording", timeout=WAIT_MS)
    assert "/tmp" not in status(page) and "gradio" not in status(page)  # no server path
    assert answer_box(page).input_value() == "my draft answer"
    assert cards(page).count() == 0 and question_shown(page, 1, 1) == question

    long_answer = (GOOD_ANSWERS[question] + " ") * (100_000 // len(GOOD_ANSWERS[question]) + 1)
    long_answer = long_answer[:100_000]
    submit(page, long_answer)
    expect(cards(page)).to_have_count(1, timeout=WAIT_MS)
    assert "100,000 characters long; only the first" in status(page)
    assert "very long answer was graded" in cards(page).first.inner_text()
    expect(page.locator("#interview-chat")).to_contain_text("more characters, 100,000 in all")
    expect(page.locator("#session-summary")).to_contain_text(f"Interview {session_id}")


def test_two_candidates_never_see_each_other(browser, server):
    from playwright.sync_api import expect

    alice, bob = open_page(browser, server), open_page(browser, server)
    try:
        alice_id = start_interview(alice, ["Computer Vision"], questions=1, follow_ups=0)
        bob_id = start_interview(bob, ["NLP & Speech"], questions=1, follow_ups=0)
        assert alice_id != bob_id
        alice_question, bob_question = question_shown(alice, 1, 1), question_shown(bob, 1, 1)
        assert alice_question != bob_question
        submit(alice, GOOD_ANSWERS[alice_question])
        expect(cards(alice)).to_have_count(1, timeout=WAIT_MS)

        bob_chat = bob.locator("#interview-chat").inner_text()
        assert alice_question not in bob_chat and GOOD_ANSWERS[alice_question][:40] not in bob_chat
        assert cards(bob).count() == 0 and question_shown(bob, 1, 1) == bob_question
        for page, mine, theirs in ((alice, alice_id, bob_id), (bob, bob_id, alice_id)):
            page.get_by_role("tab", name="History").click()
            expect(page.locator("#history-message")).to_contain_text("1 session from this browser",
                                                                     timeout=WAIT_MS)
            table = page.locator("#history-table").inner_text()
            assert mine in table and theirs not in table
    finally:
        alice.context.close()
        bob.context.close()


def test_an_interrupted_session_is_offered_and_resumed(page, server):
    from playwright.sync_api import expect

    session_id = start_interview(page, [*TWO_TOPICS, "Computer Vision"], questions=3, follow_ups=0)
    first = question_shown(page, 1, 3)
    submit(page, GOOD_ANSWERS[first])
    second = question_shown(page, 2, 3)
    answered_card = cards(page).first.inner_text()

    page.reload()  # the tab is gone; the session is in the store
    offer = page.locator("#resume-offer")
    expect(offer).to_be_visible(timeout=WAIT_MS)
    expect(offer).to_contain_text(session_id)
    page.locator("#resume-offer-button").click()
    expect(page.locator("#interview-status")).to_contain_text(f"Session {session_id} resumed", timeout=WAIT_MS)
    assert question_shown(page, 2, 3) == second
    expect(page.locator("#interview-chat")).to_contain_text(GOOD_ANSWERS[first][:50])
    assert cards(page).first.inner_text() == answered_card

    other_tab = page.context.new_page()  # the same browser: its History lists the session
    other_tab.goto(server, timeout=WAIT_MS)
    other_tab.get_by_role("tab", name="History").click()
    expect(other_tab.locator("#history-table")).to_contain_text(session_id, timeout=WAIT_MS)
    assert "resumable" in other_tab.locator("#history-table").inner_text()
    expect(other_tab.locator("#history-plot img")).to_be_visible(timeout=WAIT_MS)
    other_tab.locator("#history-table").get_by_text(session_id).last.click()
    expect(other_tab.locator("#history-session-id input")).to_have_value(session_id, timeout=WAIT_MS)
    other_tab.locator("#history-resume-button").click()
    expect(other_tab.locator("#interview-status")).to_contain_text(f"Session {session_id} resumed", timeout=WAIT_MS)
    assert question_shown(other_tab, 2, 3) == second

    submit(other_tab, GOOD_ANSWERS[second])
    third = question_shown(other_tab, 3, 3)
    submit(page, "an answer to a question the other tab has answered")  # this tab still shows the second
    expect(page.locator("#interview-status")).to_contain_text("moved on", timeout=WAIT_MS)
    assert question_shown(page, 3, 3) == third
    assert answer_box(page).input_value() == "an answer to a question the other tab has answered"
    submit(other_tab, GOOD_ANSWERS[third])
    expect(other_tab.locator("#session-summary")).to_contain_text("Overall score", timeout=WAIT_MS)
    submit(page)
    expect(page.locator("#interview-status")).to_contain_text(f"Session {session_id} is finished", timeout=WAIT_MS)

    other_tab.get_by_role("tab", name="History").click()
    other_tab.locator("#history-session-id input").fill("0000" + session_id[4:])
    other_tab.locator("#history-summary-button").click()
    expect(other_tab.locator("#history-summary")).to_contain_text("No session with the id", timeout=WAIT_MS)
    other_tab.locator("#history-session-id input").fill(session_id)
    other_tab.locator("#history-summary-button").click()
    expect(other_tab.locator("#history-summary")).to_contain_text(f"Interview {session_id}", timeout=WAIT_MS)
