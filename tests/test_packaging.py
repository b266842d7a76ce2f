"""The wheel carries what an installed package needs: the prompts and the console script."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPOSITORY


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPOSITORY)],
                   check=True, capture_output=True, timeout=300)
    [built] = out.glob("interviewer-*.whl")
    return built


def test_prompts_are_package_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n for n in names if n.startswith("interviewer/prompts/")}
    expected = {f"interviewer/prompts/{p.name}" for p in (REPOSITORY / "prompts").iterdir() if p.is_file()}
    assert expected and expected <= shipped


def test_installed_package_finds_its_prompts_outside_the_checkout(wheel, tmp_path):
    """Unpacked away from the repository, prompts_dir() points inside the package."""
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = ("from interviewer.config import prompts_dir; p = prompts_dir(); "
            "print(p); assert (p / 'rubric.yaml').is_file()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target / "interviewer" / "prompts")


def test_console_script_is_declared(wheel):
    entry_points = next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "interviewer = interviewer.cli:main" in text


def test_the_bank_and_the_scheme_encoder_are_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"interviewer/corpus/bank.jsonl", "interviewer/grading/scheme_encoder_weights/layers.safetensors",
            "interviewer/grading/scheme_calibration.json", "interviewer/grading/offline_calibration.json"} <= names
    assert {f"interviewer/corpus/schemes/{p.name}" for p in (REPOSITORY / "corpus" / "schemes").glob("*.yaml")} <= names


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """The wheel installed into its own folder (no dependencies: those of this environment are used)."""
    target = tmp_path_factory.mktemp("installed")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    return target


def run_installed(installed, tmp_path, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The ``interviewer`` command of the installed copy, run from a folder outside the checkout."""
    import os

    environment = {**os.environ, "PYTHONPATH": str(installed), "INTERVIEWER_HOME": str(tmp_path / "home")}
    environment.pop("INTERVIEWER_BANK", None)
    environment.pop("INTERVIEWER_MODEL", None)
    code = "import interviewer, sys; from interviewer.cli import main; sys.argv[0] = 'interviewer'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=600,
                          cwd=tmp_path, env=environment, input=stdin)


def test_an_installed_wheel_runs_outside_the_checkout(installed, tmp_path):
    located = subprocess.run([sys.executable, "-c", "import interviewer; print(interviewer.__file__)"], cwd=tmp_path,
                             env={"PYTHONPATH": str(installed), "PATH": ""}, capture_output=True, text=True)
    assert located.stdout.startswith(str(installed)), located.stderr

    stats = run_installed(installed, tmp_path, "corpus", "stats")
    assert stats.returncode == 0, stats.stderr
    assert f"Bank: {installed / 'interviewer' / 'corpus' / 'bank.jsonl'}" in stats.stdout
    assert "Marking schemes: 230 of 230 questions" in stats.stdout

    answers = tmp_path / "answers.csv"
    answers.write_text("question_id,answer\n"
                       "dropout-prevent-overfitting-neural-networks-ed8abf,Dropout zeroes random units in training.\n",
                       encoding="utf-8")
    graded = run_installed(installed, tmp_path, "grade", str(answers), "-o", str(tmp_path / "graded.csv"),
                           "--grader", "offline")
    assert graded.returncode == 0, graded.stderr
    assert "graded" in (tmp_path / "graded.csv").read_text(encoding="utf-8")

    practice = run_installed(installed, tmp_path, "practice", "--topic", "regularization", "--questions", "1",
                             "--follow-ups", "0", "--grader", "offline", "--seed", "3",
                             stdin="Dropout randomly zeroes activations during training.\n")
    assert practice.returncode == 0, practice.stderr
    assert "Score" in practice.stdout and "Session" in practice.stdout
