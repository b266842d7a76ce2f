"""The live interviews of one server, by session id: what the Interview tab and the named API endpoints share.

There is one :class:`~interviewer.interview.Interview` per session (created on start or on resume,
under a lock), so a browser tab and a ``gradio_client`` script that use the same session id use the
same object, whose methods serialize. A tab keeps only its session id (in ``gr.State``, on the
server, per tab); the store, the grader and the follow-up writer are shared.

A session id is the capability to use a session: 16 random hex digits (64 bits from ``secrets``),
and only the exact id is accepted here (the terminal's unique-prefix shortcut is not), so one user
cannot reach another's session without being given its id. Interviews unused for two hours are
let go and resumed from the store when used again, so abandoned sessions do not pile up in memory.
"""

from __future__ import annotations

import re
import threading
import time

from interviewer.errors import AudioError, InterviewerError
from interviewer.interview import (FollowUpWriter, Interview, SessionPlan, SessionStore, UnknownSessionError,
                                   build_summary)
from interviewer.interview.summary import reference_answer

# Answers above this many characters are refused before anything is stored (the interview grades the
# first 20,000 characters of shorter ones and stores all of it); it keeps a shared server's database small.
MAX_ACCEPTED_ANSWER_CHARS = 200_000
SESSION_ID = re.compile(r"^[0-9a-f]{8,64}$")
# A live interview unused this long is let go (a long-running server would otherwise keep every
# abandoned one); using its session id again resumes it from the store.
IDLE_SECONDS = 2 * 60 * 60


def unknown_session(session_id: str) -> InterviewerError:
    shown = f" “{session_id}”" if SESSION_ID.match(session_id) else ""  # never echo arbitrary text into the page
    return InterviewerError(f"No session with the id{shown}: check the id (a session id is 16 hex digits; the "
                            "History tab lists this browser's sessions).")


def audio_error_message(error: AudioError) -> str:
    """What to tell the candidate about a recording that cannot be used (never the server's temporary path)."""
    if error.reason == "no_speech":
        return ("No speech was detected in this recording. Record your answer again (check that the microphone "
                "is on and close to you), or type it.")
    if error.reason == "too_long":
        return f"The recording cannot be used: {error.problem}. Give a shorter spoken answer, or type it."
    if error.reason == "missing":
        return "The recording did not reach the server. Record or upload it again."
    return (f"The file cannot be used as a recording: {error.problem}. Upload an audio file (WAV, MP3, OGG, "
            "WebM, M4A, FLAC ...) or record with the microphone.")


