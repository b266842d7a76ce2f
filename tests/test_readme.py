"""The README's examples run as written."""

from __future__ import annotations

import re

from tests.conftest import REPOSITORY


def python_blocks(marker: str) -> list[str]:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    return [block for block in re.findall(r"```python\n(.*?)```", text, re.DOTALL) if marker in block]


def test_the_first_python_example_grades_a_bank_question_and_free_text_near_it(isolated_home, capsys):
    [example] = python_blocks("from interviewer.grading import grade")
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)  # noqa: S102  (the README's own code)
    result, near = namespace["result"], namespace["near"]
    assert result.status == "graded" and result.score is not None
    assert result.question_id == "dropout-prevent-overfitting-neural-networks-ed8abf"
    assert near.status == "graded" and near.question_id == "concept-overfitting-prevent-4f8c6c"
    printed = capsys.readouterr().out
    assert str(result.score) in printed and near.question_id in printed
