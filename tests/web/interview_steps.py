"""Steps of a mock interview in the page, as a candidate would take them (Playwright, sync API)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.web.conftest import WAIT_MS

AUDIO_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
DROPOUT_QUESTION = "What is dropout and why does it reduce overfitting?"
# Good typed answers to the hand-made bank's questions (tests/web/conftest.py).
GOOD_ANSWERS = {
    DROPOUT_QUESTION: "Dropout randomly zeroes activations during training, so neurons cannot co-adapt and rely on "
                      "each other; the network learns redundant features, which reduces overfitting.",
    "How does batch normalization speed up training?":
        "Batch normalization normalizes each layer's inputs with the mini-batch mean and variance, then applies a "
        "learned scale and shift. Keeping the input distribution stable allows higher learning rates, so training "
        "converges in fewer steps.",
    "What does non-maximum suppression do in object detection?":
        "The detector proposes many overlapping boxes for one object. Non-maximum suppression keeps the box with "
        "the highest confidence and removes the boxes whose intersection over union with it is above a threshold.",
    "How do word embeddings capture the meaning of words?":
        "Words that appear in similar contexts get nearby vectors, because the embeddings are learned from "
        "co-occurrence statistics in large corpora.",
}
# Read-aloud calls are recorded instead of spoken (headless chromium has no voices).
RECORD_SPEECH = ("window.__spoken = [];"
                 "if (window.speechSynthesis) { window.speechSynthesis.speak = (u) => window.__spoken.push(u.text); }")


def open_page(browser, url: str):
    """A fresh browser context (its own local storage: another candidate) on the page; returns the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script(RECORD_SPEECH)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(url, timeout=WAIT_MS)
    page.locator("#start-button").wait_for()
    return page


def start_interview(page, topics: list[str], questions: int, follow_ups: int) -> str:
    """Set up and start an interview; returns its session id (shown in the status line)."""
    from playwright.sync_api import expect

    for topic in topics:
        page.locator("#setup-topics input").click()
        page.get_by_role("option", name=topic, exact=True).click()
    page.keyboard.press("Escape")
    for elem_id, value in (("setup-questions", questions), ("setup-follow-ups", follow_ups)):
        page.locator(f"#{elem_id} input[type=number]").fill(str(value))
        page.locator(f"#{elem_id} input[type=number]").press("Enter")
    page.locator("#start-button").click()
    expect(page.locator("#interview-status")).to_contain_text("started", timeout=WAIT_MS)
    return re.search(r"Session ([0-9a-f]{16}) started", page.locator("#interview-status").inner_text())[1]


def question_shown(page, number: int, of: int) -> str:
    """Wait for question ``number`` of ``of``; returns its text."""
    from playwright.sync_api import expect

    expect(page.locator("#current-question")).to_contain_text(f"Question {number} of {of}", timeout=WAIT_MS)
    return page.locator("#current-question h3").inner_text().strip()


def answer_box(page):
    return page.locator("#answer-box textarea")


def submit(page, text: str | None = None) -> None:
    if text is not None:
        answer_box(page).fill(text)
    page.locator("#submit-button").click()


def upload_and_transcribe(page, audio: Path) -> None:
    """Upload a recording into the Audio component and press Transcribe (the result lands in the answer box)."""
    from playwright.sync_api import expect

    component = page.locator("#answer-audio")
    if component.locator("input[type=file]").count() == 0:
        component.locator('button[aria-label="Upload file"]').click()
    component.locator("input[type=file]").set_input_files(str(audio))
    expect(component.locator('button[aria-label="Clear"]')).to_be_visible(timeout=WAIT_MS)  # uploaded
    page.locator("#transcribe-button").click()


def clear_audio(page) -> None:
    page.locator('#answer-audio button[aria-label="Clear"]').click()


def cards(page):
    """The grade cards, newest first."""
    return page.locator("#grade-cards .grade-card")


def status(page) -> str:
    return page.locator("#interview-status").inner_text()
