"""Choosing the next question: the weakest topic first, at a difficulty just above its estimate.

Only questions with key points are asked (the others cannot be graded or followed up without the
vector index). Within a session no variant group is asked twice: questions that ask the same thing
in other words share a group (:attr:`Question.group`). Groups asked in the last
:data:`RECENT_SESSIONS` sessions are avoided, the most recent ones most strongly; they come back
only when a topic has nothing else left. Every random choice comes from the generator passed in,
so a seed fixes the session.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping

from interviewer.bank.schema import DIFFICULTIES, Question
from interviewer.interview.ability import DIFFICULTY_RATINGS, TARGET_MARGIN, Ability
from interviewer.interview.plan import SessionPlan

RECENT_SESSIONS = 5


def askable(questions: Iterable[Question], plan: SessionPlan) -> list[Question]:
    """The questions a session with ``plan`` may ask: in its topics, with key points to grade against."""
    topics = set(plan.topics)
    return [q for q in questions if q.key_points and (not topics or q.topic in topics)]


def topic_order(topics: Iterable[str], abilities: Mapping[str, Ability], rng: random.Random) -> list[str]:
    """Topics from the one to ask about first (lowest :attr:`Ability.priority`); ties in random order."""
    names = sorted(set(topics))
    tie_breaks = {name: rng.random() for name in names}  # drawn in sorted order: deterministic
    return sorted(names, key=lambda t: (round(abilities.get(t, Ability(t)).priority, 6), tie_breaks[t]))


def wanted_rating(plan: SessionPlan, ability: Ability) -> float:
    """The difficulty rating to aim at: the plan's fixed level, or (adaptive) just above the topic's estimate."""
    return ability.rating + TARGET_MARGIN if plan.adaptive else DIFFICULTY_RATINGS[plan.difficulty]


def recent_groups(bank, recent: Mapping[str, int]) -> dict[str, int]:
    """``recent`` (question id -> sessions ago) by variant group: how many sessions ago any of its questions came up."""
    groups: dict[str, int] = {}
    for question_id, sessions_ago in recent.items():
        question = bank.get(question_id)
        group = question.group if question is not None else question_id
        groups[group] = min(sessions_ago, groups.get(group, sessions_ago))
    return groups


def choose_question(pool: list[Question], plan: SessionPlan, abilities: Mapping[str, Ability],
                    asked_groups: set[str], recent: Mapping[str, int], rng: random.Random) -> Question | None:
    """The next question, or None when every variant group of the plan's topics has been asked.

    ``asked_groups`` are the variant groups asked so far in the session; ``recent`` maps a variant
    group to how many sessions ago it was last asked (1 = the last one, :func:`recent_groups`).
    Within the chosen topic the key is: the least recently seen group, then the difficulty whose
    rating is nearest to :func:`wanted_rating` (so a struggling candidate falls back to easier
    questions when a level runs out), then the harder one; the rest is a random choice.
    """
    left = [q for q in pool if q.group not in asked_groups]
    if not left:
        return None
    topic = topic_order({q.topic for q in left}, abilities, rng)[0]
    candidates = sorted((q for q in left if q.topic == topic), key=lambda q: q.id)
    goal = wanted_rating(plan, abilities.get(topic, Ability(topic)))

    def key(question: Question) -> tuple:
        seen = recent.get(question.group)
        staleness = 0 if seen is None else RECENT_SESSIONS + 1 - seen
        return staleness, abs(DIFFICULTY_RATINGS[question.difficulty] - goal), -DIFFICULTIES.index(question.difficulty)

    best = min(key(q) for q in candidates)
    return rng.choice([q for q in candidates if key(q) == best])
