"""What a session is set up with: topics, difficulty, length and follow-ups (:class:`SessionPlan`)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from interviewer.bank.schema import DIFFICULTIES
from interviewer.errors import InterviewerError

ADAPTIVE = "adaptive"
DIFFICULTY_CHOICES: tuple[str, ...] = (*DIFFICULTIES, ADAPTIVE)
DEFAULT_QUESTIONS = 5
DEFAULT_FOLLOW_UPS = 2
MAX_QUESTIONS = 50
MAX_FOLLOW_UPS = 5


@dataclass(frozen=True)
class SessionPlan:
    """How a session runs. ``topics`` empty means every topic of the bank; ``seed`` None picks one at start.

    ``difficulty`` is ``easy``, ``medium``, ``hard`` (that level first, the nearest one when the
    topics run out of it) or ``adaptive`` (just above the candidate's estimated ability per topic).
    """

    topics: tuple[str, ...] = ()
    difficulty: str = ADAPTIVE
    questions: int = DEFAULT_QUESTIONS
    max_follow_ups: int = DEFAULT_FOLLOW_UPS
    seed: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.topics, str):
            object.__setattr__(self, "topics", (self.topics,))
        object.__setattr__(self, "topics", tuple(self.topics or ()))

    @property
    def adaptive(self) -> bool:
        return self.difficulty == ADAPTIVE

    def validated(self, bank) -> "SessionPlan":
        """This plan with topics resolved to the bank's names; raises :class:`InterviewerError` on bad values.

        A topic is matched like ``--topic`` everywhere (full name or start of its slug, any case,
        :meth:`QuestionBank.with_topic`); one that matches nothing is an error listing the valid topics.
        """
        if self.difficulty not in DIFFICULTY_CHOICES:
            raise InterviewerError(f"unknown difficulty {self.difficulty!r}; choose one of {', '.join(DIFFICULTY_CHOICES)}")
        if not 1 <= int(self.questions) <= MAX_QUESTIONS:
            raise InterviewerError(f"the number of questions must be between 1 and {MAX_QUESTIONS} (got {self.questions})")
        if not 0 <= int(self.max_follow_ups) <= MAX_FOLLOW_UPS:
            raise InterviewerError(f"follow-ups per question must be between 0 and {MAX_FOLLOW_UPS} "
                                   f"(got {self.max_follow_ups})")
        resolved: list[str] = []
        for wanted in self.topics:
            names = sorted({q.topic for q in bank.with_topic(wanted)})
            if not names:
                raise InterviewerError(f"unknown topic {wanted!r}; topics: {', '.join(bank.topics)}")
            resolved.extend(n for n in names if n not in resolved)
        return replace(self, topics=tuple(resolved), questions=int(self.questions),
                       max_follow_ups=int(self.max_follow_ups))

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "topics": list(self.topics)})

    @classmethod
    def from_json(cls, text: str) -> "SessionPlan":
        data = json.loads(text)
        return cls(topics=tuple(data.get("topics") or ()), difficulty=data["difficulty"],
                   questions=int(data["questions"]), max_follow_ups=int(data["max_follow_ups"]),
                   seed=data.get("seed"))
