"""Follow-up questions: which key point to probe, and how to word it.

The target is the most important key point the answer missed: a contradicted point first, then a
missing one, each in the bank's order (a question's first key points are its main ones). An answer
scoring :data:`FOLLOW_UP_BELOW` or more gets no follow-up unless it contradicts a point.

With an LLM configured the question is worded by the LLM from ``prompts/follow_up.yaml`` through
the same litellm client as the judge; any failure (no reply, an error, an unusable reply) falls back
to the offline wording of :mod:`interviewer.interview.phrasing`, which may ask a related bank question
that covers the point (found by embedding similarity).
"""

from __future__ import annotations

import os
import random
import re
import threading
from dataclasses import dataclass

import numpy as np

from interviewer.bank.schema import Question
from interviewer.grading.result import GradeResult
from interviewer.interview.phrasing import focus_phrase, follow_up_text
from interviewer.interview.prompts import FollowUpPrompt

FOLLOW_UP_BELOW = 4.0
MAX_FOLLOW_UP_CHARS = 400
MAX_ANSWER_IN_PROMPT = 6000
# A related question must be about the point, cover it with one of its own key points, and not
# be the current question asked again in other words (cosines of all-MiniLM-L6-v2 embeddings).
RELATED_CANDIDATES = 3
RELATED_QUESTION_SIMILARITY = 0.45
COVERS_POINT_SIMILARITY = 0.70
SAME_QUESTION_SIMILARITY = 0.80
LABEL = re.compile(r"^(follow-?up( question)?|question|interviewer)\s*:\s*", re.IGNORECASE)
QUOTES = "\"'\u201c\u201d"


