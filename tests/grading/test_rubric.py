"""Rubrics are data: the default one, user rubrics, and clear errors naming the file and field."""

from __future__ import annotations

import pytest

from interviewer.errors import InterviewerError
from interviewer.grading.rubric import load_rubric

VALID = """
name: mine
version: 2
criteria:
  - id: correctness
    title: Correctness
    weight: 2
    description: Is it right?
    anchors: {0: wrong, 5: right}
  - id: brevity
    title: Brevity
    weight: 1
    description: Is it short?
    anchors: {0: rambling, 5: crisp}
"""


def test_default_rubric_has_the_four_criteria_with_anchors():
    rubric = load_rubric()
    assert rubric.criterion_ids == ["correctness", "completeness", "depth", "clarity"]
    assert all({0, 1, 3, 5} <= set(c.anchors) for c in rubric.criteria)
    assert len(rubric.hash) == 16


def test_user_rubric_weights_and_hash(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(VALID)
    rubric = load_rubric(path)
    assert rubric.weighted({"correctness": 5, "brevity": 2}) == pytest.approx(4.0)
    assert rubric.hash != load_rubric().hash
    path.write_text(VALID + "\n# a comment changes nothing that is graded\n")
    assert load_rubric(path).hash == rubric.hash
    path.write_text(VALID.replace("weight: 2", "weight: 3"))
    assert load_rubric(path).hash != rubric.hash


@pytest.mark.parametrize(("text", "message"), [
    ("name: [unclosed", "not valid YAML"),
    ("- just a list", "a rubric is a mapping"),
    (VALID.replace("id: brevity", "id: correctness"), "criterion ids repeat"),
    (VALID.replace("{0: rambling, 5: crisp}", "{9: impossible}"), "anchors must describe levels between 0 and 5"),
    (VALID.replace("weight: 1", "weight: -1"), "field 'criteria.1.weight'"),
])
def test_bad_rubrics_are_reported_with_the_file(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(InterviewerError, match=message) as raised:
        load_rubric(path)
    assert str(raised.value).startswith(str(path))


def test_missing_rubric_file(tmp_path):
    with pytest.raises(InterviewerError, match="rubric file not found"):
        load_rubric(tmp_path / "none.yaml")
