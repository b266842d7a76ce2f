"""Replies of a scripted LLM judge for batch runs: a valid verdict for every request, faults on cue.

The verdict fits the request (one judgement per key point listed in the prompt), so any bank
question can be graded; an answer containing a fault marker first gets the scripted faults, one per
request, then valid verdicts. Shared by the batch tests and ``benchmarks/batch_grading.py``.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from copy import copy

from interviewer.grading.rubric import load_rubric
from tests.grading.scripted_server import Reply, ok

CRITERIA = load_rubric().criterion_ids
POINT_LINE = re.compile(r"^\s*\d+\. ", re.MULTILINE)


def first_user_message(request: dict) -> str:
    return next(m["content"] for m in request["messages"] if m["role"] == "user")


def answer_of(request: dict) -> str:
    """The candidate's answer as the judge was shown it."""
    text = first_user_message(request)
    return text.split("<candidate_answer>\n", 1)[1].split("\n</candidate_answer>", 1)[0]


def key_point_count(request: dict) -> int:
    """How many numbered key points the prompt lists."""
    section = first_user_message(request).split("# Key points", 1)[1]
    section = re.split(r"\n\s*\n|# Offline grader|<candidate_answer>", section, maxsplit=1)[0]
    return len(POINT_LINE.findall(section))


def verdict_for(request: dict, score: float = 4) -> dict:
    """A valid judgement for this request: every key point covered but the last, every criterion ``score``."""
    points = key_point_count(request)
    return {
        "key_points": [{"index": i, "evidence": None if i == points else f"quote {i}",
                        "status": "missing" if i == points else "covered"} for i in range(1, points + 1)],
        "criteria": [{"criterion": c, "reason": f"{c} reason", "score": score} for c in CRITERIA],
        "feedback": {"strengths": ["Clear."], "improvements": ["Say more."], "follow_up": "Why?"},
        "flags": [],
    }


class JudgeScript:
    """A ``ScriptedServer.responder``: faults for answers containing a marker, then valid verdicts."""

    def __init__(self, faults: dict[str, list[Reply]] | None = None):
        self.faults = faults or {}  # marker -> replies served, one per request, before valid verdicts
        self.requests_per_answer: Counter = Counter()
        self._lock = threading.Lock()

    def __call__(self, request: dict) -> Reply:
        answer = answer_of(request)
        with self._lock:
            seen = self.requests_per_answer[answer]
            self.requests_per_answer[answer] += 1
        for marker, replies in self.faults.items():
            if marker in answer and seen < len(replies):
                return copy(replies[seen])
        return ok(verdict_for(request))
