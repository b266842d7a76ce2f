"""The interview loop: ask, take the answer, grade it, then follow up or move on (:class:`Interview`).

Every decision is made from what the store holds (the session's turns, grades and the topics'
abilities), so :meth:`Interview.resume` rebuilds a session from the database alone and carries on
exactly where it stopped. Randomness comes from ``random.Random`` seeded with the plan's seed and the
turn's position: the same seed and the same stored history give the same session.
"""

from __future__ import annotations

import json
import random
import threading
from dataclasses import replace

from interviewer.bank.schema import Question
from interviewer.errors import InterviewerError
from interviewer.grading.context import ContextBuilder, GradingContext
from interviewer.interview.ability import FOLLOW_UP_WEIGHT, SKIP_WEIGHT
from interviewer.interview.follow_up import FollowUpWriter, follow_up_targets, hint_for
from interviewer.interview.plan import SessionPlan
from interviewer.interview.records import AnswerOutcome, SessionRow, Turn, TurnRecord
from interviewer.interview.selection import RECENT_SESSIONS, askable, choose_question, recent_groups
from interviewer.interview.store import AbilityEvidence, SessionStore
from interviewer.interview.summary import SessionSummary, build_summary, reference_answer

# Answers longer than this are graded on their first MAX_GRADED_CHARS characters (about 3,000 words,
# far more than any interview answer); the stored answer keeps the full text.
MAX_GRADED_CHARS = 20_000
# The score an answer can reach after 0, 1 or 2 hints; no more hints are given after that.
HINT_CAPS = (5.0, 4.0, 3.0)
MAX_HINTS = len(HINT_CAPS) - 1
EMPTY_ANSWER = "The answer is empty: type your answer (or skip the question). Nothing was graded or lost."
ENDED = "The interview has ended."


def truncate_for_grading(text: str) -> tuple[str, bool]:
    """``text`` cut to :data:`MAX_GRADED_CHARS` at a word boundary, and whether it was cut."""
    if len(text) <= MAX_GRADED_CHARS:
        return text, False
    cut = text[:MAX_GRADED_CHARS]
    space = cut.rfind(" ", MAX_GRADED_CHARS - 200)
    return (cut[:space] if space > 0 else cut), True


def _checked_delivery(delivery) -> dict | None:
    if delivery is None:
        return None
    if not isinstance(delivery, dict):
        raise InterviewerError("delivery metrics must be a JSON object (a dict), e.g. {\"words_per_minute\": 140}")
    try:
        return json.loads(json.dumps(delivery))
    except (TypeError, ValueError) as error:
        raise InterviewerError(f"delivery metrics must be JSON-serializable: {error}") from None


