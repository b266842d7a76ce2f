"""The mock interview: questions, grading, follow-ups, adaptive selection and stored sessions.

Plain Python with no UI: the terminal (``interviewer practice``) and the page both call this API.

Starting, answering, ending::

    from interviewer.interview import Interview, SessionPlan, SessionStore, FollowUpWriter

    store = SessionStore.open()                 # INTERVIEWER_HOME/interviewer.sqlite3 (or a path)
    plan = SessionPlan(topics=["architectures"], difficulty="adaptive", questions=5, max_follow_ups=2, seed=None)
    interview = Interview.start(plan, bank=bank, grader=grader, store=store,
                                follow_ups=FollowUpWriter.from_environment())
    turn = interview.current                    # Turn: .text .kind ("question"|"follow_up") .id .label
                                                #   .question_number .topic .difficulty .hints_used .targets
    outcome = interview.answer(text, delivery=None)
    # AnswerOutcome: .result (GradeResult | None) .score (after a hint cap) .message (str | None)
    #                .next (Turn | None) .finished .recovered (follow-ups) .truncated .summary (when finished)
    interview.skip()      # -> AnswerOutcome; a skip is never a score, but counts as weakness for the ability
    interview.repeat()    # -> the current Turn again
    interview.hint()      # -> str; each hint caps the answer's score (4.0 after one, 3.0 after two)
    summary = interview.end()                   # SessionSummary: .to_markdown(), .to_dict()
    interview = Interview.resume(session_id, bank=bank, grader=grader, store=store)  # re-asks the pending turn

Behaviour worth knowing:

- ``SessionPlan.validated(bank)`` (called by ``start``) raises :class:`~interviewer.errors.InterviewerError`
  for an unknown topic (naming it and listing the valid ones), a bad difficulty or count.
- An empty answer is not graded: ``answer`` returns the same turn with a message. Answers longer
  than :data:`MAX_GRADED_CHARS` are graded on their start (``outcome.truncated``); the full text is stored.
- Every answer is committed before the next turn is returned; a crash loses nothing, and
  ``resume`` rebuilds the session from the database alone.
- ``delivery`` (metrics of a spoken answer, a JSON object) is stored with the answer and never scored.
- One :class:`Interview` per candidate (per browser tab); its methods may be called from any thread
  (a lock serializes them). Share one :class:`SessionStore` and one :class:`FollowUpWriter` across
  interviews: the store opens a connection per call and the writer holds the LLM client, if any.
- History and reports: ``SessionStore.overviews()``, ``build_summary(store, id)``,
  ``report_html(store, id)`` / ``write_html_report(store, id, path)``.
"""

from interviewer.interview.follow_up import FollowUp, FollowUpWriter, follow_up_targets
from interviewer.interview.plan import ADAPTIVE, DIFFICULTY_CHOICES, SessionPlan
from interviewer.interview.records import AnswerOutcome, SessionOverview, SessionRow, Turn, TurnRecord
from interviewer.interview.report import report_html, write_html_report
from interviewer.interview.session import HINT_CAPS, MAX_GRADED_CHARS, MAX_HINTS, Interview
from interviewer.interview.store import SessionStore, UnknownSessionError
from interviewer.interview.summary import SessionSummary, build_summary

__all__ = [
    "ADAPTIVE", "DIFFICULTY_CHOICES", "HINT_CAPS", "MAX_GRADED_CHARS", "MAX_HINTS", "AnswerOutcome", "FollowUp",
    "FollowUpWriter", "Interview", "SessionOverview", "SessionPlan", "SessionRow", "SessionStore", "SessionSummary",
    "Turn", "TurnRecord", "UnknownSessionError", "build_summary", "follow_up_targets", "report_html",
    "write_html_report",
]
