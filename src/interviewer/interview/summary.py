"""The end-of-session summary, built from the store alone (no bank needed), and its Markdown form.

A question's score is the score of its first answer, after any hint cap; follow-ups are reported
as recovered or not, apart from the score. Skipped and unscored questions are counted, never
averaged in as zeros.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from statistics import mean

from interviewer.interview.ability import INITIAL_RATING
from interviewer.interview.records import TurnRecord

# Questions scoring below this are listed for review (with skipped and unscored ones).
REVIEW_BELOW = 3.0
MAX_MISSED_POINTS = 8
PRACTISE_TOPICS = 3
PRACTISE_BELOW = 3.5  # a topic whose mean score is below this needs practice (so does one with a skip)
REFERENCE_STYLES = ("detailed", "short", "simple")  # which reference answer to show, in order of preference


def reference_answer(question) -> str | None:
    """The reference answer shown for review: the model answer, else a detailed one, else short, else simple."""
    if question.model_answer:
        return question.model_answer
    for style in REFERENCE_STYLES:
        for reference in question.references:
            if reference.style == style:
                return reference.text
    return None


@dataclass
class TopicScore:
    topic: str
    answered: int
    skipped: int
    unscored: int
    mean_score: float | None
    rating: float | None  # the topic's ability estimate at the end of the session


@dataclass
class MissedPoint:
    point: str
    question_number: int
    question: str
    status: str  # missing | contradicted
    times_missed: int  # 2 when a follow-up on it did not recover it
    recovered: bool | None  # None: no follow-up asked about it
    rank: int  # its place among the question's key points (0 = the first, most important)


@dataclass
class ReviewItem:
    question_number: int
    question_id: str
    question: str
    topic: str
    difficulty: str
    outcome: str  # answered | skipped | unscored
    score: float | None
    missed_points: list[str]
    reference: str | None


@dataclass
class HintNote:
    question_number: int
    follow_up_number: int
    question: str
    hints_used: int
    score_cap: float
    raw_score: float | None
    score: float | None


@dataclass
class FollowUpNote:
    question_number: int
    follow_up_number: int
    text: str
    target: str
    outcome: str  # answered | skipped | unscored | pending
    recovered: bool | None
    score: float | None


@dataclass
class SessionSummary:
    """Everything the end of a session reports; ``to_markdown()`` renders it, ``to_dict()`` for JSON."""

    session_id: str
    status: str
    started_at: str
    topics: list[str]
    difficulty: str
    questions_planned: int
    questions_asked: int
    answered: int
    skipped: int
    unscored: int
    overall_score: float | None
    per_topic: list[TopicScore] = field(default_factory=list)
    missed_points: list[MissedPoint] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    hints: list[HintNote] = field(default_factory=list)
    follow_ups: list[FollowUpNote] = field(default_factory=list)
    practise_next: list[TopicScore] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_markdown(self) -> str:
        from interviewer.interview.markdown import summary_markdown

        return summary_markdown(self)


def _outcome(record: TurnRecord) -> str:
    if record.status != "answered":
        return record.status
    return "answered" if record.graded else "unscored"


def build_summary(store, session_id: str) -> SessionSummary:
    """The summary of a stored session (finished or not)."""
    session = store.session(session_id)
    records = store.turns(session)
    by_question: dict[int, list[TurnRecord]] = {}
    for record in records:
        by_question.setdefault(record.turn.question_number, []).append(record)
    mains = [turns[0] for turns in by_question.values()]
    settled = [m for m in mains if m.status != "pending"]
    ratings = {row["topic"]: row["rating_after"] for row in store.ability_history(session.id)}

    per_topic = []
    for topic in sorted({m.turn.topic for m in settled}):
        mine = [m for m in settled if m.turn.topic == topic]
        scores = [m.score for m in mine if _outcome(m) == "answered" and m.score is not None]
        per_topic.append(TopicScore(topic, len(scores), sum(m.status == "skipped" for m in mine),
                                    sum(_outcome(m) == "unscored" for m in mine),
                                    round(mean(scores), 2) if scores else None, ratings.get(topic)))

    missed, review, hints, follow_notes = [], [], [], []
    for number, turns in by_question.items():
        main, follow_ups = turns[0], turns[1:]
        recovered = {t: f.recovered for f in follow_ups for t in f.turn.targets}
        lost = []
        if main.graded:
            for rank, verdict in enumerate(main.result.key_points):
                if verdict.status in ("missing", "contradicted"):
                    lost.append(verdict.point)
                    again = verdict.point in recovered and recovered[verdict.point] is not True
                    missed.append(MissedPoint(verdict.point, number, main.turn.text, verdict.status, 1 + again,
                                              recovered.get(verdict.point), rank))
        outcome = _outcome(main)
        if outcome in ("skipped", "unscored") or (main.score is not None and main.score < REVIEW_BELOW):
            review.append(ReviewItem(number, main.turn.question_id, main.turn.text, main.turn.topic,
                                     main.turn.difficulty, outcome, main.score, lost, main.reference))
        for record in turns:
            if record.turn.hints_used and record.status != "pending":
                hints.append(HintNote(number, record.turn.follow_up_number, record.turn.text, record.turn.hints_used, record.score_cap or 5.0,
                                      record.result.score if record.result else None, record.score))
        for f in follow_ups:
            follow_notes.append(FollowUpNote(number, f.turn.follow_up_number, f.turn.text, "; ".join(f.turn.targets),
                                             _outcome(f), f.recovered, f.score))

    # Missed twice first, then contradictions, then each question's main points before its minor ones.
    missed.sort(key=lambda m: (-m.times_missed, m.status != "contradicted", m.rank, m.question_number))
    review.sort(key=lambda r: (r.score if r.score is not None else -1.0, r.question_number))
    weakest = sorted(per_topic, key=lambda t: (t.rating if t.rating is not None else INITIAL_RATING,
                                               t.mean_score if t.mean_score is not None else 0.0))
    # Topics that need work; when every topic went well, the weakest one (at a harder level next time).
    needs_work = [t for t in weakest if t.skipped or (t.rating or INITIAL_RATING) < INITIAL_RATING
                  or (t.mean_score is not None and t.mean_score < PRACTISE_BELOW)]
    scores = [m.score for m in settled if _outcome(m) == "answered" and m.score is not None]
    return SessionSummary(
        session_id=session.id, status=session.status, started_at=session.created_at,
        topics=list(session.plan.topics), difficulty=session.plan.difficulty,
        questions_planned=session.plan.questions, questions_asked=len(settled), answered=len(scores),
        skipped=sum(m.status == "skipped" for m in settled), unscored=sum(_outcome(m) == "unscored" for m in settled),
        overall_score=round(mean(scores), 2) if scores else None, per_topic=per_topic,
        missed_points=missed[:MAX_MISSED_POINTS], review=review, hints=hints, follow_ups=follow_notes,
        practise_next=(needs_work or weakest)[:PRACTISE_TOPICS])
