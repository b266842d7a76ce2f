"""A small hand-made bank, a real ``app.py`` server on it and a headless chromium, shared by the page tests.

A test module may set ``SERVER_ARGS`` (extra ``app.py`` options, e.g. ``--auth``); each module gets
its own server and its own INTERVIEWER_HOME.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.harness import CHROMIUM, CHROMIUM_ARGS, free_port, stop_process

REPOSITORY = Path(__file__).resolve().parents[2]
APP = REPOSITORY / "app.py"
SERVER_START_SECONDS = 180
WAIT_MS = 60_000
# Variables that would make the server use an LLM (the network) or another bank or store.
NOT_INHERITED = ("INTERVIEWER_CHROMA_URL", "INTERVIEWER_BANK", "GRADIO_SERVER_PORT", "INTERVIEWER_MODEL",
                 "INTERVIEWER_API_BASE", "INTERVIEWER_API_KEY")


def _source(line: int) -> dict:
    return {"file": "hand-made.md", "line": line}


def _question(id_: str, question: str, topic: str, difficulty: str, references: list[tuple[str, str]],
              key_points: list[str], line: int) -> dict:
    return {"id": id_, "question": question, "topic": topic, "difficulty": difficulty,
            "references": [{"text": text, "style": style, "source": _source(line + 1)} for style, text in references],
            "key_points": key_points, "sources": [_source(line)]}


DROPOUT_SCHEME = {
    "model_answer": "Dropout is a regularization method: at every training step each unit's output is set to zero "
                    "with probability p, so the network cannot rely on any particular unit.",
    "key_points": [
        {"text": "Randomly zeroes activations during training", "importance": "essential",
         "phrasings": ["switches off random neurons", "zero out units each step"],
         "probe": "What happens to the units of a dropout layer during a training step?",
         "hint": "Think of a coin flip for every unit."},
        {"text": "Prevents co-adaptation of neurons", "importance": "supporting",
         "phrasings": ["no neuron can rely on another", "units cannot co-adapt"],
         "probe": "Why would relying on particular other units be a problem?",
         "hint": "Think about a team that depends on one star player."}],
    "misconceptions": [{"text": "Dropout stays switched on at test time.", "key_point": 1,
                        "correction": "Dropout is only used in training; at test time every unit is kept."}],
    "vocabulary": ["dropout", "co-adaptation"], "variant_group": "dropout",
}


# Four questions on four topics; the last one has no reference answer, only key points.
QUESTIONS = [
    _question("dropout", "What is dropout and why does it reduce overfitting?", "Regularization & Generalization",
              "easy",
              [("detailed", "Dropout randomly sets a fraction of the activations to zero at every training step, "
                            "so no neuron can rely on particular other neurons being present. The network learns "
                            "redundant features and behaves like an average of many thinner networks, which "
                            "reduces overfitting. At test time all units are kept and activations are scaled."),
               ("simple", "Imagine a team where random players sit out each practice: everyone has to learn "
                          "every role, so the team does not depend on one star player.")],
              ["Randomly zeroes activations during training", "Prevents co-adaptation of neurons"], 1) | DROPOUT_SCHEME,
    _question("batch-normalization", "How does batch normalization speed up training?", "Optimization & Training",
              "medium",
              [("detailed", "Batch normalization standardizes each layer's inputs using the mean and variance of "
                            "the mini-batch, then applies a learned scale and shift. Keeping the distribution of "
                            "inputs stable lets the optimizer use higher learning rates and makes the loss "
                            "surface smoother, so training converges in fewer steps.")],
              ["Normalizes with mini-batch statistics", "Allows higher learning rates"], 10),
    _question("non-maximum-suppression", "What does non-maximum suppression do in object detection?",
              "Computer Vision", "hard",
              [("detailed", "An object detector proposes many overlapping bounding boxes for the same object. "
                            "Non-maximum suppression keeps the box with the highest confidence and removes every "
                            "other box whose intersection over union with it is above a threshold, so each "
                            "object is reported once.")],
              ["Removes duplicate overlapping boxes", "Uses intersection over union with a threshold"], 20),
    _question("word-embeddings", "How do word embeddings capture the meaning of words?", "NLP & Speech", "medium",
              [], ["Words in similar contexts get nearby vectors", "Learned from co-occurrence in large corpora"], 30),
]


def write_bank(path: Path) -> Path:
    """Write :data:`QUESTIONS` as a JSONL bank."""
    path.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    return path


def server_environment(home: Path) -> dict[str, str]:
    """The environment of ``isolated_home``: a fresh INTERVIEWER_HOME and the embedded store."""
    env = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    env.update(INTERVIEWER_HOME=str(home), GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    return env


@pytest.fixture
def scripted_bank():
    """The interview tests' small bank (three topics, six questions each), for in-process tests."""
    from tests.interview.scripted import small_bank

    return small_bank()


@pytest.fixture
def store(tmp_path):
    """A fresh session store (SQLite) in a temporary folder."""
    from interviewer.interview import SessionStore

    return SessionStore(tmp_path / "interviewer.sqlite3")


@pytest.fixture(scope="session")
def hand_made_questions() -> list[dict]:
    """The records of the hand-made bank the server serves (see :data:`QUESTIONS`)."""
    return QUESTIONS


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    """``python app.py`` on the hand-made bank, a fresh home and a free port (plus the module's
    ``SERVER_ARGS``); yields its URL."""
    tmp = tmp_path_factory.mktemp("web")
    bank = write_bank(tmp / "bank.jsonl")
    port = free_port()
    log = (tmp / "server.log").open("w")
    extra = list(getattr(request.module, "SERVER_ARGS", []))
    process = subprocess.Popen([sys.executable, str(APP), "--bank", str(bank), "--port", str(port), *extra],
                               env=server_environment(tmp / "home"), stdout=log, stderr=subprocess.STDOUT,
                               cwd=tmp)
    url = f"http://127.0.0.1:{port}/"

    def stop():
        stop_process(process)
        log.close()

    deadline = time.monotonic() + SERVER_START_SECONDS
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"app.py exited with {process.returncode}:\n{(tmp / 'server.log').read_text()}")
            try:
                if httpx.get(url, timeout=5).status_code in (200, 401):  # 401: the login page of --auth
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app.py did not answer within {SERVER_START_SECONDS} s:\n"
                            f"{(tmp / 'server.log').read_text()}")
            time.sleep(0.5)
    except BaseException:
        stop()
        raise
    yield url
    stop()


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, through Playwright (one per module)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium); 'playwright install' cannot download here")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
                                             timeout=WAIT_MS)
    except BaseException:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()
