"""The LLM judge: litellm behind one seam, a strictly rendered prompt, validated JSON, a disk cache."""

from interviewer.grading.llm.judge import GRADER_NAME, LLMJudge, judge_from_environment
from interviewer.grading.llm.prompt import PromptError

__all__ = ["GRADER_NAME", "LLMJudge", "PromptError", "judge_from_environment"]
