"""Human-graded short answers (SciEntsBank, Beetle, SAF), read by path from the shared ``asag`` folder.

The data is never copied into the repository. The folder is, in order of precedence: the ``root``
argument, the ``INTERVIEWER_ASAG_DIR`` environment variable, or ``<repository root>/../shared/asag``.

Labels and scores:

- SciEntsBank and Beetle (SemEval-2013 Task 7, 3-way): the ``accuracy`` attribute is the label
  (``correct``, ``contradictory`` or ``incorrect``). The score is 1.0 for ``correct`` and 0.0 for
  both other labels: a contradictory answer earns no more credit than an irrelevant one.
- SAF (English): ``<verification_feedback>`` is the label (``Correct``, ``Partially correct`` and
  ``Incorrect`` become ``correct``, ``partially_correct`` and ``incorrect``). ``<score>`` is already a
  fraction of full marks on disk (0 to 1, in steps such as 0.125 or 0.1), so it is used as is; a
  score outside [0, 1] is an error rather than something to rescale, because the files do not
  record a question's maximum.

Question ids: SAF reuses ``id="2.1"`` in three files (``2.1_DLL``, ``4.2_LM_v1.0``, ``4.3_LM``), so
SAF questions are identified by their file name without ``.xml``; SemEval ids are unique and kept.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from interviewer.config import REPOSITORY_ROOT
from interviewer.errors import InterviewerError

ASAG_DIR_ENV = "INTERVIEWER_ASAG_DIR"

SPLITS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "scientsbank": ("training", "unseen_answers", "unseen_questions", "unseen_domains"),
    "beetle": ("training", "unseen_answers", "unseen_questions"),
    "saf": ("training", "unseen_answers", "unseen_questions"),
})
"""The splits each dataset provides; only SciEntsBank has ``unseen_domains``."""

# The folder name inside each SemEval archive (case differs from the dataset name).
_SEMEVAL_SUBDIR = {"scientsbank": "sciEntsBank", "beetle": "beetle"}
_SEMEVAL_SCORES = {"correct": 1.0, "contradictory": 0.0, "incorrect": 0.0}
_SAF_LABELS = {"correct": "correct", "partially correct": "partially_correct", "incorrect": "incorrect"}


class DatasetError(InterviewerError):
    """A graded-answer dataset that is missing or cannot be parsed; the message names the path."""

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class GradedAnswer:
    """One student answer with its question, reference answers and human grade.

    ``reference_categories`` runs parallel to ``references`` for Beetle (``BEST``, ``GOOD``,
    ``MINIMAL`` or ``KEYWORD``) and is empty for the other datasets. ``score`` is in [0, 1].
    """

    dataset: str
    split: str
    question_id: str
    question: str
    references: tuple[str, ...]
    answer_id: str
    answer: str
    label: str
    score: float
    reference_categories: tuple[str, ...] = ()


def default_asag_dir() -> Path:
    """The data folder used when none is given: ``INTERVIEWER_ASAG_DIR`` or ``../shared/asag``."""
    configured = os.environ.get(ASAG_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return REPOSITORY_ROOT.parent / "shared" / "asag"


def split_dir(dataset: str, split: str, root: Path | str | None = None) -> Path:
    """The folder holding one XML file per question for ``dataset`` and ``split``."""
    if dataset not in SPLITS:
        raise DatasetError(dataset, f"unknown dataset; choose one of {', '.join(SPLITS)}")
    if split not in SPLITS[dataset]:
        raise DatasetError(dataset, f"no split {split!r}; {dataset} has {', '.join(SPLITS[dataset])}")
    base = Path(root) if root is not None else default_asag_dir()
    if dataset == "saf":
        return base / "saf" / "data" / split / "english"
    subdir = base / dataset / "training" / "3way" / _SEMEVAL_SUBDIR[dataset]
    if split == "training":
        return subdir
    test_name = "test-" + split.replace("_", "-")
    return base / dataset / "test" / "3way" / _SEMEVAL_SUBDIR[dataset] / test_name


def load_split(dataset: str, split: str, root: Path | str | None = None) -> list[GradedAnswer]:
    """Every graded answer of one split, ordered by file name and then by position in the file."""
    folder = split_dir(dataset, split, root)
    if not folder.is_dir():
        hint = f" (set {ASAG_DIR_ENV} or pass root)" if root is None else ""
        raise DatasetError(folder, f"folder not found{hint}")
    files = sorted(folder.glob("*.xml"), key=lambda path: path.name)
    if not files:
        raise DatasetError(folder, "no .xml files")
    parse = _parse_saf if dataset == "saf" else _parse_semeval
    answers: list[GradedAnswer] = []
    for path in files:
        answers.extend(parse(path, dataset, split))
    return answers


def _read_question(path: Path) -> tuple[ET.Element, str, tuple[ET.Element, ...]]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise DatasetError(path, f"malformed XML: {error}") from None
    if root.tag != "question":
        raise DatasetError(path, f"expected a <question> root element, found <{root.tag}>")
    question = _text(root.find("questionText"))
    if not question:
        raise DatasetError(path, "missing or empty <questionText>")
    references = tuple(root.iterfind("referenceAnswers/referenceAnswer"))
    if not references:
        raise DatasetError(path, "no <referenceAnswer>")
    return root, question, references


def _text(element: ET.Element | None) -> str:
    # itertext, not .text: one SAF response wraps its text in a <p> child.
    return "".join(element.itertext()).strip() if element is not None else ""


def _answer_id(path: Path, element: ET.Element, position: int) -> str:
    answer_id = element.get("id")
    if not answer_id:
        raise DatasetError(path, f"student answer {position} has no id")
    return answer_id


def _parse_semeval(path: Path, dataset: str, split: str) -> list[GradedAnswer]:
    root, question, reference_elements = _read_question(path)
    question_id = root.get("id") or path.stem
    references = tuple(_text(element) for element in reference_elements)
    categories = tuple(element.get("category", "") for element in reference_elements)
    if not any(categories):
        categories = ()
    answers = []
    for position, element in enumerate(root.iterfind("studentAnswers/studentAnswer"), start=1):
        answer_id = _answer_id(path, element, position)
        label = element.get("accuracy")
        if label not in _SEMEVAL_SCORES:
            raise DatasetError(path, f"answer {answer_id}: accuracy {label!r} is not one of "
                                     f"{', '.join(_SEMEVAL_SCORES)}")
        answers.append(GradedAnswer(
            dataset=dataset, split=split, question_id=question_id, question=question,
            references=references, answer_id=answer_id, answer=_text(element), label=label,
            score=_SEMEVAL_SCORES[label], reference_categories=categories,
        ))
    return answers


def _parse_saf(path: Path, dataset: str, split: str) -> list[GradedAnswer]:
    root, question, reference_elements = _read_question(path)
    references = tuple(_text(element) for element in reference_elements)
    answers = []
    for position, element in enumerate(root.iterfind("studentAnswers/studentAnswer"), start=1):
        answer_id = _answer_id(path, element, position)
        verdict = _text(element.find("verification_feedback"))
        label = _SAF_LABELS.get(verdict.lower())
        if label is None:
            raise DatasetError(path, f"answer {answer_id}: verification_feedback {verdict!r} is not "
                                     "Correct, Partially correct or Incorrect")
        answers.append(GradedAnswer(
            dataset=dataset, split=split, question_id=path.stem, question=question,
            references=references, answer_id=answer_id, answer=_text(element.find("response")),
            label=label, score=_saf_score(path, answer_id, element),
        ))
    return answers


def _saf_score(path: Path, answer_id: str, element: ET.Element) -> float:
    raw = _text(element.find("score"))
    try:
        score = float(raw)
    except ValueError:
        raise DatasetError(path, f"answer {answer_id}: score {raw!r} is not a number") from None
    if not 0.0 <= score <= 1.0:
        raise DatasetError(path, f"answer {answer_id}: score {score} is outside [0, 1]")
    return score
