"""The "Question bank" tab of a real ``app.py`` server, driven by chromium and by ``gradio_client``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from interviewer.bank import QuestionBank
from interviewer.bank.schema import Question
from tests.web.conftest import WAIT_MS

pytestmark = pytest.mark.slow

APP = Path(__file__).resolve().parents[2] / "app.py"
# Asks about dropout without naming it or quoting its question.
PARAPHRASE = "randomly disabling neurons so the network generalizes better"


def nearest_chunk(embedder, records: list[dict], query: str, topic: str | None = None) -> tuple[str, float]:
    """The question id and cosine similarity of the chunk nearest to ``query``, computed here, not by the index."""
    from interviewer.index import bank_chunks

    questions = [Question.model_validate(q) for q in records if topic is None or q["topic"] == topic]
    chunks = bank_chunks(questions)
    vectors = embedder.encode([c.embedding_text for c in chunks])
    scores = vectors @ embedder.encode([query])[0]
    best = int(np.argmax(scores))
    return chunks[best].question_id, float(scores[best])


@pytest.fixture
def by_id(hand_made_questions) -> dict[str, dict]:
    return {q["id"]: q for q in hand_made_questions}


# -- the browser ------------------------------------------------------------------------------------
@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(server, timeout=WAIT_MS)
    page.get_by_role("tab", name="Question bank").click()  # the Interview tab comes first
    page.locator("#search-button").wait_for(timeout=WAIT_MS)
    yield page
    context.close()


def table_rows(page, elem_id: str) -> list[list[str]]:
    """The cell texts of the data rows shown in the Dataframe ``elem_id``."""
    rows = page.locator(f"#{elem_id} [role=row]").filter(has=page.locator("[role=gridcell]"))
    return [[text.strip() for text in row.locator("[role=gridcell]").all_inner_texts()] for row in rows.all()]


def choose(page, elem_id: str, option: str) -> None:
    """Pick ``option`` in the Dropdown ``elem_id``."""
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def test_search_shows_the_nearest_question_and_its_score(page, embedder, hand_made_questions, by_id):
    from playwright.sync_api import expect

    dropout = by_id["dropout"]
    expected_id, expected_score = nearest_chunk(embedder, hand_made_questions, PARAPHRASE)
    assert expected_id == "dropout"  # the paraphrase is a fair test of the search

    page.locator("#search-query").get_by_role("textbox").fill(PARAPHRASE)
    page.locator("#search-button").click()
    expect(page.locator("#search-message")).to_contain_text(PARAPHRASE, timeout=WAIT_MS)
    expect(page.locator("#search-results")).to_contain_text(dropout["question"], timeout=WAIT_MS)

    rows = table_rows(page, "search-results")
    assert len(rows) == 5  # the default number of results
    score, question, _chunk, _kind, topic, difficulty, source = rows[0]
    assert question == dropout["question"]
    assert (topic, difficulty) == (dropout["topic"], dropout["difficulty"])
    assert source.startswith("hand-made.md:")
    assert float(score) == pytest.approx(expected_score, abs=2e-3)
    shown = [float(row[0]) for row in rows]
    assert shown == sorted(shown, reverse=True)


def test_topic_filter_restricts_the_results(page, hand_made_questions, by_id):
    from playwright.sync_api import expect

    choose(page, "search-topic", "Computer Vision")
    query = page.locator("#search-query").get_by_role("textbox")
    query.fill(PARAPHRASE)
    query.press("Enter")
    expect(page.locator("#search-message")).to_contain_text("in Computer Vision", timeout=WAIT_MS)
    expect(page.locator("#search-results")).to_contain_text("Computer Vision", timeout=WAIT_MS)

    rows = table_rows(page, "search-results")
    vision = next(q for q in hand_made_questions if q["topic"] == "Computer Vision")
    assert rows, "no results for a topic that has reference chunks"
    assert {row[4] for row in rows} == {"Computer Vision"}
    assert {row[1] for row in rows} == {vision["question"]}
    assert by_id["dropout"]["question"] not in page.locator("#search-results").inner_text()


def test_empty_query_shows_a_message_and_no_results(page):
    from playwright.sync_api import expect

    page.locator("#search-query").get_by_role("textbox").fill("   ")
    page.locator("#search-button").click()
    expect(page.locator("#search-message")).to_contain_text("search box is empty", timeout=WAIT_MS)
    assert table_rows(page, "search-results") == []


def test_question_list_shows_the_bank_and_filters_by_topic(page, hand_made_questions, by_id):
    from playwright.sync_api import expect

    dropout = by_id["dropout"]
    rows = table_rows(page, "question-list")
    assert [row[0] for row in rows] == [q["id"] for q in hand_made_questions]
    by_id = {row[0]: row for row in rows}
    assert by_id["dropout"][1:] == [dropout["question"], dropout["topic"], dropout["difficulty"], "yes (3)"]
    assert by_id["word-embeddings"][4] == "no"

    choose(page, "browse-topic", "NLP & Speech")
    expect(page.locator("#browse-message")).to_contain_text("1 question in NLP & Speech", timeout=WAIT_MS)
    expect(page.locator("#question-list")).not_to_contain_text("dropout", timeout=WAIT_MS)
    assert [row[0] for row in table_rows(page, "question-list")] == ["word-embeddings"]


def test_selecting_a_question_shows_its_model_answer_and_scheme(page, by_id):
    from playwright.sync_api import expect

    detail = page.locator("#question-detail")
    expect(detail).to_contain_text("Select a question", timeout=WAIT_MS)
    page.locator("#question-list [role=gridcell]").filter(has_text="What is dropout").first.click()
    expect(detail).to_contain_text(by_id["dropout"]["model_answer"][:60], timeout=WAIT_MS)
    expect(detail).to_contain_text("Dropout stays switched on at test time.")
    expect(detail).to_contain_text(by_id["dropout"]["key_points"][0]["probe"])


# -- the API -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    return Client(server, verbose=False, download_files=False)


def test_search_endpoint_returns_rows_with_scores(client, embedder, hand_made_questions, by_id):
    expected_id, expected_score = nearest_chunk(embedder, hand_made_questions, PARAPHRASE)
    message, table = client.predict(PARAPHRASE, 3, "All topics", api_name="/search")

    assert PARAPHRASE in message
    assert table["headers"] == ["Score", "Question", "Reference chunk", "Kind", "Topic", "Difficulty", "Source"]
    assert len(table["data"]) == 3
    top = dict(zip(table["headers"], table["data"][0]))
    assert top["Question"] == by_id[expected_id]["question"]
    assert top["Score"] == pytest.approx(expected_score, abs=2e-3)


def test_search_endpoint_filters_by_topic(client, embedder, hand_made_questions, by_id):
    topic = "Optimization & Training"
    expected_id, expected_score = nearest_chunk(embedder, hand_made_questions, PARAPHRASE, topic=topic)
    _, table = client.predict(PARAPHRASE, 10, topic, api_name="/search")

    rows = [dict(zip(table["headers"], row)) for row in table["data"]]
    assert rows and {row["Topic"] for row in rows} == {topic}
    assert rows[0]["Question"] == by_id[expected_id]["question"]
    assert rows[0]["Score"] == pytest.approx(expected_score, abs=2e-3)


def test_search_endpoint_answers_an_empty_query_with_a_message(client):
    message, table = client.predict("", 5, "All topics", api_name="/search")
    assert "search box is empty" in message
    assert table["data"] == []


def test_questions_endpoint_lists_the_bank_by_topic(client, hand_made_questions):
    message, table = client.predict("All topics", api_name="/questions")
    assert message.startswith(f"{len(hand_made_questions)} questions")
    assert [row[0] for row in table["data"]] == [q["id"] for q in hand_made_questions]
    bank = QuestionBank([Question.model_validate(q) for q in hand_made_questions])
    for topic in bank.topics:
        _, table = client.predict(topic, api_name="/questions")
        assert [row[0] for row in table["data"]] == [q.id for q in bank.with_topic(topic)]
        assert {row[2] for row in table["data"]} == {topic}


def test_question_endpoint_returns_one_questions_scheme(client, by_id):
    text = client.predict("dropout", api_name="/question")
    assert by_id["dropout"]["model_answer"] in text and "Misconceptions" in text
    assert "No question with the id" in client.predict("nope", api_name="/question")


# -- app.py itself ------------------------------------------------------------------------------------
def test_app_reports_a_bad_bank_in_one_line(tmp_path, isolated_home):
    result = subprocess.run([sys.executable, str(APP), "--bank", str(tmp_path / "missing.jsonl")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"error: {tmp_path / 'missing.jsonl'}: file not found"]
    assert not isolated_home.exists()  # nothing was created before the bank loaded
