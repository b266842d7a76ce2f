"""The ASAG loader: sizes and labels of the real shared data, and parser errors on small XML files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from interviewer.errors import InterviewerError
from interviewer.evals.asag import (
    ASAG_DIR_ENV, SPLITS, DatasetError, GradedAnswer, default_asag_dir, load_split, split_dir,
)

REPOSITORY = Path(__file__).resolve().parents[2]
SHARED_ASAG = REPOSITORY.parent / "shared" / "asag"

# Answer counts from shared/asag/README.md.
EXPECTED_SIZES = {
    ("scientsbank", "training"): 4969,
    ("scientsbank", "unseen_answers"): 540,
    ("scientsbank", "unseen_questions"): 733,
    ("scientsbank", "unseen_domains"): 4562,
    ("beetle", "training"): 3941,
    ("beetle", "unseen_answers"): 439,
    ("beetle", "unseen_questions"): 819,
    ("saf", "training"): 1476,
    ("saf", "unseen_answers"): 252,
    ("saf", "unseen_questions"): 384,
}
SEMEVAL_LABELS = {"correct", "contradictory", "incorrect"}
SAF_LABELS = {"correct", "partially_correct", "incorrect"}


@pytest.fixture(scope="module")
def asag_root() -> Path:
    if not SHARED_ASAG.is_dir():
        pytest.skip(f"the shared ASAG data is not at {SHARED_ASAG}; these tests read it by path")
    return SHARED_ASAG


def test_splits_cover_every_expected_size():
    assert {(dataset, split) for dataset, splits in SPLITS.items() for split in splits} == set(EXPECTED_SIZES)


@pytest.mark.parametrize(("dataset", "split"), sorted(EXPECTED_SIZES))
def test_split_sizes_and_labels_match_the_readme(asag_root, dataset, split):
    answers = load_split(dataset, split, root=asag_root)
    assert len(answers) == EXPECTED_SIZES[dataset, split]
    assert {answer.dataset for answer in answers} == {dataset}
    assert {answer.split for answer in answers} == {split}
    assert {answer.label for answer in answers} == (SAF_LABELS if dataset == "saf" else SEMEVAL_LABELS)
    assert all(0.0 <= answer.score <= 1.0 for answer in answers)
    assert len({answer.answer_id for answer in answers}) == len(answers)
    assert all(answer.question and answer.references and all(answer.references) for answer in answers)


def test_scientsbank_training_has_135_questions(asag_root):
    answers = load_split("scientsbank", "training", root=asag_root)
    assert len({answer.question_id for answer in answers}) == 135


def test_unseen_splits_share_no_question_with_training(asag_root):
    for dataset in SPLITS:
        training = {answer.question_id for answer in load_split(dataset, "training", root=asag_root)}
        unseen = {answer.question_id for answer in load_split(dataset, "unseen_answers", root=asag_root)}
        new = {answer.question_id for answer in load_split(dataset, "unseen_questions", root=asag_root)}
        assert unseen == training
        assert not new & training


def test_semeval_scores_follow_the_label(asag_root):
    for answer in load_split("beetle", "unseen_answers", root=asag_root):
        assert answer.score == (1.0 if answer.label == "correct" else 0.0)


def test_beetle_keeps_every_reference_with_its_category(asag_root):
    answers = load_split("beetle", "training", root=asag_root)
    assert max(len(answer.references) for answer in answers) > 1
    assert all(len(answer.reference_categories) == len(answer.references) for answer in answers)
    categories = {category for answer in answers for category in answer.reference_categories}
    assert categories == {"BEST", "GOOD", "MINIMAL", "KEYWORD"}
    scientsbank = load_split("scientsbank", "unseen_questions", root=asag_root)
    assert all(answer.reference_categories == () for answer in scientsbank)


def test_saf_scores_are_fractions_and_question_ids_are_unique_per_file(asag_root):
    answers = load_split("saf", "training", root=asag_root)
    assert max(answer.score for answer in answers) == 1.0
    assert {answer.score for answer in answers if answer.label == "correct"} == {1.0}
    assert {answer.score for answer in answers if answer.label == "incorrect"} == {0.0}
    # Three files say id="2.1"; the file stem keeps the 18 questions apart.
    assert len({answer.question_id for answer in answers}) == 18
    assert {"2.1_DLL", "4.2_LM_v1.0", "4.3_LM"} <= {answer.question_id for answer in answers}


def test_saf_response_nested_in_a_paragraph_is_read(asag_root):
    answers = load_split("saf", "training", root=asag_root)
    nested = next(answer for answer in answers if answer.answer_id == "DLL_2.1.20")
    assert nested.answer.startswith("The three service classes are")


def test_order_is_by_file_then_position(asag_root):
    first = load_split("scientsbank", "unseen_questions", root=asag_root)
    assert first == load_split("scientsbank", "unseen_questions", root=asag_root)
    folder = split_dir("scientsbank", "unseen_questions", asag_root)
    first_file = sorted(path.name for path in folder.glob("*.xml"))[0]
    assert f'id="{first[0].answer_id}"' in (folder / first_file).read_text()


def test_default_folder_is_shared_asag_next_to_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv(ASAG_DIR_ENV, raising=False)
    assert default_asag_dir() == SHARED_ASAG
    monkeypatch.setenv(ASAG_DIR_ENV, str(tmp_path))
    assert default_asag_dir() == tmp_path
    assert split_dir("saf", "training") == tmp_path / "saf" / "data" / "training" / "english"


def test_split_folders_use_the_names_on_disk(tmp_path):
    assert split_dir("beetle", "training", tmp_path) == tmp_path / "beetle/training/3way/beetle"
    assert split_dir("scientsbank", "unseen_domains", tmp_path) == (
        tmp_path / "scientsbank/test/3way/sciEntsBank/test-unseen-domains")


SEMEVAL_XML = """<?xml version="1.0"?>
<question id="Q1" module="M">
  <questionText>Why?</questionText>
  <referenceAnswers>
    <referenceAnswer category="BEST" id="r1">Because.</referenceAnswer>
    <referenceAnswer category="MINIMAL" id="r2">Cause</referenceAnswer>
  </referenceAnswers>
  <studentAnswers>
    <studentAnswer id="a1" accuracy="correct"> Because. </studentAnswer>
    <studentAnswer id="a2" accuracy="contradictory">Not because.</studentAnswer>
    <studentAnswer id="a3" accuracy="incorrect">Blue.</studentAnswer>
  </studentAnswers>
