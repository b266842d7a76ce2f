"""Choosing a grader: the LLM judge when a model is configured, else the offline reference grader."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from interviewer.config import Settings
from interviewer.errors import InterviewerError
from interviewer.grading.context import GradingContext
from interviewer.grading.result import GradeResult
from interviewer.grading.rubric import load_rubric

GRADER_KINDS = ("auto", "offline", "llm")


class Grader(Protocol):
    """What every grader offers: grade one answer, or many in a batch."""

    name: str
    version: str

    def grade(self, context: GradingContext, answer: str) -> GradeResult: ...

    def grade_many(self, items: list[tuple[GradingContext, str]]) -> list[GradeResult]: ...


def make_grader(kind: str = "auto", rubric_path: Path | None = None, model: str | None = None,
                samples: int = 1, timeout: float | None = None, max_retries: int | None = None,
                evidence: bool = True, settings: Settings | None = None) -> Grader:
    """``offline``, ``llm`` (needs a model: ``--model`` or ``INTERVIEWER_MODEL``) or ``auto`` (llm if configured).

    For the LLM judge: ``timeout`` (seconds per call) and ``max_retries`` (None: the settings'),
    and ``evidence``: show it the offline grader's key-point matches (CPU-bound: on a slow CPU the
    judge waits for them). ``settings`` default to the environment's.
    """
    if kind not in GRADER_KINDS:
        raise InterviewerError(f"unknown grader {kind!r}; choose one of {', '.join(GRADER_KINDS)}")
    settings = settings or Settings.from_environment()
    rubric = load_rubric(rubric_path)
    model = model or settings.model
    if kind == "llm" and not model:
        raise InterviewerError("the llm grader needs a model: pass --model or set INTERVIEWER_MODEL "
                               "(e.g. openai/gpt-4o-mini, ollama/qwen2.5:7b)")
    if kind == "llm" or (kind == "auto" and model):
        from interviewer.grading.llm_judge import LLMJudge
        from interviewer.grading.offline import OfflineGrader

        limits = {"timeout": settings.judge_timeout if timeout is None else timeout,
                  "max_retries": settings.judge_retries if max_retries is None else max_retries}
        # In a batch the evidence is computed beside the judge's calls: on one core, so the threads
        # handling replies keep the other (16 workers on 2 cores: 56 answers/s, against 50 to 56 with
        # both). Elsewhere it is one answer, or a batch before the calls, where one core costs little.
        evidence_grader = OfflineGrader(rubric, all_cores=False) if evidence else None
        return LLMJudge(model=model, api_base=settings.api_base, api_key=settings.api_key, rubric=rubric,
                        samples=samples, evidence_grader=evidence_grader, cache_dir=settings.llm_cache_dir, **limits)
    from interviewer.grading.offline import OfflineGrader

    return OfflineGrader(rubric)
