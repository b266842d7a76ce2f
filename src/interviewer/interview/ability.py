"""Per-topic ability estimates: an Elo rating against the questions' difficulty.

Each difficulty has a fixed rating (:data:`DIFFICULTY_RATINGS`). After a graded answer the topic's
rating moves by ``K * weight * (outcome - expected)``, where the outcome is the score (after any hint
cap) divided by 5 and ``expected`` is the Elo expectation of the candidate against the question.
``K`` starts high and shrinks as a topic gathers evidence, so the first answers move the estimate
quickly and later ones refine it.

Decisions, documented here because they shape the selection:

- A skipped question is evidence of weakness: an outcome of 0 with :data:`SKIP_WEIGHT`, half the
  weight of an answer (a skip may also mean "not now"). It is never a score in the summary.
- A follow-up answer is graded against one or two key points only, so it counts with
  :data:`FOLLOW_UP_WEIGHT`.
- An unscored answer (the grader could not grade it) is no evidence: nothing moves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DIFFICULTY_RATINGS: dict[str, float] = {"easy": 1350.0, "medium": 1500.0, "hard": 1650.0}
INITIAL_RATING = 1500.0
# "Just above the estimate": the next question aims this many points above the candidate's rating.
TARGET_MARGIN = 50.0
K_START, K_MIN = 128.0, 32.0
SKIP_WEIGHT = 0.5
FOLLOW_UP_WEIGHT = 0.5
# How much less a topic with no evidence counts than its rating: unexplored topics get asked early.
EXPLORATION = 100.0


@dataclass(frozen=True)
class Ability:
    """A topic's rating and how many answers (or skips) it rests on."""

    topic: str
    rating: float = INITIAL_RATING
    observations: int = 0

    @property
    def priority(self) -> float:
        """Lower is asked sooner: the rating minus an uncertainty bonus that shrinks with evidence."""
        return self.rating - EXPLORATION / math.sqrt(1 + self.observations)


def expected_outcome(rating: float, difficulty: str) -> float:
    """The Elo expectation (0-1) of a candidate with ``rating`` on a question of ``difficulty``."""
    return 1.0 / (1.0 + 10 ** ((DIFFICULTY_RATINGS[difficulty] - rating) / 400.0))


def k_factor(observations: int) -> float:
    return max(K_MIN, K_START / math.sqrt(1 + observations))


def updated(ability: Ability, difficulty: str, outcome: float, weight: float = 1.0) -> Ability:
    """The ability after one outcome (0-1) on a question of ``difficulty``."""
    outcome = min(1.0, max(0.0, outcome))
    change = k_factor(ability.observations) * weight * (outcome - expected_outcome(ability.rating, difficulty))
    return Ability(ability.topic, round(ability.rating + change, 2), ability.observations + 1)

