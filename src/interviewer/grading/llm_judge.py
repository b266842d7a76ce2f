"""The LLM judge's public name; the implementation is the :mod:`interviewer.grading.llm` package."""

from interviewer.grading.llm import GRADER_NAME, LLMJudge, PromptError, judge_from_environment

__all__ = ["GRADER_NAME", "LLMJudge", "PromptError", "judge_from_environment"]
