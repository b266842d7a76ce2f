"""The end-of-session summary, its Markdown, and the HTML report with embedded plots."""

from __future__ import annotations

import base64
import re

from interviewer.interview import build_summary, report_html, write_html_report
from tests.interview.scripted import ScriptedGrader, make_result


def play(interview, answers):
    """Answer turns in order; ``/skip`` skips, ``/hint`` asks for a hint first (then the next answer)."""
    for answer in answers:
        if answer == "/skip":
            interview.skip()
        elif answer == "/hint":
            interview.hint()
        else:
            interview.answer(answer)


def test_the_summary_reports_scores_misses_reviews_and_what_to_practise(start, tiny_bank):
    interview = start(questions=4, max_follow_ups=1)
    play(interview, ["a good answer", "a weak answer", "no idea", "/skip", "/hint", "a good answer"])
    summary = interview.summary()
    assert summary.status == "finished"
    assert (summary.questions_asked, summary.answered, summary.skipped, summary.unscored) == (4, 3, 1, 0)
    assert summary.overall_score == round((4.6 + 2.0 + 4.0) / 3, 2)  # the skip is not a zero
    assert sum(t.answered for t in summary.per_topic) == 3 and sum(t.skipped for t in summary.per_topic) == 1

    weak = next(r for r in summary.review if r.outcome == "answered")
    question = tiny_bank.get(weak.question_id)
    assert weak.score == 2.0 and weak.missed_points == question.point_texts[1:]
    assert weak.reference == question.references[0].text
    assert [r.outcome for r in summary.review] == ["skipped", "answered"]  # skipped first, then by score

    # The point the follow-up asked about and the candidate missed again leads the list.
    first = summary.missed_points[0]
    assert first.point == question.point_texts[1] and first.times_missed == 2 and first.recovered is False

    ratings = [t.rating for t in summary.practise_next]
    assert ratings == sorted(ratings) and summary.practise_next[0].rating < 1500
    strongest = max(summary.per_topic, key=lambda t: t.rating)
    assert strongest.mean_score == 4.6 and strongest.topic not in [t.topic for t in summary.practise_next]

    markdown = summary.to_markdown()
    for heading in ("## Scores by topic", "## Follow-ups", "## Hints", "## Key points most often missed",
                    "## Questions to review", "## What to practise next"):
        assert heading in markdown
    assert "Overall score: 3.5 / 5** (mean of 3 scored questions)" in markdown
    assert "1 skipped" in markdown and "missed again in the follow-up" in markdown
    assert f"`interviewer practice --topic {summary.practise_next[0].topic.lower().replace(' & ', '-').replace(' ', '-')}`" in markdown


def test_an_unfinished_session_summary_says_how_to_resume(start, store):
    interview = start(questions=3, max_follow_ups=0)
    interview.answer("a good answer")
    summary = build_summary(store, interview.session_id)
    assert summary.status == "active" and summary.questions_asked == 1
    assert f"interviewer practice --resume {interview.session_id}" in summary.to_markdown()


def test_a_summary_with_nothing_scored_has_no_score(start):
    interview = start(questions=1, max_follow_ups=0)
    summary = interview.skip().summary
    assert summary.overall_score is None and "Overall score: none" in summary.to_markdown()


def data_uri_images(html: str) -> list[bytes]:
    return [base64.b64decode(m) for m in re.findall(r'<img alt="[^"]+" src="data:image/png;base64,([^"]+)"', html)]


def test_the_html_report_embeds_its_plots_and_escapes_bank_text(start, store, tmp_path, tiny_bank):
    for seed in (1, 2):
        interview = start(questions=3, max_follow_ups=0, seed=seed)
        play(interview, ["a good answer", "a weak answer", "/skip"])
    path = write_html_report(store, interview.session_id, tmp_path / "out" / "report.html")
    html = path.read_text(encoding="utf-8")
    images = data_uri_images(html)
    assert len(images) == 2 and all(image.startswith(b"\x89PNG\r\n\x1a\n") for image in images)
    assert "<h1>Interview " in html and "<table>" in html and "Scores by topic" in html
    assert "src=\"http" not in html and "<script" not in html

    # Text from the bank or from answers is never HTML.
    graded = ScriptedGrader(lambda c, a: make_result(c, 1.0, ["missing"] * len(c.key_points)))
    hostile = tiny_bank.questions[0].model_copy(update={"question": "What is <script>alert(1)</script>?",
                                                        "id": "hostile-0"})
    from interviewer.bank import QuestionBank

    bank = QuestionBank([hostile])
    interview = start(bank=bank, grader_=graded, questions=1, max_follow_ups=0)
    interview.answer("anything")
    page = report_html(store, interview.session_id)
    assert "<script>" not in page and "&lt;script&gt;" in page