</question>
"""

SAF_XML = """<?xml version='1.0' encoding='utf-8'?>
<question id="1.1" module="X">
  <questionText>Name it.</questionText>
  <referenceAnswers><referenceAnswer id="x_a1">It.</referenceAnswer></referenceAnswers>
  <studentAnswers>
    <studentAnswer id="x1"><response> <p>It</p> </response><response_feedback>Good.</response_feedback>
      <score> 1</score><verification_feedback>Correct</verification_feedback></studentAnswer>
    <studentAnswer id="x2"><response>Half</response><response_feedback>Half.</response_feedback>
      <score>0.5</score><verification_feedback>Partially correct</verification_feedback></studentAnswer>
  </studentAnswers>
</question>
"""


def write_split(root: Path, dataset: str, split: str, files: dict[str, str]) -> Path:
    folder = split_dir(dataset, split, root)
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_semeval_parser_reads_labels_scores_and_categories(tmp_path):
    write_split(tmp_path, "beetle", "unseen_answers", {"q.xml": SEMEVAL_XML})
    answers = load_split("beetle", "unseen_answers", root=tmp_path)
    assert answers[0] == GradedAnswer(
        dataset="beetle", split="unseen_answers", question_id="Q1", question="Why?",
        references=("Because.", "Cause"), answer_id="a1", answer="Because.", label="correct",
        score=1.0, reference_categories=("BEST", "MINIMAL"),
    )
    assert [(answer.label, answer.score) for answer in answers] == [
        ("correct", 1.0), ("contradictory", 0.0), ("incorrect", 0.0)]


def test_saf_parser_maps_verdicts_and_reads_nested_text(tmp_path):
    write_split(tmp_path, "saf", "training", {"1.1_X.xml": SAF_XML})
    answers = load_split("saf", "training", root=tmp_path)
    assert [(a.question_id, a.answer, a.label, a.score) for a in answers] == [
        ("1.1_X", "It", "correct", 1.0), ("1.1_X", "Half", "partially_correct", 0.5)]


def test_files_are_read_in_name_order(tmp_path):
    second = SEMEVAL_XML.replace('id="Q1"', 'id="Q2"').replace('id="a', 'id="b')
    write_split(tmp_path, "scientsbank", "training", {"b.xml": second, "a.xml": SEMEVAL_XML})
    ids = [answer.answer_id for answer in load_split("scientsbank", "training", root=tmp_path)]
    assert ids == ["a1", "a2", "a3", "b1", "b2", "b3"]


def test_malformed_xml_names_the_file(tmp_path):
    write_split(tmp_path, "scientsbank", "training", {"broken.xml": SEMEVAL_XML[:200]})
    with pytest.raises(DatasetError, match=r"broken\.xml: malformed XML") as caught:
        load_split("scientsbank", "training", root=tmp_path)
    assert isinstance(caught.value, InterviewerError)
    assert caught.value.path.name == "broken.xml"


@pytest.mark.parametrize(("dataset", "text", "problem"), [
    ("scientsbank", SEMEVAL_XML.replace('"contradictory"', '"partial"'), "accuracy 'partial'"),
    ("saf", SAF_XML.replace("<score>0.5", "<score>5"), "outside"),
    ("saf", SAF_XML.replace("<score>0.5", "<score>half"), "not a number"),
    ("saf", SAF_XML.replace("Partially correct", "Maybe"), "verification_feedback 'Maybe'"),
    ("saf", SAF_XML.replace("<questionText>Name it.</questionText>", ""), "questionText"),
])
def test_bad_values_name_the_file_and_answer(tmp_path, dataset, text, problem):
    write_split(tmp_path, dataset, "training", {"q.xml": text})
    with pytest.raises(DatasetError, match="q.xml") as caught:
        load_split(dataset, "training", root=tmp_path)
    assert problem in str(caught.value)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(DatasetError, match="folder not found") as caught:
        load_split("saf", "unseen_answers", root=tmp_path)
    assert caught.value.path == tmp_path / "saf" / "data" / "unseen_answers" / "english"


def test_empty_folder_is_an_error(tmp_path):
    write_split(tmp_path, "saf", "training", {})
    with pytest.raises(DatasetError, match="no .xml files"):
        load_split("saf", "training", root=tmp_path)


def test_unknown_dataset_or_split_lists_the_choices(tmp_path):
    with pytest.raises(DatasetError, match="beetle has training, unseen_answers, unseen_questions"):
        load_split("beetle", "unseen_domains", root=tmp_path)
    with pytest.raises(DatasetError, match="unknown dataset"):
        load_split("mohler", "training", root=tmp_path)


def test_label_counts_are_stable(asag_root):
    # Pinned so that a change to the data or the parser shows up here.
    counts = Counter(answer.label for answer in load_split("saf", "unseen_questions", root=asag_root))
    assert counts == {"correct": 181, "partially_correct": 116, "incorrect": 87}
    counts = Counter(answer.label for answer in load_split("scientsbank", "training", root=asag_root))
    assert counts == {"correct": 2008, "contradictory": 499, "incorrect": 2462}
