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
