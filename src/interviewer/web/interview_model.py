"""What the Interview tab shows after each action, computed without gradio (the page's view-model).

Every action of the tab (start, answer, skip, hint, repeat, end, transcribe, resume, the offer to
resume on page load) is a method of :class:`InterviewPageModel` that takes plain values (the
session id and turn the tab shows, the typed text ...) and returns a :class:`TabView`: the new
value of each part of the tab, or :data:`KEEP` to leave it as it is. The gradio layer
(:mod:`interviewer.web.interview_page`) only lays out components and copies a view onto them.

What is shown is recomputed from the interview's stored turns, so a failed action changes nothing
and loses nothing: the typed answer stays in the box (``answer`` is :data:`KEEP`) and the status
says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from interviewer.errors import AudioError, InterviewerError
from interviewer.web.grade_card import grade_cards_html
from interviewer.web.interview_view import (NO_SESSION, chat_messages, outcome_message, question_markdown,
                                            transcript_note)
from interviewer.web.interviews import InterviewService, audio_error_message

MAX_KNOWN_SESSIONS = 200
MOVED_ON = ("This session has moved on since this page showed it (another tab?). Here is where it stands; your "
            "text is still in the box.")


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()  # a part of the tab the action leaves as it is


def remember(known: list | None, session_id: str) -> list[str]:
    """This browser's session ids with ``session_id`` last (the History tab lists them)."""
    ids = [s for s in (known or []) if isinstance(s, str) and s != session_id]
    return (ids + [session_id])[-MAX_KNOWN_SESSIONS:]