class Interview:
    """One interview session. Create it with :meth:`start` or :meth:`resume`; safe to call from any thread."""

    def __init__(self, session: SessionRow, records: list[TurnRecord], *, bank, grader, store: SessionStore,
                 follow_ups: FollowUpWriter | None):
        self.session = session
        self.bank = bank
        self.grader = grader
        self.store = store
        self.follow_ups = follow_ups or FollowUpWriter.from_environment()
        self._records = records
        self._contexts = ContextBuilder(bank)
        self._pool = askable(bank.questions, session.plan)
        self._recent = recent_groups(bank, store.recent_question_ids(session.id, RECENT_SESSIONS))
        self._lock = threading.RLock()

    # -- creating -------------------------------------------------------------------------------
    @classmethod
    def start(cls, plan: SessionPlan, *, bank=None, grader=None, store: SessionStore | None = None,
              follow_ups: FollowUpWriter | None = None) -> "Interview":
        """A new session: validates the plan against the bank, stores it, and asks the first question.

        ``bank``, ``grader`` and ``store`` default to the configured bank, ``make_grader()`` and the
        store in ``INTERVIEWER_HOME``; ``follow_ups`` to :meth:`FollowUpWriter.from_environment` (the
        configured LLM, else offline wording with related bank questions).
        """
        bank, grader, store = _defaults(bank, grader, store)
        plan = plan.validated(bank)
        if plan.seed is None:
            plan = replace(plan, seed=random.SystemRandom().randrange(2 ** 31))
        if not askable(bank.questions, plan):
            raise InterviewerError(f"no question with key points in topics: {', '.join(plan.topics) or 'any'}")
        session = store.create_session(plan, str(bank.path) if bank.path else None, getattr(grader, "name", None))
        interview = cls(session, [], bank=bank, grader=grader, store=store, follow_ups=follow_ups)
        interview._advance()
        return interview

    @classmethod
    def resume(cls, session_id: str, *, bank=None, grader=None, store: SessionStore | None = None,
               follow_ups: FollowUpWriter | None = None) -> "Interview":
        """Carry on an unfinished session from the store: its pending question is asked again."""
        bank, grader, store = _defaults(bank, grader, store)
        session = store.session(session_id)
        if session.status == "finished":
            raise InterviewerError(f"session {session.id} is finished; 'interviewer report {session.id}' shows it")
        records = store.turns(session)
        missing = sorted({r.turn.question_id for r in records} - {q.id for q in bank.questions})
        if missing:
            raise InterviewerError(f"session {session.id} asked questions this bank does not have: {', '.join(missing)}"
                                   f" (it used {session.bank})")
        interview = cls(session, records, bank=bank, grader=grader, store=store, follow_ups=follow_ups)
        if interview.current is None:
            interview._advance()  # stopped between an answer and the next question
        return interview

    # -- state ----------------------------------------------------------------------------------
    @property
    def session_id(self) -> str:
        return self.session.id

    @property
    def plan(self) -> SessionPlan:
        return self.session.plan

    @property
    def current(self) -> Turn | None:
        """The turn waiting for an answer; None when the interview is over."""
        pending = self._pending()
        return pending.turn if pending else None

    @property
    def finished(self) -> bool:
        return self.session.status == "finished"

    @property
    def turns(self) -> list[TurnRecord]:
        """Every turn so far, with answers and grades (a copy)."""
        return list(self._records)

    def _pending(self) -> TurnRecord | None:
        last = self._records[-1] if self._records else None
        return last if last is not None and last.status == "pending" else None

    # -- the candidate's moves ------------------------------------------------------------------
    def answer(self, text: str, delivery: dict | None = None) -> AnswerOutcome:
        """Grade an answer to the current turn, store it, and ask the next turn.

        An empty answer is not graded: the same turn is returned with a message. ``delivery`` is an
        optional JSON object of delivery metrics for a spoken answer; it is stored, never scored.
        """
        with self._lock:
            record = self._pending()
            if record is None:
                return AnswerOutcome(None, ENDED, None, True, summary=self.summary())
            if not isinstance(text, str) or not text.strip():
                return AnswerOutcome(None, EMPTY_ANSWER, record.turn, False)
            delivery = _checked_delivery(delivery)
            graded_text, truncated = truncate_for_grading(text)
            turn = record.turn
            self.store.save_answer(turn, text, truncated, delivery)
            result = self.grader.grade(self._context(record), graded_text)
            cap = HINT_CAPS[min(turn.hints_used, MAX_HINTS)]
            score = None if result.score is None else min(result.score, cap)
            recovered = None
            if turn.kind == "follow_up" and result.status == "graded":
                verdicts = {v.point: v.status for v in result.key_points}
                recovered = all(verdicts.get(point) == "covered" for point in turn.targets)
            evidence = None
            if score is not None:
                weight = FOLLOW_UP_WEIGHT if turn.kind == "follow_up" else 1.0
                evidence = AbilityEvidence(turn.topic, turn.difficulty, score / 5, weight)
            self.store.record_grade(turn, result, score, cap, recovered, evidence)
            record.status, record.answer, record.truncated, record.delivery = "answered", text, truncated, delivery
            record.result, record.score, record.score_cap, record.recovered = result, score, cap, recovered
            notes = []
            if truncated:
                notes.append(f"Your answer is {len(text):,} characters long; only the first {len(graded_text):,} "
                             "were graded (all of it is saved).")
            if result.status != "graded":
                reason = (result.unscored_reason or "no reason given").rstrip(".")
                notes.append(f"This answer could not be scored: {reason}. It is saved, and counted as unscored.")
            elif turn.hints_used and result.score is not None and result.score > cap:
                notes.append(f"Score capped at {cap:.1f} because you used {_hints(turn.hints_used)} "
                             f"(graded {result.score:.1f}).")
            self._advance()
            return self._outcome(result, " ".join(notes) or None, score=score, score_cap=cap, recovered=recovered,
                                 truncated=truncated)

    def skip(self) -> AnswerOutcome:
        """Skip the current turn. It counts as skipped (never as a score) and as evidence of weakness."""
        with self._lock:
            record = self._pending()
            if record is None:
                return AnswerOutcome(None, ENDED, None, True, summary=self.summary())
            turn = record.turn
            weight = SKIP_WEIGHT * (FOLLOW_UP_WEIGHT if turn.kind == "follow_up" else 1.0)
            self.store.record_skip(turn, AbilityEvidence(turn.topic, turn.difficulty, 0.0, weight))
            record.status = "skipped"
            self._advance()
            return self._outcome(None, "Skipped." if turn.kind == "question" else "Follow-up skipped.")

    def repeat(self) -> Turn | None:
        """The current turn again (the candidate asked to hear it once more)."""
        with self._lock:
            record = self._pending()
            if record is not None:
                self.store.record_repeat(record.turn)
            return record.turn if record else None

    def hint(self) -> str:
        """A nudge towards a key point of the current turn; each hint lowers the score this answer can get."""
        with self._lock:
            record = self._pending()
            if record is None:
                return ENDED
            turn = record.turn
            if turn.hints_used >= MAX_HINTS:
                return f"No more hints for this question (the answer is capped at {HINT_CAPS[MAX_HINTS]:.1f})."
            points = list(turn.targets) or self._question(turn).point_texts
            text = hint_for(self._question(turn), points[min(turn.hints_used, len(points) - 1)])
            hints = self.store.record_hint(turn, text)
            record.turn = replace(turn, hints_used=len(hints), hints=hints)
            return f"{text} (With {_hints(len(hints))}, this answer can score at most {HINT_CAPS[len(hints)]:.1f}.)"

    def end(self) -> SessionSummary:
        """End the session now (an unanswered question is dropped) and return its summary."""
        with self._lock:
            if self._pending() is not None:
                self.store.discard_pending(self.session.id)
                self._records.pop()
            self._finish()
            return self.summary()

    def summary(self) -> SessionSummary:
        """The summary of the session so far (final once the session is finished)."""
        return build_summary(self.store, self.session.id)

    # -- deciding what comes next ---------------------------------------------------------------
    def _advance(self) -> None:
        """Ask the next turn (a follow-up or the next question), or finish the session."""
        if self._pending() is not None or self.finished:
            return
        if self._records and self._ask_follow_up():
            return
        number = 1 + max((r.turn.question_number for r in self._records), default=0)
        if number > self.plan.questions:
            return self._finish()
        rng = random.Random(f"{self.plan.seed}:question:{number}")
        asked_groups = {self.bank.get(i).group if self.bank.get(i) else i for i in self._asked()}
        question = choose_question(self._pool, self.plan, self.store.abilities(), asked_groups, self._recent, rng)
        if question is None:
            return self._finish()
        self._records.append(self.store.add_turn(
            self.session, position=len(self._records) + 1, kind="question", text=question.question,
            question_id=question.id, question_number=number, topic=question.topic, difficulty=question.difficulty,
            reference=reference_answer(question)))

    def _ask_follow_up(self) -> bool:
        number = self._records[-1].turn.question_number
        turns = [r for r in self._records if r.turn.question_number == number]
        main, follow_ups = turns[0], turns[1:]
        if len(follow_ups) >= self.plan.max_follow_ups or (follow_ups and follow_ups[-1].status == "skipped"):
            return False
        targets = follow_up_targets(main.result, [p for r in follow_ups for p in r.turn.targets])
        if not targets:
            return False
        question = self._question(main.turn)
        rng = random.Random(f"{self.plan.seed}:follow-up:{len(self._records) + 1}")
        written = self.follow_ups.write(question, main.answer or "", main.result, targets[0], rng)
        self._records.append(self.store.add_turn(
            self.session, position=len(self._records) + 1, kind="follow_up", text=written.text,
            question_id=question.id, question_number=number, topic=question.topic, difficulty=question.difficulty,
            follow_up_number=len(follow_ups) + 1, targets=(written.target,)))
        return True

    def _asked(self) -> set[str]:
        """Bank questions already put to the candidate."""
        return {r.turn.question_id for r in self._records}

    def _finish(self) -> None:
        if not self.finished:
            self.store.set_status(self.session.id, "finished")
            self.session = replace(self.session, status="finished")

    def _question(self, turn: Turn) -> Question:
        question = self.bank.get(turn.question_id)
        if question is None:
            raise InterviewerError(f"question {turn.question_id} is not in the bank {self.bank.path}")
        return question

    def _context(self, record: TurnRecord) -> GradingContext:
        """A question's own context; a follow-up's is the same with only the key points it targets."""
        context = self._contexts.for_question(self._question(record.turn))
        if record.turn.kind == "question":
            return context
        # No other questions: "answers another question" compares with all of the question's points.
        return context.focused_on(record.turn.targets, "follow-up: graded against the key point it asks about")

    def _outcome(self, result, message, **values) -> AnswerOutcome:
        current = self.current
        return AnswerOutcome(result, message, current, current is None, **values,
                             summary=self.summary() if current is None else None)


def _hints(count: int) -> str:
    return f"{count} hint" + ("s" if count != 1 else "")


def _defaults(bank, grader, store):
    if bank is None:
        from interviewer.bank import load_bank
        from interviewer.config import default_bank_path

        bank = load_bank(default_bank_path())
    if grader is None:
        from interviewer.grading import make_grader

        grader = make_grader()
    return bank, grader, store or SessionStore.open()
