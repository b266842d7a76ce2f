"""The judge's prompt: ``prompts/judge.yaml`` (system, user and repair templates), rendered strictly.

Every variable a template uses must be given: a missing one raises :class:`PromptError` naming it,
never a blank in the prompt. The candidate's answer is data: tag-like text in it that could close
or open one of the prompt's delimiters is escaped before it is placed inside them.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from interviewer.config import prompts_dir
from interviewer.errors import InterviewerError
from interviewer.grading.result import FLAG_DESCRIPTIONS

PROMPT_FILE = "judge.yaml"
TEMPLATES = ("system", "user", "repair")
# Angle brackets and their look-alikes: a model reads "＜/candidate_answer＞" as a tag too.
_OPEN, _CLOSE = "<\uff1c\ufe64\u2039\u2329\u27e8\u3008", ">\uff1e\ufe65\u203a\u232a\u27e9\u3009"
TAG_LIKE = re.compile(rf"[{_OPEN}]\s*/?\s*[A-Za-z_][\w.:-]*(?:\s[^{_OPEN}{_CLOSE}\n]*)?/?\s*[{_CLOSE}]")


class PromptError(InterviewerError):
    """A prompt file (the judge's, the follow-up's) that cannot be loaded or rendered."""


class PromptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    system: str
    user: str
    repair: str


def neutralize(text: str) -> str:
    """``text`` with every tag-like span (``</candidate_answer>``, ``<system>`` ...) escaped as ``&lt;...&gt;``.

    Plain comparisons such as ``x < 0`` or ``a -> b`` are left alone: only a bracket followed by a
    tag name and closed by a bracket counts as a tag.
    """
    return TAG_LIKE.sub(lambda m: "&lt;" + m.group(0)[1:-1] + "&gt;", text)


class PromptTemplates:
    """A YAML file of Jinja templates checked by ``schema``, compiled once and rendered strictly.

    Subclasses name their file, schema, templates and what kind of prompt it is (for messages).
    ``version`` is the file's own; ``hash`` is of its text (part of the judge's cache key).
    """

    file_name: str
    schema: type[BaseModel]
    templates: tuple[str, ...]
    kind: str

    def __init__(self, path: Path | None = None):
        from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, meta

        self.path = Path(path) if path else prompts_dir() / self.file_name
        try:
            raw = self.path.read_text(encoding="utf-8")
            spec = self.schema.model_validate(yaml.safe_load(raw))
        except OSError as error:
            raise PromptError(f"{self.path}: {error.strerror or error}") from None
        except (yaml.YAMLError, ValidationError) as error:
            raise PromptError(f"{self.path}: not a {self.kind} prompt ({str(error).splitlines()[0]})") from None
        self.version = spec.version
        self.hash = hashlib.sha256(raw.encode()).hexdigest()[:16]
        environment = Environment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)
        self._templates, self.variables = {}, {}
        for name in self.templates:
            source = getattr(spec, name)
            try:
                self._templates[name] = environment.from_string(source)
                self.variables[name] = meta.find_undeclared_variables(environment.parse(source))
            except TemplateSyntaxError as error:
                raise PromptError(f"{self.path}: template '{name}', line {error.lineno}: {error.message}") from None

    def render(self, name: str, **variables) -> str:
        """Render one template; every variable it uses must be given."""
        missing = sorted(self.variables[name] - variables.keys())
        if missing:
            raise PromptError(f"{self.path}: template '{name}' is missing variables: {', '.join(missing)}")
        from jinja2 import UndefinedError

        try:
            return self._templates[name].render(**variables).strip() + "\n"
        except UndefinedError as error:
            raise PromptError(f"{self.path}: template '{name}': {error.message}") from None

    def chat(self, variables: dict) -> list[dict]:
        """The system and user messages rendered from ``variables``."""
        return [{"role": "system", "content": self.render("system", **variables)},
                {"role": "user", "content": self.render("user", **variables)}]


class JudgePrompt(PromptTemplates):
    """The judge's templates (system, user, repair)."""

    file_name, schema, templates, kind = PROMPT_FILE, PromptFile, TEMPLATES, "judge"

    def messages(self, variables: dict) -> list[dict]:
        """The system and user messages of one grading call."""
        return self.chat(variables)


def prompt_variables(rubric, context, answer: str, evidence=None, structured: bool = False) -> dict:
    """Everything the templates may use, built from a rubric, a grading context and an answer.

    ``evidence`` is the offline grader's :class:`GradeResult` for the same answer, or None.
    """
    from interviewer.grading.llm.output import output_schema

    flags = {name: text for name, text in FLAG_DESCRIPTIONS.items() if name != "unscored"}
    return {
        "criteria": [{"id": c.id, "title": c.title, "weight": c.weight, "description": c.description,
                      "anchors": sorted(c.anchors.items())} for c in rubric.criteria],
        "criterion_ids": rubric.criterion_ids,
        "question": context.question,
        "references": [text.strip() for text in context.reference_texts if text.strip()],
        "key_points": _key_points(context),
        "misconceptions": [m.model_dump() for m in context.scheme.misconceptions] if context.scheme else [],
        "evidence": _evidence(evidence),
        "answer": neutralize(answer.strip()),
        "flags": flags,
        "structured": structured,
        "schema": json.dumps(_without_titles(output_schema()), separators=(",", ":")),
    }


def _key_points(context) -> list[dict]:
    """Each key point's text, with its importance when a marking scheme gives one."""
    if context.scheme is None:
        return [{"text": point, "importance": None} for point in context.key_points]
    return [{"text": p.text, "importance": p.importance} for p in context.scheme.points]


def _without_titles(schema):
    # Pydantic's "title" keys repeat the property names: tokens a model does not need.
    if isinstance(schema, dict):
        return {k: _without_titles(v) for k, v in schema.items() if not (k == "title" and isinstance(v, str))}
    if isinstance(schema, list):
        return [_without_titles(v) for v in schema]
    return schema


def _evidence(result) -> dict | None:
    if result is None or result.status != "graded":
        return None
    points = [{"index": i, "status": v.status, "similarity": v.similarity,
               "evidence": neutralize(v.evidence) if v.evidence else None}
              for i, v in enumerate(result.key_points, start=1)]
    return {"points": points, "flags": [f for f in result.flags if f != "unscored"]}
