"""Page load and first question after the server is up, written to the page_load section of docs/BENCHMARKS.md.

    .venv/bin/python benchmarks/page_load.py [--repeats 3] [--bank PATH] [--no-write]

Each repeat starts two fresh servers (``python app.py`` on the bank, a free port, one temporary
INTERVIEWER_HOME whose index is built once beforehand). "Server up" is the moment the port first
answers HTTP 200; the models (embedding, Whisper) are still loading in the background then. From
that moment:

(a) browser: Debian's chromium (launched before the server) opens the page, presses "Start
    interview" with the default settings and waits until the first question is shown;
(b) API: ``gradio_client`` connects and calls ``/start_session`` (on the second server);
(c) then, on that server, ``/answer`` with a typed answer: the first grade, which waits for the
    embedding model when the background loading has not finished.

Target: (a) and (b) under 3 s. The section records the load average before and after, since the
machine may be shared: run it on an idle machine for figures to compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))  # the local-server helpers live with the tests

from tests.harness import CHROMIUM, CHROMIUM_ARGS, free_port, stop_process  # noqa: E402
DEFAULT_OUTPUT = REPOSITORY / "docs" / "BENCHMARKS.md"
TARGET_SECONDS = 3.0
WAIT_SECONDS = 180
ANSWER = "It keeps training stable: the idea is to normalize, regularize and pick a sensible learning rate."


def start_server(bank: Path, home: Path, log_path: Path) -> tuple[subprocess.Popen, str, float]:
    """Start app.py; returns the process, its URL and the seconds from process start to "server up"."""
    import httpx

    port = free_port()
    environment = {**os.environ, "INTERVIEWER_HOME": str(home), "GRADIO_ANALYTICS_ENABLED": "False"}
    for name in ("INTERVIEWER_CHROMA_URL", "INTERVIEWER_MODEL", "GRADIO_SERVER_PORT"):
        environment.pop(name, None)
    log = log_path.open("w")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(REPOSITORY / "app.py"), "--bank", str(bank), "--port", str(port)],
                               env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    while time.perf_counter() - started < WAIT_SECONDS:
        if process.poll() is not None:
            sys.exit(f"error: app.py exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return process, url, time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    process.kill()
    sys.exit(f"error: app.py did not answer within {WAIT_SECONDS} s:\n{log_path.read_text()}")


def browser_run(browser, url: str, up: float) -> tuple[float, float]:
    """Seconds from "server up" to the page loaded and to the first question shown."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT_SECONDS * 1000)
    page.goto(url)
    page.locator("#start-button").wait_for()
    loaded = time.perf_counter() - up
    page.locator("#start-button").click()
    page.locator("#current-question", has_text="Question 1 of").wait_for()
    shown = time.perf_counter() - up
    context.close()
    return loaded, shown


def client_run(url: str, up: float) -> tuple[float, float, float]:
    """Seconds from "server up" to the first question by /start_session, and the seconds the first /answer took."""
    from gradio_client import Client

    client = Client(url, verbose=False, download_files=False)
    session_id, question = client.predict(api_name="/start_session")
    first_question = time.perf_counter() - up
    assert question and question["label"].startswith("Question 1 of"), question
    before = time.perf_counter()
    outcome, _ = client.predict(session_id, ANSWER, None, api_name="/answer")
    assert outcome["graded"], outcome
    return first_question, time.perf_counter() - before, time.perf_counter() - up


def models_ready(log_path: Path) -> str:
    lines = [line for line in log_path.read_text().splitlines() if line.startswith("Models ready")]
    return lines[0] if lines else "not yet"


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="fresh servers per measurement (default 3)")
    parser.add_argument("--bank", type=Path, default=REPOSITORY / "corpus" / "bank.jsonl")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--no-write", action="store_true", help="only print the results")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    from playwright.sync_api import sync_playwright

    from interviewer.evals.report import machine_description, machine_summary, publish_section, results_table

    load_before = machine_description()["load"]
    bank = arguments.bank.resolve()
    rows: dict[str, list[float]] = {"start": [], "loaded": [], "shown": [], "api": [], "answer": []}
    ready = []
    with tempfile.TemporaryDirectory(prefix="interviewer-page-") as temporary, sync_playwright() as playwright:
        home, logs = Path(temporary) / "home", Path(temporary)
        print("building the index once ...", flush=True)
        subprocess.run([sys.executable, "-m", "interviewer", "index", "--bank", str(bank)], check=True,
                       env={**os.environ, "INTERVIEWER_HOME": str(home)}, stdout=subprocess.DEVNULL)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        for repeat in range(1, arguments.repeats + 1):
            process, url, start = start_server(bank, home, logs / f"browser-{repeat}.log")
            up = time.perf_counter()
            try:
                loaded, shown = browser_run(browser, url, up)
            finally:
                stop_process(process)
            process, url, start_api = start_server(bank, home, logs / f"api-{repeat}.log")
            up = time.perf_counter()
            try:
                api, answer, _ = client_run(url, up)
                ready.append(models_ready(logs / f"api-{repeat}.log"))
            finally:
                stop_process(process)
            for name, value in (("start", start), ("start", start_api), ("loaded", loaded), ("shown", shown),
                                ("api", api), ("answer", answer)):
                rows[name].append(value)
            print(f"run {repeat}: server up after {start:.1f} s; page loaded {loaded:.2f} s, first question "
                  f"{shown:.2f} s (browser); /start_session {api:.2f} s; first /answer {answer:.2f} s", flush=True)
        browser.close()
    load_after = machine_description()["load"]

    def cell(name: str) -> str:
        values = rows[name]
        return f"{statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"

    table = [("Process start to server up (bank, index check, gradio)", cell("start"), "-", None),
             ("Server up to page loaded (browser)", cell("loaded"), "-", None),
             ("Server up to first question shown (browser: load, press Start)", cell("shown"),
              f"< {TARGET_SECONDS:.0f} s", max(rows["shown"]) < TARGET_SECONDS),
             ("Server up to first question (gradio_client: connect, /start_session)", cell("api"),
              f"< {TARGET_SECONDS:.0f} s", max(rows["api"]) < TARGET_SECONDS),
             ("First /answer graded (waits for the embedding model if still loading)", cell("answer"), "-", None)]
    body = "\n".join([
        "## Page load (`benchmarks/page_load.py`)",
        "",
        f"- Date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {machine_summary()}; 1/5/15-min load average before: {load_before}, after: {load_after}",
        f"- Command: `python benchmarks/page_load.py --repeats {arguments.repeats}`: {arguments.repeats} fresh "
        f"servers per row on `{bank.relative_to(REPOSITORY) if bank.is_relative_to(REPOSITORY) else bank}` "
        "(index built beforehand), times from the first HTTP 200 on the port; median (min, max)",
        f"- Background model loading, from the server's log just after the first answer: {'; '.join(ready)}",
        "",
        *results_table(table),
    ])
    publish_section(arguments.output, "page_load", body, write=not arguments.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