def follow_up_targets(result: GradeResult | None, already: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Key points worth a follow-up, most important first; empty when the answer needs none."""
    if result is None or result.status != "graded":
        return []
    contradicted = [v.point for v in result.key_points if v.status == "contradicted"]
    missing = [v.point for v in result.key_points if v.status == "missing"]
    if not contradicted and (result.score or 0.0) >= FOLLOW_UP_BELOW:
        return []
    return [p for p in contradicted + missing if p not in already]


def pick_target(result: GradeResult, targets: list[str], question: str) -> str:
    """The first of ``targets`` worth a question: contradicted, or naming something the question does not.

    A point made only of the question's own words ("There are some standard techniques to prevent
    overfitting.") gives an interviewer nothing to ask about; the next point is asked instead.
    """
    contradicted = {v.point for v in result.key_points if v.status == "contradicted"}
    return next((t for t in targets if t in contradicted or focus_phrase(t, question)), targets[0])


@dataclass(frozen=True)
class FollowUp:
    """A worded follow-up: its text, the key point it targets, and where the wording came from."""

    text: str
    target: str
    related_question_id: str | None = None
    source: str = "offline"  # "llm" or "offline"
    problem: str | None = None  # why the LLM's wording was not used, when it was tried


class RelatedQuestions:
    """Finds a bank question whose own key points cover a given point (vectors computed once, lazily)."""

    def __init__(self, bank, embedder):
        self.bank = bank
        self.embedder = embedder
        self._questions = [q for q in bank.questions if q.key_points]
        self._question_vectors: np.ndarray | None = None
        self._text_vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def _vectors(self, texts: list[str]) -> list[np.ndarray]:
        """Embeddings of bank texts (key points, questions), each computed once."""
        new = [t for t in dict.fromkeys(texts) if t not in self._text_vectors]
        if new:
            self._text_vectors.update(zip(new, self.embedder.encode(new)))
        return [self._text_vectors[t] for t in texts]

    def find(self, point: str, question: Question, exclude: set[str]) -> Question | None:
        """The best related question for ``point``, or None; never ``question`` itself or one in ``exclude``."""
        with self._lock:
            if self._question_vectors is None:
                self._question_vectors = self.embedder.encode([q.question for q in self._questions])
            vectors = self._question_vectors
            target, current = self._vectors([point, question.question])
            to_point, to_current = vectors @ target, vectors @ current
            best: tuple[float, Question] | None = None
            for i in np.argsort(-to_point)[:RELATED_CANDIDATES + len(exclude) + 1]:
                candidate = self._questions[int(i)]
                if (candidate.id == question.id or candidate.id in exclude
                        or to_point[i] < RELATED_QUESTION_SIMILARITY or to_current[i] >= SAME_QUESTION_SIMILARITY):
                    continue
                covers = float((np.stack(self._vectors(candidate.key_points)) @ target).max())
                if covers >= COVERS_POINT_SIMILARITY and (best is None or covers > best[0]):
                    best = (covers, candidate)
            return best[1] if best else None


def llm_client_from_environment(model: str | None = None):
    """A litellm client for ``model`` or ``INTERVIEWER_MODEL`` (with ``INTERVIEWER_API_BASE``/``_API_KEY``); None if neither."""
    model = model or os.environ.get("INTERVIEWER_MODEL") or None
    if not model:
        return None
    from interviewer.grading.llm.client import LiteLLMClient

    return LiteLLMClient(model, api_base=os.environ.get("INTERVIEWER_API_BASE") or None,
                         api_key=os.environ.get("INTERVIEWER_API_KEY") or None, timeout=30, max_retries=1)


def clean_reply(text: str) -> str | None:
    """The follow-up in an LLM reply: one paragraph, no label or wrapping quotes; None if unusable."""
    text = (text or "").strip().strip("`").strip().split("\n\n")[0].strip()
    for _ in range(2):  # a label inside quotes, or quotes after a label
        text = LABEL.sub("", text).strip()
        if len(text) >= 2 and text[0] in QUOTES and text[-1] in QUOTES:
            text = text[1:-1].strip()
    text = " ".join(text.split())
    if not text or len(text) > MAX_FOLLOW_UP_CHARS:
        return None
    return text


class FollowUpWriter:
    """Words follow-ups for one bank. Share one writer between interviews: it caches embeddings.

    ``embedder`` enables related-question follow-ups; ``client`` (anything with the
    :class:`~interviewer.grading.llm.client.LiteLLMClient` ``complete(messages)`` method) enables LLM wording.
    """

    def __init__(self, bank, embedder=None, client=None, prompt: FollowUpPrompt | None = None):
        self.bank = bank
        self.related = RelatedQuestions(bank, embedder) if embedder is not None else None
        self.client = client
        self.prompt = prompt or (FollowUpPrompt() if client is not None else None)

    @classmethod
    def from_environment(cls, bank, use_llm: bool = True, model: str | None = None) -> "FollowUpWriter":
        """The shared embedding model for related questions, and the LLM (``model``, else ``INTERVIEWER_MODEL``)
        unless ``use_llm`` is False. The model is loaded on the first follow-up, not here."""
        from interviewer.embeddings import shared_embedder

        return cls(bank, embedder=shared_embedder(), client=llm_client_from_environment(model) if use_llm else None)

    def write(self, question: Question, answer: str, result: GradeResult, target: str, rng: random.Random,
              exclude: set[str] = frozenset()) -> FollowUp:
        """A follow-up to ``answer`` aimed at ``target`` (a key point of ``result``)."""
        verdict = next((v for v in result.key_points if v.point == target), None)
        contradicted_by = verdict.evidence if verdict is not None and verdict.status == "contradicted" else None
        covered = [v for v in result.key_points if v.status == "covered" and v.evidence]
        mentioned = rng.choice(covered).evidence if covered else None
        related = None if contradicted_by or self.related is None else self.related.find(target, question, exclude)
        draft = follow_up_text(target, question.question, rng, contradicted_by=contradicted_by, mentioned=mentioned,
                               related_question=related.question if related else None)
        offline = FollowUp(draft, target, related.id if related else None)
        if self.client is None:
            return offline
        from interviewer.grading.llm.prompt import neutralize

        # Rendered outside the try: a broken template is a bug to report, not an LLM failure to hide.
        messages = self.prompt.messages(
            question=question.question, answer=neutralize(answer.strip()[:MAX_ANSWER_IN_PROMPT]),
            target={"point": target, "status": verdict.status if verdict else "missing",
                    "evidence": neutralize(contradicted_by) if contradicted_by else None},
            covered=[v.point for v in covered], related_question=related.question if related else None,
            draft=draft)
        try:
            text = clean_reply(self.client.complete(messages).text)
        except Exception as error:  # the LLM is optional: any failure keeps the offline wording
            return FollowUp(draft, target, offline.related_question_id, problem=str(getattr(error, "reason", error)))
        if text is None:
            return FollowUp(draft, target, offline.related_question_id, problem="the LLM's reply was empty or too long")
        return FollowUp(text, target, offline.related_question_id, source="llm")