@dataclass(frozen=True)
class TabView:
    """The new value of each part of the Interview tab; :data:`KEEP` leaves it unchanged."""

    status: str | Any = KEEP
    session_id: str | None | Any = KEEP
    shown_turn: str | None | Any = KEEP  # the id of the turn the tab shows (the one an answer is for)
    spoken: dict | None | Any = KEEP  # the transcribed recording's turn id and delivery metrics
    chat: list | Any = KEEP
    question: str | Any = KEEP  # Markdown
    question_text: str | Any = KEEP  # plain text, for reading aloud
    answer: str | Any = KEEP
    audio: None | Any = KEEP
    transcript_note: str | Any = KEEP
    cards: str | Any = KEEP  # HTML
    summary: str | Any = KEEP  # Markdown
    known_sessions: list | Any = KEEP
    resume_offer: bool | Any = KEEP  # whether the "resume your unfinished session" row shows
    resume_id: str | None | Any = KEEP
    resume_note: str | Any = KEEP
    failed: bool = False  # the action could not be done (the status says why); nothing else changed

    def changed(self) -> dict[str, Any]:
        """The parts this view sets, by field name."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name != "failed" and getattr(self, f.name) is not KEEP}


def failure(error: InterviewerError | str) -> TabView:
    return TabView(status=f"**{error}**", failed=True)


class InterviewPageModel:
    """The Interview tab's behaviour on one :class:`InterviewService`; every method returns a :class:`TabView`."""

    def __init__(self, service: InterviewService):
        self.service = service

    # -- showing ----------------------------------------------------------------------------------
    def show(self, interview, message: str, keep_answer: bool = False) -> TabView:
        """``interview`` as stored now, with ``message`` as the status.

        ``keep_answer`` leaves the answer box, the recording and its transcript as they are (after a
        hint, or when nothing was answered); otherwise they are cleared for the next turn.
        """
        current, turns = interview.current, interview.turns
        cleared = {} if keep_answer else {"answer": "", "spoken": None, "audio": None, "transcript_note": ""}
        return TabView(
            status=message, session_id=interview.session_id, shown_turn=current.id if current else None,
            chat=chat_messages(turns), question=question_markdown(current),
            question_text=current.text if current else "",
            cards=grade_cards_html(turns, self.service.references(interview), self.service.criterion_titles),
            summary=interview.summary().to_markdown() if interview.finished else "", **cleared)

    def _opened(self, interview, known, message: str) -> TabView:
        """A started or resumed session, remembered in this browser's history."""
        shown = self.show(interview, f"Session `{interview.session_id}` {message}")
        return TabView(**{**shown.changed(), "known_sessions": remember(known, interview.session_id),
                          "resume_offer": False})

    def _live(self, session_id):
        return self.service.get(session_id) if session_id else None

    def _at_shown_turn(self, session_id, shown, action) -> TabView:
        """``action(interview)`` if the tab's interview still waits on the turn the tab shows.

        Otherwise (no session, or it moved on in another tab) nothing is done and the status says so;
        a problem becomes the status line. The answer box is never cleared on the way.
        """
        try:
            interview = self._live(session_id)
            if interview is None:
                return TabView(status=NO_SESSION, failed=True)
            current = interview.current
            if current is None or current.id != shown:
                return self.show(interview, MOVED_ON, keep_answer=True)
            return action(interview)
        except InterviewerError as error:
            return failure(error)

    # -- the candidate's actions -------------------------------------------------------------------
    def start(self, topics, difficulty: str, questions, follow_ups, known) -> TabView:
        try:
            interview = self.service.start(topics or (), difficulty, int(questions), int(follow_ups))
        except InterviewerError as error:
            return failure(error)
        return self._opened(interview, known, "started: answer below, or press Skip, Hint or Repeat.")

    def answer(self, session_id, shown, spoken: dict | None, text: str) -> TabView:
        def grade(interview) -> TabView:
            same_turn = bool(spoken) and spoken.get("turn_id") == shown
            outcome = self.service.answer(interview, text, spoken["delivery"] if same_turn else None)
            if outcome.result is None and not outcome.finished:  # an empty answer: nothing happened
                return TabView(status=f"**{outcome.message}**")
            return self.show(interview, outcome_message(outcome))
        return self._at_shown_turn(session_id, shown, grade)

    def skip(self, session_id, shown) -> TabView:
        return self._at_shown_turn(session_id, shown, lambda interview: self.show(
            interview, outcome_message(self.service.skip(interview))))

    def hint(self, session_id, shown) -> TabView:
        return self._at_shown_turn(session_id, shown, lambda interview: self.show(
            interview, f"*Hint:* {interview.hint()}", keep_answer=True))

    def repeat(self, session_id) -> TabView:
        try:
            interview = self._live(session_id)
            turn = interview.repeat() if interview is not None else None
        except InterviewerError as error:
            return failure(error)
        if turn is None:
            return TabView(status=NO_SESSION if interview is None else "The interview is over: nothing to repeat.")
        return TabView(status=f"The interviewer repeats: “{turn.text}”", question=question_markdown(turn))

    def end(self, session_id) -> TabView:
        try:
            if not session_id:
                return TabView(status=NO_SESSION, failed=True)
            self.service.end(session_id)
            summary = self.service.summary(session_id)
        except InterviewerError as error:
            return failure(error)
        return TabView(status="The interview is over: the summary is below.", summary=summary.to_markdown(),
                       question=question_markdown(None), question_text="", shown_turn=None)

    def transcribe(self, session_id, path: str | None) -> TabView:
        """Transcribe a recording into the answer box (to be checked and corrected before submitting)."""
        if not path:
            return TabView(status="Record an answer with the microphone or upload an audio file first, then press "
                                  "**Transcribe**.", failed=True)
        try:
            interview = self._live(session_id)
            current = interview.current if interview is not None else None
            transcript, delivery = self.service.transcribe(path, current)
        except AudioError as error:
            return TabView(status=f"**{audio_error_message(error)}**", transcript_note="", failed=True)
        except InterviewerError as error:
            return failure(error)
        return TabView(answer=transcript.answer_text, transcript_note=transcript_note(transcript, delivery),
                       spoken={"turn_id": current.id if current else None, "delivery": delivery},
                       status="Transcribed: check the answer box, edit it if needed, then press **Submit answer**.")

    def resume(self, session_id, known) -> TabView:
        try:
            interview = self.service.get(session_id)
        except InterviewerError as error:
            return failure(error)
        return self._opened(interview, known, "resumed: the pending question is asked again.")

    def offer_resume(self, known) -> TabView:
        """On page load: offer the most recent unfinished session of this browser, if any."""
        mine = set(known or [])
        for overview in reversed(self.service.store.overviews()):
            if overview.id in mine and overview.status != "finished":
                started = overview.created_at[:16].replace("T", " ")
                return TabView(resume_offer=True, resume_id=overview.id,
                               resume_note=f"Your session `{overview.id}` (started {started} UTC, "
                                           f"{overview.questions_asked} of {overview.questions_planned} questions "
                                           "done) is unfinished.")
        return TabView(resume_offer=False, resume_id=None)
