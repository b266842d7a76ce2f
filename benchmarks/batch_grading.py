"""Batch grading (`interviewer grade`) end to end, written to the batch_grading section of docs/BENCHMARKS.md.

    .venv/bin/python benchmarks/batch_grading.py [--answers 5000] [--llm-answers 1000] [--no-write]

(a) Offline: ``interviewer grade`` as a subprocess on a CSV of ``--answers`` rows (process start and
    model load included): wall clock, CPU time and peak memory (RSS) of the process. Target: 5,000
    answers in under 60 s on 2 cores.
(b) LLM judge: the same command with ``--grader llm --workers 16`` against the scripted
    OpenAI-compatible server (tests/grading/scripted_server.py) answering every call after 250 ms:
    answers per second while grading, against the ideal 16 / 0.25 s = 64 per second (target: at
    least 80%). By default the judge is shown the offline grader's evidence for every answer,
    which is CPU-bound; the run is repeated with ``--no-evidence`` to show the calls alone.
(c) The default LLM run again: every verdict comes from the cache, so the server must see zero calls.

The input is built from the gold set (evals/gold/deep_learning.yaml): its 160 answers (five quality
levels, gaming attempts and paraphrases, written in a candidate's voice) to 16 bank questions,
cycled, each row's answer made distinct by a short suffix; one row in ten names its question by
text instead of by id (matched to the bank). A fresh INTERVIEWER_HOME is used: no index is needed,
since every gold question has reference answers. Run it on an idle machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))  # the scripted server and judge replies live with the tests

from index_build import child_cpu_seconds, interviewer_executable, machine_busy_seconds  # noqa: E402

from interviewer.evals.gold import load_gold_set  # noqa: E402
from interviewer.evals.report import machine_description, publish_section, results_table  # noqa: E402
from tests.batch.judge_script import JudgeScript  # noqa: E402
from tests.grading.scripted_server import ScriptedServer  # noqa: E402

OFFLINE_TARGET_SECONDS = 60.0
LLM_TARGET_SHARE = 0.8


def build_input(path: Path, rows: int) -> list[int]:
    """Write the benchmark CSV; returns the word count of every answer."""
    gold = load_gold_set(REPOSITORY / "evals" / "gold" / "deep_learning.yaml")
    pool = [(case.question_id, case.question, text.strip()) for case in gold.cases
            for text in [*case.answers.values(), *case.gaming.values(), case.paraphrase]]
    lengths = []
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["candidate", "question_id", "question", "answer"])
        for row in range(rows):
            question_id, question, answer = pool[row % len(pool)]
            answer = f"{answer} (Candidate {row}.)"
            by_text = row % 10 == 9
            writer.writerow([f"c{row:05d}", "" if by_text else question_id, question if by_text else "", answer])
            lengths.append(len(answer.split()))
    return lengths


def run(command: list[str], home: Path, api_base: str | None = None) -> dict:
    """Run one ``interviewer grade``; wall clock, CPU, peak RSS so far and other processes' CPU."""
    environment = {**os.environ, "INTERVIEWER_HOME": str(home), "INTERVIEWER_API_KEY": "benchmark"}
    for name in ("INTERVIEWER_CHROMA_URL", "INTERVIEWER_MODEL", "INTERVIEWER_BANK", "INTERVIEWER_API_BASE"):
        environment.pop(name, None)
    if api_base:
        environment["INTERVIEWER_API_BASE"] = api_base
    cpu_before, busy_before = child_cpu_seconds(), machine_busy_seconds()
    started = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(command)} exited with {done.returncode}:\n{done.stderr}")
    cpu = child_cpu_seconds() - cpu_before
    return {"wall": wall, "cpu": cpu, "others": max(0.0, machine_busy_seconds() - busy_before - cpu),
            "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "summary": done.stdout.strip().splitlines()[0]}


def llm_run(command: list[str], home: Path, server: ScriptedServer, latency: float) -> dict:
    """One LLM run against ``server``: its calls and the answers per second while calls were made."""
    script = TimedScript()
    server.responder, calls_before = script, server.calls
    measured = run(command, home, server.api_base)
    measured["calls"] = server.calls - calls_before
    if script.arrivals:
        measured["rate"] = measured["calls"] / (script.arrivals[-1] + latency - script.arrivals[0])
    return measured


class TimedScript(JudgeScript):
    """Valid verdicts, noting when each call arrived."""

    def __init__(self):
        super().__init__()
        self.arrivals: list[float] = []
        self._arrivals_lock = threading.Lock()

    def __call__(self, request):
        with self._arrivals_lock:
            self.arrivals.append(time.monotonic())
        return super().__call__(request)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=5000, help="rows in the offline run (default 5000)")
    parser.add_argument("--llm-answers", type=int, default=1000, help="rows in the LLM runs (default 1000)")
    parser.add_argument("--workers", type=int, default=16, help="parallel LLM calls (default 16)")
    parser.add_argument("--latency", type=float, default=0.25, help="seconds per scripted reply (default 0.25)")
    parser.add_argument("--output", type=Path, default=REPOSITORY / "docs" / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="only print the results")
    args = parser.parse_args(argv)
    machine = machine_description()
    executable = interviewer_executable()

    with tempfile.TemporaryDirectory(prefix="interviewer-batch-bench-") as folder:
        folder = Path(folder)
        lengths = build_input(folder / "answers.csv", args.answers)
        print(f"(a) offline: {args.answers} answers ...", flush=True)
        offline = run([executable, "grade", str(folder / "answers.csv"), "-o", str(folder / "graded.csv"),
                       "--grader", "offline"], folder / "home-offline")
        print(f"    {offline['wall']:.1f} s, peak {offline['peak_mib']:.0f} MiB; {offline['summary']}", flush=True)

        build_input(folder / "llm.csv", args.llm_answers)
        server = ScriptedServer(latency=args.latency).start()
        try:
            command = [executable, "grade", str(folder / "llm.csv"), "-o", str(folder / "llm.jsonl"), "--grader",
                       "llm", "--model", "openai/benchmark-judge", "--workers", str(args.workers)]
            print(f"(b) LLM judge: {args.llm_answers} answers, {args.workers} workers, "
                  f"{args.latency * 1000:.0f} ms per reply ...", flush=True)
            llm = llm_run(command, folder / "home-llm", server, args.latency)
            print(f"    {llm['calls']} calls, {llm['rate']:.1f} answers/s while grading; {llm['wall']:.1f} s end to end",
                  flush=True)
            bare = llm_run([*command, "--no-evidence"], folder / "home-llm", server, args.latency)
            print(f"    --no-evidence: {bare['calls']} calls, {bare['rate']:.1f} answers/s while grading; "
                  f"{bare['wall']:.1f} s end to end", flush=True)
            print("(c) the first LLM run again (cached) ...", flush=True)
            cached = llm_run(command, folder / "home-llm", server, args.latency)
            print(f"    {cached['calls']} calls, {cached['wall']:.1f} s", flush=True)
        finally:
            server.stop()

    ideal = args.workers / args.latency
    words = sorted(lengths)
    rows = [
        (f"Offline, {args.answers:,} answers end to end (process start + model load + grading + writing)",
         f"{offline['wall']:.1f} s ({args.answers / offline['wall']:.0f} answers/s)",
         f"< {OFFLINE_TARGET_SECONDS:.0f} s", offline["wall"] < OFFLINE_TARGET_SECONDS),
        ("Offline, CPU time of the process (user + system)", f"{offline['cpu']:.1f} s", "-", None),
        ("Offline, peak memory of the process (max RSS)", f"{offline['peak_mib']:.0f} MiB", "-", None),
        (f"LLM judge, {llm['calls']} answers, {args.workers} workers, {args.latency * 1000:.0f} ms per reply: "
         "answers per second while grading (with the offline evidence, the default)",
         f"{llm['rate']:.1f}/s ({llm['rate'] / ideal:.0%} of the ideal {ideal:.0f}/s)",
         f">= {LLM_TARGET_SHARE * ideal:.1f}/s", llm["rate"] >= LLM_TARGET_SHARE * ideal),
        ("LLM judge, same run end to end (process start + model load + grading)", f"{llm['wall']:.1f} s", "-", None),
        ("LLM judge with `--no-evidence`: answers per second while grading",
         f"{bare['rate']:.1f}/s ({bare['rate'] / ideal:.0%} of the ideal)", f">= {LLM_TARGET_SHARE * ideal:.1f}/s",
         bare["rate"] >= LLM_TARGET_SHARE * ideal),
        ("LLM judge, cached re-run of the default run: calls to the server",
         f"{cached['calls']} ({cached['wall']:.1f} s end to end)", "0", cached["calls"] == 0),
    ]
    body = "\n".join([
        "## Batch grading (`benchmarks/batch_grading.py`)", "",
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine['cores']} cores, {machine['cpu']}, {machine['ram']} RAM; Python {machine['python']} "
        f"(1/5/15-min load average before the run: {machine['load']})",
        f"- Disturbance: other processes used {offline['others']:.0f} CPU-seconds during the offline run "
        f"(of {offline['wall'] * int(machine['cores']):.0f} available)",
        f"- Command: `python benchmarks/batch_grading.py --answers {args.answers} --llm-answers {args.llm_answers}`; "
        "it times `interviewer grade answers.csv -o graded.csv --grader offline` and `interviewer grade llm.csv "
        f"-o llm.jsonl --grader llm --workers {args.workers}` against the scripted server",
        f"- Input: the gold set's 160 answers to 16 bank questions, cycled; {statistics.mean(words):.0f} words on "
        f"average (median {statistics.median(words):.0f}, 90th percentile {words[int(len(words) * 0.9)]}, "
        f"longest {words[-1]}); one row in ten gives the question as text",
        f"- Offline run said: `{offline['summary']}`",
        "", *results_table(rows)])
    publish_section(args.output, "batch_grading", body, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
