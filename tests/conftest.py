"""Shared fixtures. Tests are offline: models load from site-packages, servers run on localhost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interviewer.config import apply_offline_defaults

apply_offline_defaults()

REPOSITORY = Path(__file__).resolve().parent.parent
SOURCES_DIR = REPOSITORY / "corpus" / "sources"
BANK_PATH = REPOSITORY / "corpus" / "bank.jsonl"


@pytest.fixture(scope="session")
def embedder():
    """The real embedding model (all-MiniLM-L6-v2 from site-packages), loaded once per session."""
    from interviewer.embeddings import shared_embedder

    model = shared_embedder()
    model.load()
    return model


@pytest.fixture(scope="session")
def bank():
    """The committed question bank."""
    from interviewer.bank import load_bank

    return load_bank(BANK_PATH)


@pytest.fixture
def isolated_home(tmp_path, monkeypatch) -> Path:
    """A fresh INTERVIEWER_HOME with the embedded store (no Chroma server URL)."""
    home = tmp_path / "home"
    monkeypatch.setenv("INTERVIEWER_HOME", str(home))
    monkeypatch.delenv("INTERVIEWER_CHROMA_URL", raising=False)
    monkeypatch.delenv("INTERVIEWER_BANK", raising=False)
    return home


def pytest_configure(config):
    # Never let a test reach a model hub.
    os.environ["HF_HUB_OFFLINE"] = "1"


@pytest.fixture(scope="session")
def indexed_home(tmp_path_factory, bank, embedder) -> Path:
    """An INTERVIEWER_HOME whose embedded index holds the whole committed bank (built once per session)."""
    from interviewer.config import Settings
    from interviewer.index import ReferenceIndex

    home = tmp_path_factory.mktemp("indexed-home")
    ReferenceIndex.for_bank(bank, settings=Settings(home=home, chroma_url=None), embedder=embedder).sync(bank.questions)
    return home


@pytest.fixture
def use_indexed_home(indexed_home, monkeypatch) -> Path:
    """Point INTERVIEWER_HOME at the shared, already built index (tests must not change it)."""
    monkeypatch.setenv("INTERVIEWER_HOME", str(indexed_home))
    monkeypatch.delenv("INTERVIEWER_CHROMA_URL", raising=False)
    monkeypatch.delenv("INTERVIEWER_BANK", raising=False)
    return indexed_home
