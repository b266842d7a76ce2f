"""Follow-up questions and hints: which key point to probe, and the interviewer's words for it.

The target is the most important key point the answer missed: a contradicted point first, then a
missing one, each in the scheme's order (points are ordered by importance). An answer scoring
:data:`FOLLOW_UP_BELOW` or more gets no follow-up unless it contradicts a point.

The words come from the question's marking scheme: the point's ``probe`` (a question that asks
about the point without giving it away), after a quote of what the candidate said when they
contradicted it; hints are the point's ``hint``. With an LLM configured the follow-up is worded by
the LLM from ``prompts/follow_up.yaml``, with the probe as its draft; any failure keeps the probe.
A bank without schemes has no probes: its follow-ups and hints are general ones.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from interviewer.bank.schema import Question
from interviewer.config import Settings
from interviewer.grading.result import GradeResult
from interviewer.interview.prompts import FollowUpPrompt

FOLLOW_UP_BELOW = 4.0
MAX_FOLLOW_UP_CHARS = 400
MAX_ANSWER_IN_PROMPT = 6000
MAX_QUOTE_WORDS = 14
LABEL = re.compile(r"^(follow-?up( question)?|question|interviewer)\s*:\s*", re.IGNORECASE)
QUOTES = "\"'\u201c\u201d"
# Said before a probe when the candidate contradicted the point (the probe then asks about it).
CHALLENGES = ("You said “{said}”. Are you sure about that?", "Let me come back to one thing you said: “{said}”.",
              "You said “{said}”. I'd like to check that.")
# A bank without marking schemes has no probes or hints of its own.
GENERAL_PROBE = "What did your answer leave out? Take one more aspect of it and explain how it works."
GENERAL_HINT = "Think about what happens step by step, and why it matters in practice."


def follow_up_targets(result: GradeResult | None, already: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Key points worth a follow-up, most important first; empty when the answer needs none."""
    if result is None or result.status != "graded":
        return []
    contradicted = [v.point for v in result.key_points if v.status == "contradicted"]
    missing = [v.point for v in result.key_points if v.status == "missing"]
    if not contradicted and (result.score or 0.0) >= FOLLOW_UP_BELOW:
        return []
    return [p for p in contradicted + missing if p not in already]


def quote(text: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """A short quote of the candidate's words: the first ``max_words`` words, without the final stop."""
    words = text.strip().rstrip(".!?;:").split()
    return " ".join(words[:max_words]) + (" ..." if len(words) > max_words else "")


def _point(question: Question, text: str):
    return next((p for p in question.key_points if p.text == text), None)


def probe_for(question: Question, target: str) -> str:
    """The scheme's probe for the key point ``target``, or a general follow-up when the bank has none."""
    point = _point(question, target)
    return point.probe if point is not None and point.probe else GENERAL_PROBE


def hint_for(question: Question, target: str) -> str:
    """The scheme's hint for the key point ``target``, or a general nudge when the bank has none."""
    point = _point(question, target)
    return point.hint if point is not None and point.hint else GENERAL_HINT


@dataclass(frozen=True)
class FollowUp:
    """A worded follow-up: its text, the key point it targets, and where the wording came from."""

    text: str
    target: str
    source: str = "scheme"  # "scheme" (the probe) or "llm"
    problem: str | None = None  # why the LLM's wording was not used, when it was tried


def llm_client_from_environment(model: str | None = None, settings: Settings | None = None):
    """A litellm client for ``model`` or the settings' model (default: the environment's); None if neither."""
    settings = settings or Settings.from_environment()
    model = model or settings.model
    if not model:
        return None
    from interviewer.grading.llm.client import LiteLLMClient

    return LiteLLMClient(model, api_base=settings.api_base, api_key=settings.api_key,
                         timeout=settings.follow_up_timeout, max_retries=settings.follow_up_retries)


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
    """Words follow-ups: the scheme's probes, or an LLM's wording of them when ``client`` is given.

    ``client`` is anything with the :class:`~interviewer.grading.llm.client.LiteLLMClient`
    ``complete(messages)`` method.
    """

    def __init__(self, client=None, prompt: FollowUpPrompt | None = None):
        self.client = client
        self.prompt = prompt or (FollowUpPrompt() if client is not None else None)

    @classmethod
    def from_environment(cls, use_llm: bool = True, model: str | None = None,
                         settings: Settings | None = None) -> "FollowUpWriter":
        """The LLM (``model``, else the settings') unless ``use_llm`` is False; else the probes alone."""
        return cls(client=llm_client_from_environment(model, settings) if use_llm else None)

    def write(self, question: Question, answer: str, result: GradeResult, target: str,
              rng: random.Random) -> FollowUp:
        """A follow-up to ``answer`` aimed at ``target`` (a key point of ``result``)."""
        verdict = next((v for v in result.key_points if v.point == target), None)
        contradicted_by = verdict.evidence if verdict is not None and verdict.status == "contradicted" else None
        draft = probe_for(question, target)
        if contradicted_by:
            draft = f"{rng.choice(CHALLENGES).format(said=quote(contradicted_by))} {draft}"
        if self.client is None:
            return FollowUp(draft, target)
        from interviewer.grading.llm.prompt import neutralize

        covered = [v.point for v in result.key_points if v.status == "covered"]
        # Rendered outside the try: a broken template is a bug to report, not an LLM failure to hide.
        messages = self.prompt.messages(
            question=question.question, answer=neutralize(answer.strip()[:MAX_ANSWER_IN_PROMPT]),
            target={"point": target, "status": verdict.status if verdict else "missing",
                    "evidence": neutralize(contradicted_by) if contradicted_by else None},
            covered=covered, draft=draft)
        try:
            text = clean_reply(self.client.complete(messages).text)
        except Exception as error:  # the LLM is optional: any failure keeps the scheme's wording
            return FollowUp(draft, target, problem=str(getattr(error, "reason", error)))
        if text is None:
            return FollowUp(draft, target, problem="the LLM's reply was empty or too long")
        return FollowUp(text, target, source="llm")
