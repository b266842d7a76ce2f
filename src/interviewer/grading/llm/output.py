"""What the judge writes: a pydantic model whose field descriptions instruct the LLM, and its parser.

Reasons and evidence come before the scores and statuses they justify (as in pydantic_evals), so
a model that writes its fields in order reasons before it decides.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from interviewer.grading.result import KeyPointStatus

# The flags a judge may raise; "unscored" is the grader's own verdict, never the judge's.
JudgeFlag = Literal["off_topic", "too_short", "restates_question", "keyword_stuffing", "prompt_injection"]
SCHEMA_NAME = "judge_output"
MAX_ERRORS_SHOWN = 8


class _Strict(BaseModel):
    # No field has a default: every property is required, as strict structured output demands.
    model_config = ConfigDict(extra="forbid")


class KeyPointJudgement(_Strict):
    index: int = Field(description="The key point's number in the numbered list of key points.")
    evidence: str | None = Field(
        description="The words of the answer, quoted exactly, that make or contradict the point; "
                    "null when the answer does not address it.")
    status: KeyPointStatus = Field(
        description="covered: the answer makes the point correctly; partial: it touches on it vaguely or "
                    "incompletely; missing: it does not address it; contradicted: it says something that "
                    "contradicts it.")


class CriterionJudgement(_Strict):
    criterion: str = Field(description="The criterion id from the rubric, e.g. 'correctness'.")
    reason: str = Field(description="One or two sentences justifying the score against the criterion's anchors.")
    score: float = Field(ge=0, le=5, description="The score from 0 to 5; levels between the anchors are allowed.")


class JudgeFeedback(_Strict):
    strengths: list[str] = Field(description="What the answer does well, one short sentence each; may be empty.")
    improvements: list[str] = Field(
        description="What to add or correct, most important first, one short sentence each, "
                    "addressed to the candidate.")
    follow_up: str | None = Field(
        description="One follow-up interview question on the most important missed or wrong point; "
                    "null when nothing important was missed.")


class JudgeOutput(_Strict):
    """The judge's whole verdict on one answer: key points, then criteria, feedback and flags."""

    key_points: list[KeyPointJudgement] = Field(description="One verdict per key point, in the listed order.")
    criteria: list[CriterionJudgement] = Field(description="One score per rubric criterion, in rubric order.")
    feedback: JudgeFeedback
    flags: list[JudgeFlag] = Field(description="Problems with the answer itself; an empty list when there are none.")

    @model_validator(mode="after")
    def _answers_what_was_asked(self, info: ValidationInfo):
        """With a validation context {"criteria": ids, "points": n}: exactly those criteria and key points."""
        expected = info.context or {}
        if "criteria" in expected:
            ids = [c.criterion for c in self.criteria]
            unknown = [i for i in ids if i not in expected["criteria"]]
            if unknown:
                raise ValueError(f"unknown criteria {unknown}; the rubric's criteria are {expected['criteria']}")
            _exactly_once("criteria", ids, expected["criteria"])
        if "points" in expected:
            count = expected["points"]
            indexes = [k.index for k in self.key_points]
            unknown = [i for i in indexes if not 1 <= i <= count]
            if unknown:
                raise ValueError(f"key point indexes {unknown} do not exist; the key points are numbered 1 to {count}"
                                 if count else f"key point indexes {unknown} do not exist; there are no key points")
            _exactly_once("key point indexes", indexes, list(range(1, count + 1)))
        return self


def _exactly_once(what: str, given: list, expected: list) -> None:
    repeated = sorted({x for x in given if given.count(x) > 1}, key=str)
    missing = [x for x in expected if x not in given]
    if repeated:
        raise ValueError(f"{what} {repeated} appear more than once")
    if missing:
        raise ValueError(f"{what} {missing} are missing")


def output_schema() -> dict:
    """The JSON schema of :class:`JudgeOutput` (all properties required, no extra properties).

    A fresh copy each time (callers may change it) of a schema made once: pydantic takes about a
    millisecond to generate it, and every judge call needs it twice.
    """
    return copy.deepcopy(_schema())


@functools.cache
def _schema() -> dict:
    return JudgeOutput.model_json_schema()


class InvalidJudgement(ValueError):
    """A reply that is not a usable judgement; the message says why, for the repair prompt."""


def last_json_object(text: str) -> dict | None:
    """The last well-formed top-level JSON object in ``text``, or None.

    Models wrap JSON in prose or ```json fences, and some write a draft or an example before
    their final answer: the last complete object is the one they settled on (inspect_ai takes the
    last ``GRADE:`` for the same reason). Objects nested in an earlier one are not candidates.
    """
    decoder = json.JSONDecoder()
    found, position = None, text.find("{")
    while position != -1:
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            position = text.find("{", position + 1)
            continue
        if isinstance(value, dict):
            found = value
        position = text.find("{", end)
    return found


def parse_judgement(text: str | None, criteria: list[str], points: int) -> JudgeOutput:
    """Validate a reply against the rubric's criteria and the number of key points.

    Raises :class:`InvalidJudgement` with a short account of every problem.
    """
    data = last_json_object(text or "")
    if data is None:
        raise InvalidJudgement("the reply contains no JSON object" if (text or "").strip() else "the reply is empty")
    try:
        return JudgeOutput.model_validate(data, context={"criteria": criteria, "points": points})
    except ValidationError as error:
        problems = [f"{'.'.join(str(p) for p in e['loc']) or 'output'}: {e['msg']}"
                    for e in error.errors(include_url=False)]
        more = len(problems) - MAX_ERRORS_SHOWN
        shown = "; ".join(problems[:MAX_ERRORS_SHOWN]) + (f"; and {more} more" if more > 0 else "")
        raise InvalidJudgement(shown) from None