class InterviewService:
    """Starts, resumes and ends interviews for a page; share one per server."""

    def __init__(self, bank, *, grader=None, store: SessionStore | None = None,
                 follow_ups: FollowUpWriter | None = None, models=None):
        """``models`` (:class:`~interviewer.web.models.BackgroundModels`) is started when an interview starts."""
        from interviewer.web.models import BackgroundModels

        if grader is None:
            from interviewer.grading import make_grader

            grader = make_grader()
        self.bank = bank
        self.grader = grader
        self.store = store or SessionStore.open()
        self.follow_ups = follow_ups or FollowUpWriter.from_environment()
        offline = getattr(grader, "evidence_grader", None) or grader  # the LLM judge's evidence is offline too
        self.models = models or BackgroundModels(getattr(offline, "embedder", None),
                                                 scheme_encoder=getattr(offline, "scheme_encoder", None))
        rubric = getattr(grader, "rubric", None)
        self.criterion_titles = {c.id: c.title for c in rubric.criteria} if rubric is not None else {}
        self._live: dict[str, Interview] = {}
        self._last_used: dict[str, float] = {}  # time.monotonic() of each live interview's last use
        self._lock = threading.Lock()

    # -- sessions -------------------------------------------------------------------------------
    def start(self, topics=(), difficulty: str = "adaptive", questions: int = 5, follow_ups: int = 2,
              seed: int | None = None) -> Interview:
        """A new interview; raises :class:`InterviewerError` for an unknown topic or a bad setting."""
        try:
            plan = SessionPlan(tuple(topics or ()), difficulty, int(questions), int(follow_ups),
                               None if seed is None else int(seed))
        except (TypeError, ValueError):
            raise InterviewerError("the number of questions, follow-ups and the seed must be whole numbers") from None
        interview = Interview.start(plan, bank=self.bank, grader=self.grader, store=self.store,
                                    follow_ups=self.follow_ups)
        with self._lock:
            self._keep(interview)
        return interview

    def session(self, session_id: str):
        """The stored session with exactly this id (a :class:`SessionRow`); raises :class:`InterviewerError`."""
        session_id = (session_id or "").strip().lower()
        if not SESSION_ID.match(session_id):
            raise unknown_session(session_id) if session_id else InterviewerError(
                "No session: start an interview (or give a session id).")
        try:
            row = self.store.session(session_id)
        except UnknownSessionError:
            raise unknown_session(session_id) from None
        if row.id != session_id:  # the store also accepts a unique start of an id; the page does not
            raise unknown_session(session_id)
        return row

    def get(self, session_id: str) -> Interview:
        """The live interview of an unfinished session, resumed from the store if this server has not got it."""
        row = self.session(session_id)
        with self._lock:
            interview = self._live.get(row.id)
            if interview is None:
                if row.status == "finished":
                    raise InterviewerError(f"Session {row.id} is finished: the History tab shows its summary.")
                interview = Interview.resume(row.id, bank=self.bank, grader=self.grader, store=self.store,
                                             follow_ups=self.follow_ups)
            self._keep(interview)
        return interview

    def _keep(self, interview: Interview) -> None:
        """Hold ``interview`` as just used, and let go of those idle for IDLE_SECONDS (call under the lock).

        Every answer is in the store, so a candidate who comes back later is resumed from there.
        """
        now = time.monotonic()
        for session_id in [s for s, used in self._last_used.items() if now - used > IDLE_SECONDS]:
            self._live.pop(session_id, None)
            self._last_used.pop(session_id, None)
        self._live[interview.session_id] = interview
        self._last_used[interview.session_id] = now

    def release(self, interview: Interview) -> None:
        """Forget a finished interview (its data stays in the store)."""
        if interview.finished:
            with self._lock:
                if self._live.get(interview.session_id) is interview:
                    del self._live[interview.session_id]
                    self._last_used.pop(interview.session_id, None)

    def end(self, session_id: str):
        """End a session now (an unanswered question is dropped) and return its :class:`SessionSummary`.

        Ending a finished session returns its summary again.
        """
        row = self.session(session_id)
        if row.status == "finished" and row.id not in self._live:
            return build_summary(self.store, row.id)
        interview = self.get(row.id)
        summary = interview.end()
        self.release(interview)
        return summary

    def summary(self, session_id: str):
        """The summary of a session, finished or not."""
        return build_summary(self.store, self.session(session_id).id)

    # -- answers --------------------------------------------------------------------------------
    def answer(self, interview: Interview, text: str, delivery: dict | None = None):
        """Grade ``text`` as the answer to the current turn (see :meth:`Interview.answer`)."""
        if text is not None and len(text) > MAX_ACCEPTED_ANSWER_CHARS:
            raise InterviewerError(f"The answer is {len(text):,} characters long; at most "
                                   f"{MAX_ACCEPTED_ANSWER_CHARS:,} are accepted. Shorten it and submit again "
                                   "(nothing was saved).")
        outcome = interview.answer(text, delivery=delivery)
        self.release(interview)
        return outcome

    def skip(self, interview: Interview):
        outcome = interview.skip()
        self.release(interview)
        return outcome

    def references(self, interview: Interview) -> dict[int, str | None]:
        """The reference answer of every question asked so far, by question number."""
        references = {}
        for record in interview.turns:
            if record.turn.kind == "question":
                question = self.bank.get(record.turn.question_id)
                references[record.turn.question_number] = record.reference or (
                    reference_answer(question) if question else None)
        return references

    def transcribe(self, path: str, turn=None):
        """A recording's :class:`Transcript` and its delivery metrics (a dict); raises :class:`AudioError`.

        ``turn`` is the question being answered: its text and its marking scheme's vocabulary prime Whisper.
        """
        from interviewer.speech import delivery_metrics, shared_transcriber

        question = self.bank.get(turn.question_id) if turn is not None else None
        transcript = shared_transcriber().transcribe(path, question=turn.text if turn is not None else None,
                                                     vocabulary=question.vocabulary if question else ())
        return transcript, delivery_metrics(transcript).to_dict()
