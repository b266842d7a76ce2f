"""What an answer is graded against: the question, its key points and the reference chunks behind them.

A bank question is graded against its own key points, and, when it has a marking scheme, against
the scheme's phrasings and misconceptions too (:class:`Scheme`). A question without references of
its own, or a question typed by the user that matches no bank question, has nothing to be graded
against offline: measured on exam questions outside the bank (``evals/exam``), grades against
related questions' key points told less about a student's answer than its length did, so such an
answer is unscored with a reason saying what to do (give a reference answer, or use an LLM judge,
which grades from its own knowledge). A user-supplied reference answer overrides the bank.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from interviewer.bank.key_points import key_point_candidates
from interviewer.bank.schema import KeyPoint, Misconception, Question
from interviewer.grading.result import ReferenceUsed
from interviewer.index.chunks import question_chunks

# A free-text question is taken to be a bank question at or above this similarity.
QUESTION_MATCH_THRESHOLD = 0.80


@dataclass(frozen=True)
class OtherQuestion:
    """Another bank question, so that an answer to it can be told from an answer to the one asked."""

    question_id: str
    question: str
    key_points: tuple[str, ...]


@dataclass(frozen=True)
class Scheme:
    """A marking scheme as grading reads it: the key points in full (importance, phrasings, probe, hint)
    and the misconceptions, each naming the point (1-based) it contradicts."""

    points: tuple[KeyPoint, ...]
    misconceptions: tuple[Misconception, ...] = ()

    @classmethod
    def of(cls, question: Question) -> "Scheme | None":
        return cls(tuple(question.key_points), tuple(question.misconceptions)) if question.has_scheme else None

    def focused_on(self, texts) -> "Scheme":
        """Only the points with these texts, in this scheme's order, and their misconceptions renumbered."""
        wanted = set(texts)
        kept = [n for n, p in enumerate(self.points, start=1) if p.text in wanted]
        number = {old: new for new, old in enumerate(kept, start=1)}
        return Scheme(tuple(self.points[n - 1] for n in kept),
                      tuple(m.model_copy(update={"key_point": number[m.key_point]})
                            for m in self.misconceptions if m.key_point in number))


@dataclass
class GradingContext:
    """Everything a grader needs besides the answer."""

    question: str
    key_points: list[str]
    question_id: str | None = None
    # The marking scheme behind the key points (same points, same order), when the question has one.
    scheme: Scheme | None = None
    # Reference statements the calibrated correctness compares the answer with; the key points
    # unless given (a short-answer item's alternative reference answers, for instance).
    statements: list[str] | None = None
    references: list[ReferenceUsed] = field(default_factory=list)
    reference_texts: list[str] = field(default_factory=list)  # full reference answers, for the LLM judge
    note: str | None = None  # how the references were found, when it is not the obvious way
    # The bank's other questions with key points of their own (bank questions only): an answer that
    # matches one of them far better than this question answers that question instead (off-topic).
    other_questions: tuple[OtherQuestion, ...] = ()

    @property
    def gradable(self) -> bool:
        return bool(self.key_points)

    @property
    def comparison_statements(self) -> list[str]:
        return self.statements or self.key_points

    def __post_init__(self) -> None:
        if self.scheme is not None and [p.text for p in self.scheme.points] != list(self.key_points):
            raise ValueError("a grading context's scheme must hold exactly its key points, in order")

    def focused_on(self, targets, note: str) -> "GradingContext":
        """This context graded against ``targets`` only (a follow-up), without the other-question comparison."""
        return replace(self, key_points=[p for p in self.key_points if p in set(targets)], statements=None,
                       other_questions=(), scheme=self.scheme.focused_on(targets) if self.scheme else None,
                       note=note)


def context_from_reference(question: str, reference: str, question_id: str | None = None) -> GradingContext:
    """Grade against one reference answer supplied by the user (its key points are derived from it)."""
    points = key_point_candidates([(reference, "detailed")]) or [reference.strip()]
    return GradingContext(question=question, key_points=points, question_id=question_id,
                          references=[ReferenceUsed(chunk_id="user-reference", source="user", kind="reference",
                                                    own=True)],
                          reference_texts=[reference.strip()], note="graded against the given reference answer")


# What to do when there is nothing to grade against (the reason of an unscored grade ends with it).
NO_REFERENCE_ADVICE = ("give a reference answer (a 'reference' column, or grade(..., reference=...)), "
                       "or configure an LLM judge (INTERVIEWER_MODEL), which grades from its own knowledge")


class ContextBuilder:
    """Builds grading contexts from a bank: a question's scheme, or a free-text question's bank twin."""

    def __init__(self, bank, embedder=None):
        self.bank = bank
        self.embedder = embedder
        self._question_vectors = None
        self._cache: dict[str, GradingContext] = {}
        self._with_key_points: tuple[OtherQuestion, ...] | None = None

    def for_question(self, question: Question) -> GradingContext:
        """The context of a bank question (cached: every answer to it uses the same one)."""
        if question.id not in self._cache:
            self._cache[question.id] = self._build(question)
        return self._cache[question.id]

    def _build(self, question: Question) -> GradingContext:
        own = [ReferenceUsed(chunk_id=c.id, question_id=question.id, source=c.source, kind=c.kind, own=True)
               for c in question_chunks(question)]
        context = GradingContext(question=question.question, key_points=question.point_texts,
                                 question_id=question.id, scheme=Scheme.of(question), references=own,
                                 reference_texts=[t for t in (question.model_answer,) if t]
                                 + [r.text for r in question.references])
        if question.key_points:
            context.other_questions = tuple(o for o in self._questions_with_key_points()
                                            if o.question_id != question.id)
        else:
            context.note = f"this bank question has no reference answer or key point; {NO_REFERENCE_ADVICE}"
        return context

    def _questions_with_key_points(self) -> tuple[OtherQuestion, ...]:
        if self._with_key_points is None:
            self._with_key_points = tuple(OtherQuestion(q.id, q.question, tuple(q.point_texts))
                                          for q in self.bank.questions if q.key_points)
        return self._with_key_points

    def match(self, text: str) -> tuple[Question | None, float]:
        """The bank question most similar to ``text`` and the similarity (cosine)."""
        return self.match_many([text])[0]

    def match_many(self, texts: list[str]) -> list[tuple[Question | None, float]]:
        """:meth:`match` for many texts, encoded in one batch."""
        if not texts:
            return []
        if self.embedder is None:
            from interviewer.embeddings import shared_embedder

            self.embedder = shared_embedder()
        if self._question_vectors is None:
            self._question_vectors = self.embedder.encode([q.question for q in self.bank.questions])
        similarities = self.embedder.encode(list(texts)) @ self._question_vectors.T
        best = similarities.argmax(axis=1)
        return [(self.bank.questions[int(b)], float(row[b])) for row, b in zip(similarities, best)]

    def for_text(self, text: str, match: tuple[Question | None, float] | None = None) -> tuple[GradingContext, float]:
        """A context for a free-text question: its bank twin if close enough, else one with nothing to grade against.

        ``match`` is the result of :meth:`match` when already known (from :meth:`match_many`).
        """
        question, similarity = match or self.match(text)
        if question is not None and similarity >= QUESTION_MATCH_THRESHOLD:
            return self.for_question(question), similarity
        note = (f"no reference to grade against: the question matches no bank question (the closest is "
                f"{similarity:.2f} similar; {QUESTION_MATCH_THRESHOLD:.2f} is needed); {NO_REFERENCE_ADVICE}")
        return GradingContext(question=text, key_points=[], note=note), similarity
