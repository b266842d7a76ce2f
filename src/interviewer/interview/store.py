"""Sessions in SQLite: ``INTERVIEWER_HOME/interviewer.sqlite3``, WAL mode, schema versioned by ``user_version``.

Every call opens its own connection and closes it, so one store can be used from any thread (the
page calls it from worker threads) and from several processes at once; writes take the database
lock up front (``BEGIN IMMEDIATE``) and commit before returning. An answer is written twice: as
soon as it arrives (:meth:`SessionStore.save_answer`), then with its grade and the ability update
in one transaction (:meth:`SessionStore.record_grade`), so a crash while grading loses nothing.
The tables are in :mod:`interviewer.interview.schema`.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from interviewer.config import Settings
from interviewer.errors import InterviewerError
from interviewer.grading.result import GradeResult
from interviewer.interview.ability import Ability, updated
from interviewer.interview.plan import SessionPlan
from interviewer.interview.records import SessionOverview, SessionRow, Turn, TurnRecord
from interviewer.interview.schema import MIGRATIONS, SCHEMA_VERSION, statements

DATABASE_FILE = "interviewer.sqlite3"
MIN_PREFIX = 4


class UnknownSessionError(InterviewerError):
    """No stored session has this id."""


@dataclass(frozen=True)
class AbilityEvidence:
    """What one answer (or skip) says about a topic: an outcome 0-1 on a question of some difficulty."""

    topic: str
    difficulty: str
    outcome: float
    weight: float = 1.0


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SessionStore:
    """The interview database at ``path`` (created, and migrated, on open)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate()

    @classmethod
    def open(cls, path: Path | str | None = None) -> "SessionStore":
        """The store at ``path``, by default ``INTERVIEWER_HOME/interviewer.sqlite3``."""
        return cls(path or Settings.from_environment().home / DATABASE_FILE)

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.row_factory = sqlite3.Row
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            if not write:
                yield connection
                return
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()

    def _migrate(self) -> None:
        try:
            with self._connect() as connection:
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("BEGIN IMMEDIATE")
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    connection.execute("ROLLBACK")
                    raise InterviewerError(f"{self.path}: written by a newer interviewer (schema {version}, "
                                           f"this one knows {SCHEMA_VERSION})")
                for target in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in statements(MIGRATIONS[target]):
                        connection.execute(statement)
                    connection.execute(f"PRAGMA user_version = {target}")
                connection.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            raise InterviewerError(f"{self.path}: not an interviewer database ({error})") from None

    # -- sessions -------------------------------------------------------------------------------
    def create_session(self, plan: SessionPlan, bank: str | None = None, grader: str | None = None) -> SessionRow:
        """A new active session with a fresh random id."""
        created = now()
        with self._connect(write=True) as connection:
            while True:
                session_id = secrets.token_hex(8)  # 64 random bits: the page accepts an id as proof of access
                if not connection.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone():
                    break
            connection.execute("INSERT INTO sessions VALUES (?, ?, ?, 'active', ?, ?, ?)",
                               (session_id, created, created, plan.to_json(), bank, grader))
        return SessionRow(session_id, created, created, "active", plan, bank, grader)

    def session(self, session_id: str) -> SessionRow:
        """The session with this id (or a unique start of it, at least 4 characters)."""
        with self._connect() as connection:
            rows = connection.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchall()
            if not rows and len(session_id) >= MIN_PREFIX:
                pattern = session_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                rows = connection.execute("SELECT * FROM sessions WHERE id LIKE ? ESCAPE '\\'", (pattern,)).fetchall()
        if len(rows) > 1:
            raise UnknownSessionError(f"session id {session_id!r} is ambiguous: "
                                      f"{', '.join(r['id'] for r in rows)}")
        if not rows:
            raise UnknownSessionError(f"no session {session_id!r} in {self.path} ('interviewer history' lists them)")
        return _session_row(rows[0])

    def sessions(self) -> list[SessionRow]:
        """Every session, oldest first."""
        with self._connect() as connection:
            return [_session_row(r) for r in connection.execute("SELECT * FROM sessions ORDER BY rowid")]

    def overviews(self) -> list[SessionOverview]:
        """Every session with its counts and mean score (of scored questions, follow-ups aside), oldest first."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT s.id, s.created_at, s.status, s.plan,"
                " COUNT(CASE WHEN t.kind = 'question' AND t.status != 'pending' THEN 1 END) AS asked,"
                " COUNT(CASE WHEN t.kind = 'question' AND g.status = 'graded' THEN 1 END) AS answered,"
                " COUNT(CASE WHEN t.kind = 'question' AND t.status = 'skipped' THEN 1 END) AS skipped,"
                " AVG(CASE WHEN t.kind = 'question' AND g.status = 'graded' THEN g.score END) AS mean_score"
                " FROM sessions s LEFT JOIN turns t ON t.session_id = s.id LEFT JOIN answers a ON a.turn_id = t.id"
                " LEFT JOIN grades g ON g.answer_id = a.id GROUP BY s.id ORDER BY s.rowid").fetchall()
        overviews = []
        for row in rows:
            plan = SessionPlan.from_json(row["plan"])
            mean_score = None if row["mean_score"] is None else round(row["mean_score"], 2)
            overviews.append(SessionOverview(row["id"], row["created_at"], row["status"], list(plan.topics),
                                             plan.difficulty, plan.questions, row["asked"], row["answered"],
                                             row["skipped"], mean_score))
        return overviews

    def set_status(self, session_id: str, status: str) -> None:
        with self._connect(write=True) as connection:
            connection.execute("UPDATE sessions SET status = ?, updated_at = ? WHERE id = ?", (status, now(), session_id))

    def recent_question_ids(self, exclude_session: str, sessions: int) -> dict[str, int]:
        """Questions asked in the last ``sessions`` other sessions: id -> how many sessions ago (1 = last)."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT id FROM sessions WHERE id != ? ORDER BY rowid DESC LIMIT ?", (exclude_session, sessions)).fetchall()
            recent: dict[str, int] = {}
            for ago, row in enumerate(rows, start=1):
                for turn in connection.execute(
                        "SELECT question_id, related_question_id FROM turns WHERE session_id = ?", (row["id"],)):
                    for question_id in (turn["question_id"], turn["related_question_id"]):
                        if question_id:
                            recent.setdefault(question_id, ago)
        return recent

    # -- turns ----------------------------------------------------------------------------------
    def add_turn(self, session: SessionRow, *, position: int, kind: str, text: str, question_id: str,
                 question_number: int, topic: str, difficulty: str, follow_up_number: int = 0,
                 targets: tuple[str, ...] = (), reference: str | None = None,
                 related_question_id: str | None = None) -> TurnRecord:
        """Ask something: a pending turn, committed."""
        asked = now()
        with self._connect(write=True) as connection:
            cursor = connection.execute(
                "INSERT INTO turns (session_id, position, question_number, follow_up_number, kind, question_id, text,"
                " topic, difficulty, targets, reference, related_question_id, status, hints, asked_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', '[]', ?)",
                (session.id, position, question_number, follow_up_number, kind, question_id, text, topic, difficulty,
                 json.dumps(list(targets)), reference, related_question_id, asked))
            _touch(connection, session.id)
        turn = Turn(cursor.lastrowid, session.id, position, kind, text, question_id, question_number,
                    session.plan.questions, topic, difficulty, follow_up_number, tuple(targets))
        return TurnRecord(turn, "pending", reference, related_question_id, asked_at=asked)

    def save_answer(self, turn: Turn, text: str, truncated: bool, delivery: dict | None) -> None:
        """Keep an answer as soon as it arrives (replacing an earlier one never graded)."""
        with self._connect(write=True) as connection:
            connection.execute(
                "INSERT INTO answers (turn_id, text, truncated, delivery, answered_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (turn_id) DO UPDATE SET text = excluded.text, truncated = excluded.truncated,"
                " delivery = excluded.delivery, answered_at = excluded.answered_at",
                (turn.id, text, int(truncated), None if delivery is None else json.dumps(delivery), now()))

    def record_grade(self, turn: Turn, result: GradeResult, score: float | None, score_cap: float | None,
                     recovered: bool | None, evidence: AbilityEvidence | None) -> None:
        """The grade of the saved answer, the turn marked answered and the ability updated: one transaction."""
        with self._connect(write=True) as connection:
            answer_id = connection.execute("SELECT id FROM answers WHERE turn_id = ?", (turn.id,)).fetchone()[0]
            connection.execute(
                "INSERT OR REPLACE INTO grades VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (answer_id, result.status, result.score, score, score_cap, None if recovered is None else int(recovered),
                 result.model_dump_json(), now()))
            connection.execute("UPDATE turns SET status = 'answered' WHERE id = ?", (turn.id,))
            if evidence is not None:
                _update_ability(connection, turn, evidence)
            _touch(connection, turn.session_id)

    def record_skip(self, turn: Turn, evidence: AbilityEvidence | None) -> None:
        """The turn marked skipped and the ability updated: one transaction."""
        with self._connect(write=True) as connection:
            connection.execute("UPDATE turns SET status = 'skipped' WHERE id = ?", (turn.id,))
            if evidence is not None:
                _update_ability(connection, turn, evidence)
            _touch(connection, turn.session_id)

    def record_hint(self, turn: Turn, hint: str) -> tuple[str, ...]:
        """Add a hint to a turn; returns every hint it has had."""
        hints = (*turn.hints, hint)
        with self._connect(write=True) as connection:
            connection.execute("UPDATE turns SET hints = ? WHERE id = ?", (json.dumps(list(hints)), turn.id))
            _touch(connection, turn.session_id)
        return hints

    def record_repeat(self, turn: Turn) -> None:
        with self._connect(write=True) as connection:
            connection.execute("UPDATE turns SET repeats = repeats + 1 WHERE id = ?", (turn.id,))

    def discard_pending(self, session_id: str) -> None:
        """Forget a turn asked but never answered (the session is ending)."""
        with self._connect(write=True) as connection:
            connection.execute("DELETE FROM turns WHERE session_id = ? AND status = 'pending'", (session_id,))

    def turns(self, session: SessionRow) -> list[TurnRecord]:
        """Every turn of a session in order, with its answer and grade."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT t.*, a.text AS answer, a.truncated, a.delivery, a.answered_at, g.status AS grade_status,"
                " g.score, g.score_cap, g.recovered, g.result FROM turns t LEFT JOIN answers a ON a.turn_id = t.id"
                " LEFT JOIN grades g ON g.answer_id = a.id WHERE t.session_id = ? ORDER BY t.position",
                (session.id,)).fetchall()
        return [_turn_record(row, session.plan.questions) for row in rows]

    # -- abilities ------------------------------------------------------------------------------
    def abilities(self) -> dict[str, Ability]:
        """The current estimate of every topic with evidence."""
        with self._connect() as connection:
            return {r["topic"]: Ability(r["topic"], r["rating"], r["observations"])
                    for r in connection.execute("SELECT * FROM abilities")}

    def ability_history(self, session_id: str | None = None) -> list[dict]:
        """Ability updates (of one session, or all), oldest first: topic, outcome, rating before and after."""
        query, values = "SELECT * FROM ability_history", ()
        if session_id is not None:
            query, values = query + " WHERE session_id = ?", (session_id,)
        with self._connect() as connection:
            return [dict(r) for r in connection.execute(query + " ORDER BY id", values)]


def _touch(connection: sqlite3.Connection, session_id: str) -> None:
    connection.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (now(), session_id))


def _update_ability(connection: sqlite3.Connection, turn: Turn, evidence: AbilityEvidence) -> None:
    # Read and written inside the caller's transaction: two sessions never lose each other's update.
    row = connection.execute("SELECT rating, observations FROM abilities WHERE topic = ?", (evidence.topic,)).fetchone()
    before = Ability(evidence.topic, *row) if row else Ability(evidence.topic)
    after = updated(before, evidence.difficulty, evidence.outcome, evidence.weight)
    at = now()
    connection.execute("INSERT INTO abilities VALUES (?, ?, ?, ?) ON CONFLICT (topic) DO UPDATE SET"
                       " rating = excluded.rating, observations = excluded.observations, updated_at = excluded.updated_at",
                       (after.topic, after.rating, after.observations, at))
    connection.execute("INSERT INTO ability_history (session_id, turn_id, topic, difficulty, outcome, weight,"
                       " rating_before, rating_after, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (turn.session_id, turn.id, evidence.topic, evidence.difficulty, evidence.outcome,
                        evidence.weight, before.rating, after.rating, at))


def _session_row(row: sqlite3.Row) -> SessionRow:
    return SessionRow(row["id"], row["created_at"], row["updated_at"], row["status"],
                      SessionPlan.from_json(row["plan"]), row["bank"], row["grader"])


def _turn_record(row: sqlite3.Row, questions_planned: int) -> TurnRecord:
    hints = tuple(json.loads(row["hints"]))
    turn = Turn(row["id"], row["session_id"], row["position"], row["kind"], row["text"], row["question_id"],
                row["question_number"], questions_planned, row["topic"], row["difficulty"], row["follow_up_number"],
                tuple(json.loads(row["targets"])), len(hints), hints)
    graded = row["result"] is not None
    return TurnRecord(
        turn, row["status"], row["reference"], row["related_question_id"], answer=row["answer"],
        truncated=bool(row["truncated"]), delivery=json.loads(row["delivery"]) if row["delivery"] else None,
        result=GradeResult.model_validate_json(row["result"]) if graded else None,
        score=row["score"], score_cap=row["score_cap"],
        recovered=None if row["recovered"] is None else bool(row["recovered"]),
        asked_at=row["asked_at"], answered_at=row["answered_at"])
