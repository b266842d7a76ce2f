"""What the Interview tab shows, computed from an interview's stored turns: the chat, the question, messages.

Pure functions with no gradio, so a resumed session is shown exactly like a live one and the
named API endpoints return the same values as dicts.
"""

from __future__ import annotations

from interviewer.web.grade_card import score_text

# The chat shows the start of a very long answer; the whole answer is stored and graded (up to its limit).
CHAT_PREVIEW_CHARS = 1_500
NO_SESSION = "Start an interview first: choose the topics and settings above, then press **Start interview**."


def answer_preview(text: str, limit: int = CHAT_PREVIEW_CHARS) -> str:
    """``text``, or its start and how much more there is when it is longer than ``limit`` characters."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return f"{text[:limit].rstrip()} … *({len(text) - limit:,} more characters, {len(text):,} in all)*"


def turn_heading(turn) -> str:
    """``Question 2 of 5 · Computer Vision · hard`` (a follow-up says so in its label)."""
    return f"{turn.label} · {turn.topic} · {turn.difficulty}"


def question_markdown(turn) -> str:
    """The current question as the page shows it above the answer box."""
    if turn is None:
        return "### The interview is over\nThe summary is below. Start a new interview above."
    return f"**{turn_heading(turn)}**\n\n### {turn.text}"


def chat_messages(records) -> list[dict]:
    """The interview so far as chat messages (openai-style dicts): questions, hints, answers and scores."""
    messages = []
    for record in records:
        turn = record.turn
        messages.append({"role": "assistant", "content": f"**{turn_heading(turn)}**\n\n{turn.text}"})
        messages += [{"role": "assistant", "content": f"*Hint:* {hint}"} for hint in turn.hints]
        if record.status == "skipped":
            messages.append({"role": "user", "content": "*(skipped)*"})
        elif record.status == "answered":
            spoken = " *(spoken)*" if record.delivery else ""
            messages.append({"role": "user", "content": answer_preview(record.answer or "") + spoken})
            messages.append({"role": "assistant", "content": f"Score: **{score_text(record.score)}** "
                                                             "(details in the grade card)"})
    return messages


def outcome_message(outcome) -> str:
    """The status line after an answer or a skip: the grade, the core's note, and what comes next."""
    parts = []
    if outcome.result is not None:
        parts.append(f"Answer graded: **{score_text(outcome.score)}** (see the grade card).")
    if outcome.message:
        parts.append(outcome.message)
    if outcome.finished:
        parts.append("The interview is over: the summary is below.")
    elif outcome.next is not None and outcome.next.kind == "follow_up":
        parts.append("The interviewer has a follow-up question.")
    return " ".join(parts)


def transcript_note(transcript, delivery: dict) -> str:
    """What the page says after a transcription: how long, and that the text can be edited before submitting."""
    from interviewer.web.grade_card import delivery_summary

    return (f"Transcribed {transcript.duration_seconds:.1f} s of audio ({len(transcript.words)} words). "
            "The transcript is in the answer box: correct anything Whisper misheard, then press **Submit answer**. "
            f"Delivery: {delivery_summary(delivery)} (feedback only, never part of the score).")


def turn_dict(turn) -> dict | None:
    """A turn for the API: what is asked, and where in the interview."""
    if turn is None:
        return None
    return {"session_id": turn.session_id, "turn_id": turn.id, "kind": turn.kind, "label": turn.label,
            "text": turn.text, "question_id": turn.question_id, "question_number": turn.question_number,
            "questions_planned": turn.questions_planned, "follow_up_number": turn.follow_up_number,
            "topic": turn.topic, "difficulty": turn.difficulty, "hints_used": turn.hints_used}


def outcome_dict(session_id: str, outcome, transcript=None, delivery: dict | None = None) -> dict:
    """An answer's (or skip's) outcome for the API: the grade, the score after hint caps, the message."""
    return {"session_id": session_id, "graded": outcome.result is not None,
            "score": outcome.score, "message": outcome.message,
            "grade": outcome.result.model_dump(mode="json") if outcome.result is not None else None,
            "truncated": outcome.truncated, "recovered": outcome.recovered,
            "transcript": transcript.to_dict() if transcript is not None else None,
            "answer_text": transcript.answer_text if transcript is not None else None,
            "delivery": delivery, "finished": outcome.finished,
            "summary": outcome.summary.to_dict() if outcome.summary is not None else None}
