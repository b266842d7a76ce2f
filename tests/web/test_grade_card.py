"""Grade cards, the chat and the History tab's table and plot, computed from real stored sessions."""

from __future__ import annotations

from interviewer.interview import FollowUpWriter, Interview, SessionPlan
from interviewer.web.grade_card import delivery_summary, grade_card_html, grade_cards_html
from interviewer.web.history_page import history_rows, progress_figure, topic_progress
from interviewer.web.interview_view import answer_preview, chat_messages, outcome_message
from tests.interview.scripted import ScriptedGrader

DELIVERY = {"words_per_minute": 151.6, "filler_counts": {"um": 2, "basically": 1, "uh": 0}, "filler_total": 3,
            "long_pause_count": 1, "longest_pause_seconds": 1.54, "pause_threshold_seconds": 1.0}


def interview(bank, store, topics=("Computer Vision",), questions=3, follow_ups=0, seed=4) -> Interview:
    return Interview.start(SessionPlan(topics, "easy", questions, follow_ups, seed), bank=bank, grader=ScriptedGrader(),
                           store=store, follow_ups=FollowUpWriter())


def test_a_card_shows_the_score_criteria_key_points_with_evidence_and_a_hidden_reference(scripted_bank, store):
    session = interview(scripted_bank, store)
    session.hint()
    session.answer("wrong: <script>alert('x')</script> boxes are never merged", delivery=DELIVERY)
    record = session.turns[0]
    card = grade_card_html(record, "The <b>reference</b> answer.", {"correctness": "Correctness"})

    assert 'class="grade-score">Score 1.0 / 5</span>' in card
    assert "<script>" not in card and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in card
    assert "<h4>Wrong (contradicts the reference) (1)</h4>" in card and "<h4>Missed (3)</h4>" in card
    assert card.count('class="grade-evidence"') == 1  # the contradicted point quotes the answer; missed ones cannot
    assert '<details class="grade-reference"><summary>' in card and "The &lt;b&gt;reference&lt;/b&gt; answer." in card
    assert "Delivery (spoken answer; never part of the score)" in card and "152 words per minute" in card


def test_a_capped_score_and_a_skip_say_so(scripted_bank, store):
    session = interview(scripted_bank, store)
    session.hint()
    session.answer("good answer")
    session.skip()
    capped, skipped = session.turns[:2]
    assert "Capped at 4.0 after 1 hint (graded 4.6)." in grade_card_html(capped)
    card = grade_card_html(skipped)
    assert 'class="grade-score">skipped</span>' in card and "grade-criteria" not in card
    cards = grade_cards_html(session.turns, {1: "first reference", 2: "second reference"})
    assert cards.index(f'data-turn="{skipped.turn.id}"') < cards.index(f'data-turn="{capped.turn.id}"')  # newest first
    assert "second reference" in cards and "first reference" in cards


def test_follow_up_cards_name_the_point_and_whether_it_was_recovered(scripted_bank, store):
    session = interview(scripted_bank, store, topics=("Architectures",), questions=1, follow_ups=1)
    session.answer("weak answer")
    outcome = session.answer("recover it: the point")
    follow_up = session.turns[1]
    card = grade_card_html(follow_up)
    assert "Key point asked about:" in card and "Follow-up: the missed point is now covered." in card
    assert outcome.finished and "The interview is over" in outcome_message(outcome)


def test_delivery_summary_of_a_typed_answer_is_none():
    assert delivery_summary(None) is None
    assert delivery_summary({"words_per_minute": None, "filler_counts": {}, "filler_total": 0,
                             "long_pause_count": 0}) == \
        "pace not measured · 0 filler words · no pause of 1 s or more"
    assert delivery_summary(DELIVERY) == ("152 words per minute · 3 filler words (um ×2, basically ×1) · "
                                          "1 long pause (≥ 1 s; longest 1.5 s)")


def test_chat_shows_questions_hints_answers_and_scores(scripted_bank, store):
    session = interview(scripted_bank, store, questions=2)
    first = session.current.text
    session.hint()
    session.answer("good answer", delivery=DELIVERY)
    session.skip()
    messages = chat_messages(session.turns)
    assert [m["role"] for m in messages] == ["assistant", "assistant", "user", "assistant", "assistant", "user"]
    assert first in messages[0]["content"] and messages[1]["content"].startswith("*Hint:*")
    assert messages[2]["content"] == "good answer *(spoken)*" and "**4.0 / 5**" in messages[3]["content"]
    assert messages[5]["content"] == "*(skipped)*"


def test_a_long_answer_is_previewed():
    assert answer_preview("  short  ") == "short"
    preview = answer_preview("words" * 1000, limit=100)
    assert preview.startswith("wordswords") and preview.endswith("*(4,900 more characters, 5,000 in all)*")


def test_history_lists_only_the_given_sessions_and_plots_progress_per_topic(scripted_bank, store):
    mine = interview(scripted_bank, store, topics=("Computer Vision", "Architectures"), questions=2)
    mine.answer("good answer")
    mine.answer("weak answer")
    theirs = interview(scripted_bank, store, topics=("Architectures",), questions=1)
    theirs.answer("good answer")
    unstarted = interview(scripted_bank, store, questions=1)

    rows = history_rows(store, [mine.session_id, unstarted.session_id])
    assert [row[0] for row in rows] == [unstarted.session_id, mine.session_id]  # newest first; never theirs
    assert rows[1][2:] == ["Computer Vision, Architectures", "2/2", 0, "3.3", "finished"]
    assert rows[0][-1] == "resumable" and rows[0][5] == "-"

    dates, series = topic_progress(store, [mine.session_id, unstarted.session_id])
    assert len(dates) == 1 and sorted(series) == ["Architectures", "Computer Vision"]
    assert sorted(scores[0] for scores in series.values()) == [2.0, 4.6]
    figure = progress_figure(store, [mine.session_id])
    assert {line.get_label() for line in figure.axes[0].get_lines()} == {"Architectures", "Computer Vision"}
    assert progress_figure(store, [unstarted.session_id]) is None and history_rows(store, []) == []
