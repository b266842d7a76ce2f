"""The LLM judge: one call per answer covering every rubric criterion and key point.

It has the offline grader's API (``grade``, ``grade_many``) and returns the same
:class:`GradeResult`. A reply that breaks the protocol gets one repair call; a provider that keeps
failing, or a second bad reply, makes the grade ``unscored`` with the reason. Failures are never
raised and never reported as scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interviewer.config import JUDGE_RETRIES, JUDGE_TIMEOUT_SECONDS, Settings
from interviewer.grading import flags as gaming
from interviewer.grading.context import GradingContext
from interviewer.grading.llm.cache import DiskCache, cache_key
from interviewer.grading.llm.client import BACKOFF_BASE, CallFailed, Completion, LiteLLMClient
from interviewer.grading.llm.output import InvalidJudgement, JudgeOutput, output_schema, parse_judgement
from interviewer.grading.llm.prompt import JudgePrompt, prompt_variables
from interviewer.grading.result import (
    CriterionScore, Feedback, GradeResult, GraderInfo, KeyPointVerdict, RubricInfo, Usage,
)
from interviewer.grading.rubric import Rubric, load_rubric

GRADER_NAME = "llm-judge"
GRADER_VERSION = "1"


class JudgeFailed(Exception):
    """This answer cannot be graded by the judge; ``reason`` says why."""


@dataclass
class _Tally:
    """Calls, tokens and cost of one answer's grade (not shared between answers: thread-safe)."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = 0.0

    def add(self, completion: Completion) -> None:
        self.calls += completion.calls
        self.prompt_tokens += completion.prompt_tokens
        self.completion_tokens += completion.completion_tokens
        # One call of unknown cost makes the total unknown.
        if self.cost_usd is None or completion.cost_usd is None:
            self.cost_usd = None
        else:
            self.cost_usd += completion.cost_usd

    def usage(self) -> Usage:
        return Usage(calls=self.calls, cached=self.calls == 0, prompt_tokens=self.prompt_tokens,
                     completion_tokens=self.completion_tokens,
                     cost_usd=None if self.cost_usd is None else round(self.cost_usd, 8))


