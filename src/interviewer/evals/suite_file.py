"""Reading an eval suite's YAML file (gold, dev, exam) into its pydantic model, with one clear error."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from interviewer.errors import InterviewerError

Suite = TypeVar("Suite", bound=BaseModel)


def load_suite_file(path: Path, model: type[Suite], what: str) -> Suite:
    """``path`` validated as ``model``; ``what`` ("gold set") names it in the error."""
    try:
        return model.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise InterviewerError(f"{path}: {what} not found") from None
    except yaml.YAMLError as error:
        raise InterviewerError(f"{path}: not a valid {what} ({str(error).splitlines()[0]})") from None
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "the top level"
        raise InterviewerError(f"{path}: not a valid {what}: {field}: {first['msg']}") from None
