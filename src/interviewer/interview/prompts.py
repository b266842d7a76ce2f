"""The follow-up prompt: ``prompts/follow_up.yaml`` (system and user templates), rendered strictly.

Like the judge's prompt (:mod:`interviewer.grading.llm.prompt`), every variable a template uses must
be given: a missing one raises :class:`~interviewer.grading.llm.prompt.PromptError` naming it.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from interviewer.config import prompts_dir
from interviewer.grading.llm.prompt import PromptError

PROMPT_FILE = "follow_up.yaml"
TEMPLATES = ("system", "user")


class _FollowUpFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    system: str
    user: str


class FollowUpPrompt:
    """The loaded templates and their version."""

    def __init__(self, path: Path | None = None):
        from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, meta

        self.path = Path(path) if path else prompts_dir() / PROMPT_FILE
        try:
            spec = _FollowUpFile.model_validate(yaml.safe_load(self.path.read_text(encoding="utf-8")))
        except OSError as error:
            raise PromptError(f"{self.path}: {error.strerror or error}") from None
        except (yaml.YAMLError, ValidationError) as error:
            raise PromptError(f"{self.path}: not a follow-up prompt ({str(error).splitlines()[0]})") from None
        self.version = spec.version
        environment = Environment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)
        self._templates, self.variables = {}, {}
        for name in TEMPLATES:
            source = getattr(spec, name)
            try:
                self._templates[name] = environment.from_string(source)
                self.variables[name] = meta.find_undeclared_variables(environment.parse(source))
            except TemplateSyntaxError as error:
                raise PromptError(f"{self.path}: template '{name}', line {error.lineno}: {error.message}") from None

    def render(self, name: str, **variables) -> str:
        """Render one template; every variable it uses must be given."""
        from jinja2 import UndefinedError

        missing = sorted(self.variables[name] - variables.keys())
        if missing:
            raise PromptError(f"{self.path}: template '{name}' is missing variables: {', '.join(missing)}")
        try:
            return self._templates[name].render(**variables).strip() + "\n"
        except UndefinedError as error:
            raise PromptError(f"{self.path}: template '{name}': {error.message}") from None

    def messages(self, **variables) -> list[dict]:
        """The system and user messages of one follow-up call."""
        return [{"role": "system", "content": self.render("system", **variables)},
                {"role": "user", "content": self.render("user", **variables)}]