class LLMJudge:
    """Grades answers with an LLM through litellm; see the module docstring."""

    name = GRADER_NAME
    version = GRADER_VERSION

    def __init__(self, model: str, api_base: str | None = None, api_key: str | None = None,
                 rubric: Rubric | None = None, timeout: float = JUDGE_TIMEOUT_SECONDS,
                 max_retries: int = JUDGE_RETRIES, samples: int = 1,
                 cache_dir: Path | None = None, evidence_grader=None, *, prompt_file: Path | None = None,
                 structured: bool | None = None, backoff_base: float = BACKOFF_BASE):
        """``structured`` forces structured output on or off (default: whatever litellm knows of the model);
        ``evidence_grader`` is an offline grader whose key-point matches are shown to the judge."""
        if samples < 1:
            raise ValueError("samples must be at least 1")
        self.model = model
        self.api_base = api_base
        self.rubric = rubric or load_rubric()
        self.samples = samples
        self.evidence_grader = evidence_grader
        self.prompt = JudgePrompt(prompt_file)
        self.client = LiteLLMClient(model, api_base=api_base, api_key=api_key, timeout=timeout,
                                    max_retries=max_retries, structured=structured, backoff_base=backoff_base)
        self.cache = DiskCache(cache_dir or Settings.from_environment().llm_cache_dir)

    # -- public API -----------------------------------------------------------------------------
    def grade(self, context: GradingContext, answer: str) -> GradeResult:
        """Grade one answer."""
        return self.grade_many([(context, answer)])[0]

    def grade_many(self, items: list[tuple[GradingContext, str]]) -> list[GradeResult]:
        """Grade many answers, one after the other (each with :meth:`grade_item`, which is thread-safe).

        The offline evidence, when wanted, is computed in one batch for the answers not in the cache.
        """
        evidence = self.evidence_for(items)
        return [self.grade_item(context, answer, evidence[i]) for i, (context, answer) in enumerate(items)]

    def evidence_for(self, items: list[tuple[GradingContext, str]]) -> list[GradeResult | None]:
        """The evidence grader's results, in one batch, for the items that will need a call (None for the others).

        Pass each to :meth:`grade_item`: callers grading in threads compute evidence here, batched.
        """
        evidence: list[GradeResult | None] = [None] * len(items)
        if self.evidence_grader is not None:
            todo = [i for i, (context, answer) in enumerate(items)
                    if self._unscorable(context, answer) is None
                    and not all(self.cache.has(self._key(context, answer, s)) for s in range(self.samples))]
            if todo:
                for i, result in zip(todo, self.evidence_grader.grade_many([items[i] for i in todo])):
                    evidence[i] = result
        return evidence

    def grade_item(self, context: GradingContext, answer: str, evidence: GradeResult | None = None) -> GradeResult:
        """Grade one answer from the cache or with one call per sample (plus a repair when needed)."""
        problem = self._unscorable(context, answer)
        if problem:
            return self._unscored(context, problem, _Tally())
        tally, outputs, messages = _Tally(), [], None
        for sample in range(self.samples):
            key = self._key(context, answer, sample)
            output = self._cached(key, context)
            if output is None:
                if messages is None:
                    if evidence is None and self.evidence_grader is not None:
                        evidence = self.evidence_grader.grade(context, answer)
                    messages = self.prompt.messages(prompt_variables(
                        self.rubric, context, answer, evidence, structured=self.client.structured))
                try:
                    output = self._judge(messages, context, tally)
                except JudgeFailed as failure:
                    reason = str(failure) if self.samples == 1 else f"sample {sample + 1} of {self.samples}: {failure}"
                    return self._unscored(context, reason, tally)
                self.cache.put(key, {"model": self.model, "sample": sample, "output": output.model_dump(mode="json")})
            outputs.append(output)
        return self._result(context, answer, outputs, tally)

    # -- steps ----------------------------------------------------------------------------------
    def _unscorable(self, context: GradingContext, answer: str) -> str | None:
        """Only an empty answer: without a reference or key points the judge grades from its own knowledge."""
        if not isinstance(answer, str) or not answer.strip():
            return "the answer is empty"
        return None

    def _key(self, context: GradingContext, answer: str, sample: int) -> str:
        # Everything the prompt is made of, so a changed bank entry or prompt is never served stale.
        evidence = (self.evidence_grader.name, self.evidence_grader.version) if self.evidence_grader else None
        return cache_key(self.model, self.api_base, self.prompt.version, self.prompt.hash, self.rubric.hash,
                         context.question, context.key_points, context.reference_texts, evidence, answer, sample)

    def _cached(self, key: str, context: GradingContext) -> JudgeOutput | None:
        entry = self.cache.get(key)
        if entry is None or not isinstance(entry.get("output"), dict):
            return None
        try:
            return JudgeOutput.model_validate(entry["output"], context=self._expected(context))
        except ValueError:  # an entry from an older schema: a miss
            return None

    def _expected(self, context: GradingContext) -> dict:
        return {"criteria": self.rubric.criterion_ids, "points": len(context.key_points)}

    def _judge(self, messages: list[dict], context: GradingContext, tally: _Tally) -> JudgeOutput:
        """One call, and one repair call if the reply is not a valid judgement."""
        schema = output_schema()
        expected = self._expected(context)
        reply = self._call(messages, schema, tally)
        try:
            return parse_judgement(reply.text, expected["criteria"], expected["points"])
        except InvalidJudgement as error:
            repair = [*messages, {"role": "assistant", "content": reply.text},
                      {"role": "user", "content": self.prompt.render("repair", error=str(error))}]
        reply = self._call(repair, schema, tally)
        try:
            return parse_judgement(reply.text, expected["criteria"], expected["points"])
        except InvalidJudgement as error:
            raise JudgeFailed(f"the judge's reply was invalid twice (after one repair): {error}") from None

    def _call(self, messages: list[dict], schema: dict, tally: _Tally) -> Completion:
        try:
            completion = self.client.complete(messages, schema)
        except CallFailed as failure:
            tally.calls += failure.calls
            raise JudgeFailed(failure.reason) from None
        tally.add(completion)
        return completion

    def _result(self, context: GradingContext, answer: str, outputs: list[JudgeOutput], tally: _Tally) -> GradeResult:
        scores = [round(self.rubric.weighted({c.criterion: c.score for c in o.criteria}), 2) for o in outputs]
        # The score, criteria, key points and feedback all come from one sample, the median one (the lower
        # of the two middle ones of an even count), so the criteria shown always give the score.
        median = sorted(range(len(scores)), key=scores.__getitem__)[(len(scores) - 1) // 2]
        chosen = outputs[median]
        by_id = {c.criterion: c for c in chosen.criteria}
        criteria = [CriterionScore(criterion=i, reason=by_id[i].reason, score=round(by_id[i].score, 2))
                    for i in self.rubric.criterion_ids]
        verdicts = {k.index: k for k in chosen.key_points}
        key_points = [KeyPointVerdict(point=point, status=verdicts[i].status,
                                      evidence=verdicts[i].evidence if verdicts[i].status != "missing" else None)
                      for i, point in enumerate(context.key_points, start=1)]
        flags = set(chosen.flags)
        if gaming.injection_spans(answer):  # the text check backs the judge up; it never lowers the score
            flags.add("prompt_injection")
        several = len(scores) > 1
        return GradeResult(
            status="graded", score=scores[median], criteria=criteria, key_points=key_points,
            references=context.references,
            feedback=Feedback(strengths=chosen.feedback.strengths, improvements=chosen.feedback.improvements,
                              follow_up=chosen.feedback.follow_up),
            flags=sorted(flags), question_id=context.question_id, question=context.question,
            rubric=self._rubric_info(), grader=self._grader_info(), usage=tally.usage(),
            samples=scores if several else None, spread=round(max(scores) - min(scores), 2) if several else None)

    def _unscored(self, context: GradingContext, reason: str, tally: _Tally) -> GradeResult:
        return GradeResult(status="unscored", score=None, flags=["unscored"], unscored_reason=reason,
                           references=context.references, question_id=context.question_id,
                           question=context.question, rubric=self._rubric_info(), grader=self._grader_info(),
                           usage=tally.usage() if tally.calls else Usage())

    def _grader_info(self) -> GraderInfo:
        return GraderInfo(name=self.name, version=self.version, model=self.model)

    def _rubric_info(self) -> RubricInfo:
        return RubricInfo(name=self.rubric.name, version=self.rubric.version, hash=self.rubric.hash)


def judge_from_environment(rubric: Rubric | None = None, settings: Settings | None = None,
                           **options) -> LLMJudge | None:
    """The judge ``settings`` (default: the environment's) name, or None when no model is configured.

    ``options`` go to :class:`LLMJudge` (samples, cache_dir, evidence_grader ...).
    """
    settings = settings or Settings.from_environment()
    if not settings.model:
        return None
    options = {"timeout": settings.judge_timeout, "max_retries": settings.judge_retries,
               "cache_dir": settings.llm_cache_dir, **options}
    return LLMJudge(settings.model, api_base=settings.api_base, api_key=settings.api_key, rubric=rubric, **options)
