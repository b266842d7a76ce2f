"""Fixtures for interview tests: a real SQLite store in a tmp dir, a small bank, a scripted grader."""

from __future__ import annotations

import pytest

from interviewer.interview import FollowUpWriter, Interview, SessionPlan, SessionStore
from tests.interview.scripted import ScriptedGrader, small_bank


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "interviewer.sqlite3"


@pytest.fixture
def store(db_path) -> SessionStore:
    return SessionStore(db_path)


@pytest.fixture(scope="session")
def tiny_bank():
    return small_bank()


@pytest.fixture
def grader() -> ScriptedGrader:
    return ScriptedGrader()


@pytest.fixture
def start(tiny_bank, store, grader):
    """Start an interview on the small bank with the scripted grader and offline follow-ups."""
    def begin(bank=None, grader_=None, store_=None, **plan) -> Interview:
        bank = bank or tiny_bank
        plan.setdefault("seed", 7)
        return Interview.start(SessionPlan(**plan), bank=bank, grader=grader_ or grader, store=store_ or store,
                               follow_ups=FollowUpWriter())
    return begin


# The scripted OpenAI-compatible server and the network guard of the grading tests.
from tests.grading.conftest import llm_server, no_network  # noqa: E402,F401
