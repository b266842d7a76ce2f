"""The interview database's tables, and the migrations that bring an older database up to date.

``PRAGMA user_version`` holds the schema version. To change the schema, add ``MIGRATIONS[n + 1]``
(a script that turns version n into n + 1) and bump :data:`SCHEMA_VERSION`; never edit a shipped script.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'finished')),
    plan TEXT NOT NULL,                 -- SessionPlan as JSON (topics, difficulty, questions, max_follow_ups, seed)
    bank TEXT,                          -- path of the question bank
    grader TEXT                         -- grader name
);
CREATE TABLE turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,          -- order within the session, from 1
    question_number INTEGER NOT NULL,   -- the bank question this turn belongs to, from 1
    follow_up_number INTEGER NOT NULL,  -- 0 for the question itself
    kind TEXT NOT NULL CHECK (kind IN ('question', 'follow_up')),
    question_id TEXT NOT NULL,          -- bank question id
    text TEXT NOT NULL,                 -- what the interviewer asked
    topic TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    targets TEXT NOT NULL,              -- JSON list: key points a follow-up probes
    reference TEXT,                     -- the question's reference answer, for the summary
    related_question_id TEXT,           -- a bank question a follow-up asked in other words
    status TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'skipped')),
    hints TEXT NOT NULL,                -- JSON list of the hints given
    repeats INTEGER NOT NULL DEFAULT 0,
    asked_at TEXT NOT NULL,
    UNIQUE (session_id, position)
);
CREATE TABLE answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    turn_id INTEGER NOT NULL UNIQUE REFERENCES turns(id) ON DELETE CASCADE,
    text TEXT NOT NULL,                 -- the full answer, even when only its start was graded
    truncated INTEGER NOT NULL,         -- 1: graded on its first MAX_GRADED_CHARS characters
    delivery TEXT,                      -- JSON object of delivery metrics (spoken answers), never scored
    answered_at TEXT NOT NULL
);
CREATE TABLE grades (
    answer_id INTEGER PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
    status TEXT NOT NULL,               -- graded | unscored
    raw_score REAL,                     -- the grader's score
    score REAL,                         -- after the hint cap
    score_cap REAL,
    recovered INTEGER,                  -- follow-ups: 1 when every targeted point is now covered
    result TEXT NOT NULL,               -- GradeResult as JSON
    graded_at TEXT NOT NULL
);
CREATE TABLE abilities (
    topic TEXT PRIMARY KEY,
    rating REAL NOT NULL,               -- Elo rating (interviewer.interview.ability)
    observations INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE ability_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    turn_id INTEGER REFERENCES turns(id) ON DELETE SET NULL,
    topic TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    outcome REAL NOT NULL,              -- score / 5, or 0 for a skip
    weight REAL NOT NULL,
    rating_before REAL NOT NULL,
    rating_after REAL NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX turns_by_session ON turns (session_id, position);
CREATE INDEX history_by_topic ON ability_history (topic, id);
"""
MIGRATIONS = {1: SCHEMA}  # version -> the script that brings the previous version to it


def statements(script: str) -> list[str]:
    """The statements of an SQL script (``executescript`` would commit the open transaction first)."""
    found, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            found.append(current.strip())
            current = ""
    return found
