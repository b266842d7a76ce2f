"""The index through a real Chroma server (``chroma run``), and the errors when no server answers.

With ``INTERVIEWER_CHROMA_URL`` set, ``open_client`` talks to the server over HTTP
(``chromadb.HttpClient``) and nothing is written under ``INTERVIEWER_HOME``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from interviewer.bank import QuestionBank
from interviewer.config import Settings
from interviewer.errors import IndexUnavailableError
from tests.harness import free_port, stop_process
from tests.index.recording import RecordingEmbedder
from interviewer.index import ReferenceIndex, bank_chunks

BIN_DIR = Path(sys.executable).parent
STARTUP_SECONDS = 60


def wait_for_heartbeat(url: str, server: subprocess.Popen, log: Path) -> None:
    """Poll the server's heartbeat until it answers; fail with the server's output if it exits or never answers."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"chroma run exited with code {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"chroma run did not answer at {url} within {STARTUP_SECONDS} s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A ``chroma run`` server on a free localhost port for this module; its URL and data folder."""
    folder = tmp_path_factory.mktemp("chroma-server")
    data, log = folder / "data", folder / "server.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(BIN_DIR / "chroma"), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    try:
        wait_for_heartbeat(url, server, log)
        yield url, data
    finally:
        stop_process(server, grace_seconds=10)


@pytest.fixture
def server_url(chroma_server, tmp_path, monkeypatch) -> str:
    """INTERVIEWER_CHROMA_URL pointing at the module's server, with a fresh INTERVIEWER_HOME."""
    url, _ = chroma_server
    monkeypatch.setenv("INTERVIEWER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("INTERVIEWER_CHROMA_URL", url)
    return url


def small_bank(bank, tmp_path, name: str) -> QuestionBank:
    """The first four answered questions of the committed bank, in their own collection on the server."""
    return QuestionBank([q for q in bank.questions if q.has_references][:4], tmp_path / f"{name}.jsonl")


@pytest.mark.slow
def test_sync_and_search_through_the_server(server_url, chroma_server, bank, embedder, tmp_path):
    """Chunks are stored on the server (not under INTERVIEWER_HOME) and a question's text finds that question."""
    mini = small_bank(bank, tmp_path, "server-search")
    index = ReferenceIndex.for_bank(mini, Settings.from_environment(), RecordingEmbedder(embedder))

    report = index.sync(mini.questions)

    assert index.location == server_url
    assert report.added == len(bank_chunks(mini.questions)) > 0
    assert index.count() == report.added
    assert index.is_current(mini.questions)
    target = mini.questions[2]
    assert index.search(target.question, k=3)[0].question_id == target.id
    assert not (tmp_path / "home").exists()
    assert any(chroma_server[1].iterdir())  # the server persisted to its --path


@pytest.mark.slow
def test_resync_through_the_server_embeds_nothing(server_url, bank, embedder, tmp_path):
    """A second client (as a new process would open) finds every chunk on the server and embeds nothing."""
    mini = small_bank(bank, tmp_path, "server-resync")
    ReferenceIndex.for_bank(mini, Settings.from_environment(), RecordingEmbedder(embedder)).sync(mini.questions)

    recorder = RecordingEmbedder(embedder)
    again = ReferenceIndex.for_bank(mini, Settings.from_environment(), recorder)
    report = again.sync(mini.questions)

    assert recorder.encoded == []
    assert (report.added, report.removed, report.rebuilt) == (0, 0, False)
    assert report.unchanged == len(bank_chunks(mini.questions))


# -- no server, or a bad URL --------------------------------------------------------------------

@pytest.mark.timeout(30)  # a guard against retries or hangs, not a benchmark: a refused connection fails at once
def test_unreachable_server_raises_a_one_line_error_naming_the_url():
    """A port nobody listens on: IndexUnavailableError on one line naming the URL, not a chromadb traceback."""
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(IndexUnavailableError) as raised:
        ReferenceIndex.for_bank(QuestionBank([]), Settings(home=Path("unused"), chroma_url=url))
    message = str(raised.value)
    assert url in message and "\n" not in message


@pytest.mark.parametrize("url", ["ftp://x", "http://", "http://:8000"])
def test_malformed_url_is_rejected_with_a_clear_message(url):
    """Anything but http(s)://host[:port] is refused before any connection, naming the variable and value."""
    with pytest.raises(IndexUnavailableError, match="INTERVIEWER_CHROMA_URL=.*is not an http") as raised:
        ReferenceIndex.for_bank(QuestionBank([]), Settings(home=Path("unused"), chroma_url=url))
    assert repr(url) in str(raised.value)


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.parametrize("kind", ["unreachable", "malformed"])
def test_cli_search_without_a_server_prints_one_line_and_no_traceback(kind, tmp_path):
    """`interviewer search` turns the store error into one line on stderr naming the URL, and exits non-zero."""
    url = f"http://127.0.0.1:{free_port()}" if kind == "unreachable" else "ftp://x"
    environment = {**os.environ, "INTERVIEWER_HOME": str(tmp_path / "home"), "INTERVIEWER_CHROMA_URL": url}
    environment.pop("INTERVIEWER_BANK", None)
    result = subprocess.run([str(BIN_DIR / "interviewer"), "search", "x"], env=environment,
                            capture_output=True, text=True, timeout=110)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and url in lines[0], result.stderr
    assert result.stdout == ""
