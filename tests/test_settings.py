"""One Settings, read once from the environment, with the same whitespace handling for every variable."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from interviewer.config import VARIABLES, Settings
from interviewer.errors import InterviewerError

SOURCE = Path(__file__).resolve().parent.parent / "src" / "interviewer"


class CountingEnvironment(dict):
    """A mapping that counts how often each name is read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reads = Counter()

    def get(self, name, default=None):
        self.reads[name] += 1
        return super().get(name, default)

    def __getitem__(self, name):
        self.reads[name] += 1
        return super().__getitem__(name)


def test_each_variable_is_read_exactly_once():
    environment = CountingEnvironment({"INTERVIEWER_MODEL": "openai/gpt-4o-mini"})
    Settings.from_environment(environment)
    assert set(environment.reads) == set(VARIABLES)
    assert set(environment.reads.values()) == {1}


@pytest.mark.parametrize("padding", ["", "  ", "\t", " \n"])
def test_whitespace_is_dropped_the_same_way_for_every_variable(tmp_path, padding):
    values = {"INTERVIEWER_HOME": str(tmp_path / "home"), "INTERVIEWER_CHROMA_URL": "http://chroma:8000",
              "INTERVIEWER_BANK": str(tmp_path / "bank.jsonl"), "INTERVIEWER_MODEL": "ollama/qwen2.5:7b",
              "INTERVIEWER_API_BASE": "http://localhost:11434", "INTERVIEWER_API_KEY": "secret",
              "INTERVIEWER_LLM_TIMEOUT": "12.5", "INTERVIEWER_LLM_RETRIES": "5", "INTERVIEWER_FOLLOW_UP_TIMEOUT": "7",
              "INTERVIEWER_EMBEDDING_MODEL": str(tmp_path / "mini"), "INTERVIEWER_WHISPER_MODEL": str(tmp_path / "w"),
              "XDG_CACHE_HOME": str(tmp_path / "cache")}
    settings = Settings.from_environment({name: f"{padding}{value}{padding}" for name, value in values.items()})
    assert settings == Settings(home=tmp_path / "home", chroma_url="http://chroma:8000", bank=tmp_path / "bank.jsonl",
                                model="ollama/qwen2.5:7b", api_base="http://localhost:11434", api_key="secret",
                                judge_timeout=12.5, judge_retries=5, follow_up_timeout=7.0,
                                embedding_model=tmp_path / "mini", whisper_model=tmp_path / "w",
                                cache_root=tmp_path / "cache")
    assert settings.model_cache_dir == tmp_path / "cache" / "interviewer" / "models"


def test_blank_values_are_unset_and_get_the_defaults():
    settings = Settings.from_environment({name: "   " for name in VARIABLES})
    assert settings == Settings()
    assert settings.model is None and settings.chroma_url is None and settings.judge_timeout == 60


@pytest.mark.parametrize(("name", "value"), [("INTERVIEWER_LLM_TIMEOUT", "soon"), ("INTERVIEWER_LLM_RETRIES", "2.5"),
                                              ("INTERVIEWER_FOLLOW_UP_TIMEOUT", "-1")])
def test_a_bad_number_names_its_variable(name, value):
    with pytest.raises(InterviewerError, match=f"{name}='{re.escape(value)}'"):
        Settings.from_environment({name: value})


def test_no_other_module_reads_these_variables():
    readers = []
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in VARIABLES:
            if path.name != "config.py" and re.search(rf"environ(\.get)?[\[(]\s*[\"']{name}[\"']", text):
                readers.append((path.name, name))
    assert readers == []


def test_components_take_their_settings(tmp_path):
    from interviewer.grading import make_grader
    from interviewer.interview.follow_up import llm_client_from_environment

    settings = Settings(home=tmp_path, model="openai/served", api_base="http://127.0.0.1:9/v1", api_key="k",
                        judge_timeout=11, judge_retries=2, follow_up_timeout=4)
    judge = make_grader("auto", settings=settings, evidence=False)
    assert (judge.model, judge.client.api_base, judge.client.timeout, judge.client.max_retries) == (
        "openai/served", "http://127.0.0.1:9/v1", 11, 2)
    assert judge.cache.directory == tmp_path / "cache" / "llm"
    client = llm_client_from_environment(settings=settings)
    assert (client.model, client.timeout, client.max_retries) == ("openai/served", 4, settings.follow_up_retries)
    assert make_grader("auto", settings=Settings(home=tmp_path), evidence=False).name == "offline-reference"
