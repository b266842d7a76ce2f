"""The follow-up prompt: ``prompts/follow_up.yaml`` (system and user templates), rendered strictly.

Loaded and rendered like the judge's prompt (:class:`~interviewer.grading.llm.prompt.PromptTemplates`):
every variable a template uses must be given, and a missing one raises
:class:`~interviewer.grading.llm.prompt.PromptError` naming it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from interviewer.grading.llm.prompt import PromptTemplates

PROMPT_FILE = "follow_up.yaml"
TEMPLATES = ("system", "user")


class _FollowUpFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    system: str
    user: str


class FollowUpPrompt(PromptTemplates):
    """The loaded follow-up templates and their version."""

    file_name, schema, templates, kind = PROMPT_FILE, _FollowUpFile, TEMPLATES, "follow-up"

    def messages(self, **variables) -> list[dict]:
        """The system and user messages of one follow-up call."""
        return self.chat(variables)
