"""Fakes at the grading boundary: a scripted grader that returns chosen grades, and a small bank.

The grader implements the ``Grader`` protocol and records every ``(context, answer)`` it is given,
so tests can check what was graded against what. Its default rule reads the answer:

- ``good``: 4.6, every key point covered;
- ``weak``: 2.0, the first point covered, the others missing;
- ``wrong``: 1.0, the first point contradicted (the answer is the evidence), the others missing;
- ``unscorable``: unscored;
- a follow-up (a context whose note starts with "follow-up"): ``recover`` covers its point (4.0), anything else misses it (1.0);
- anything else: 3.0, the first half of the points covered.
"""

from __future__ import annotations

from interviewer.bank import QuestionBank
from interviewer.bank.schema import Question, Reference, Source
from interviewer.grading.result import Feedback, GradeResult, GraderInfo, KeyPointVerdict, RubricInfo

RUBRIC = RubricInfo(name="scripted", version=1, hash="0" * 16)
TOPICS = ("Architectures", "Computer Vision", "Optimization & Training")
SUBJECTS = {
    "Architectures": ("residual connections", "attention heads", "pooling layers", "recurrent cells",
                      "layer normalization", "positional encodings"),
    "Computer Vision": ("anchor boxes", "non-maximum suppression", "feature pyramids", "semantic segmentation",
                        "optical flow", "image captioning"),
    "Optimization & Training": ("learning rate warm-up", "momentum", "gradient clipping", "weight decay",
                                "batch size", "mixed precision"),
}
DIFFICULTY_CYCLE = ("easy", "medium", "hard")


def make_result(context, score, statuses, evidence: str | None = None) -> GradeResult:
    """A graded result with one verdict per key point of ``context`` (``statuses`` in order)."""
    verdicts = [KeyPointVerdict(point=p, status=s, evidence=None if s == "missing" else (evidence or p))
                for p, s in zip(context.key_points, statuses)]
    return GradeResult(status="graded", score=score, key_points=verdicts, feedback=Feedback(),
                       question_id=context.question_id, question=context.question, rubric=RUBRIC,
                       grader=GraderInfo(name="scripted", version="1"))


def unscored(context, reason="the scripted grader refused") -> GradeResult:
    return GradeResult(status="unscored", score=None, flags=["unscored"], unscored_reason=reason,
                       question_id=context.question_id, question=context.question, rubric=RUBRIC,
                       grader=GraderInfo(name="scripted", version="1"))


def by_keyword(context, answer: str) -> GradeResult:
    """The default rule (see the module docstring)."""
    n = len(context.key_points)
    if (context.note or "").startswith("follow-up"):
        return make_result(context, 4.0, ["covered"] * n) if "recover" in answer else \
            make_result(context, 1.0, ["missing"] * n)
    if "unscorable" in answer:
        return unscored(context)
    if "good" in answer:
        return make_result(context, 4.6, ["covered"] * n)
    if "weak" in answer:
        return make_result(context, 2.0, ["covered"] + ["missing"] * (n - 1))
    if "wrong" in answer:
        return make_result(context, 1.0, ["contradicted"] + ["missing"] * (n - 1), evidence=answer)
    return make_result(context, 3.0, ["covered"] * (n // 2) + ["missing"] * (n - n // 2))


class ScriptedGrader:
    """Grades with ``rule(context, answer) -> GradeResult`` and records every call."""

    name = "scripted"
    version = "1"

    def __init__(self, rule=by_keyword):
        self.rule = rule
        self.calls: list[tuple] = []

    def grade(self, context, answer: str) -> GradeResult:
        self.calls.append((context, answer))
        return self.rule(context, answer)

    def grade_many(self, items):
        return [self.grade(context, answer) for context, answer in items]


def topic_rule(bank, low_topics):
    """Answers to questions in ``low_topics`` score 0.5 (all points missing), others 4.8 (all covered)."""
    def rule(context, answer):
        question = bank.get(context.question_id)
        n = len(context.key_points)
        if question.topic in low_topics:
            return make_result(context, 0.5, ["missing"] * n)
        return make_result(context, 4.8, ["covered"] * n)
    return rule


def small_bank() -> QuestionBank:
    """Three topics, six questions each (two per difficulty), four key points each; plus one question
    without key points, which an interview must never ask."""
    questions = []
    for topic in TOPICS:
        for i, subject in enumerate(SUBJECTS[topic]):
            slug = subject.replace(" ", "-").replace("&", "and")
            points = [f"{subject.capitalize()} keep training stable in very deep models.",
                      f"Trade-off: {subject} cost extra memory at inference time.",
                      f"In practice {subject} interact with the optimizer's step size.",
                      f"Without {subject} the validation error rises after a few epochs."]
            questions.append(Question(
                id=f"{slug}-{i}", question=f"How do {subject} work, and why do they matter?", topic=topic,
                difficulty=DIFFICULTY_CYCLE[i % 3], key_points=points,
                references=[Reference(text=f"Reference answer about {subject}. " + " ".join(points), style="detailed",
                                      source=Source(file="small.md", line=i + 1))],
                sources=[Source(file="small.md", line=i + 1)]))
    questions.append(Question(id="no-key-points-0", question="What is a question nobody answered?", topic=TOPICS[0],
                              difficulty="medium", key_points=[], references=[],
                              sources=[Source(file="small.md", line=99)]))
    return QuestionBank(questions)
