"""Benchmark the reference index on this machine and record the results in docs/BENCHMARKS.md.

Measures, for the whole question bank:

(a) a cold build: ``interviewer index`` run as a subprocess with a fresh, empty INTERVIEWER_HOME
    (wall-clock seconds, including process start and loading the embedding model), and the sync
    seconds the command itself prints;
(b) a rebuild with nothing changed: the same command again on the same home;
(c) retrieval quality, in this process against the index built in (a): recall@1 and recall@3 over
    the questions that have references, each queried with its own question text (a hit is a chunk
    of that question among the top k).

Only the section between ``<!-- index_build:start -->`` and ``<!-- index_build:end -->`` of the
output file is replaced; sections written by other benchmark scripts are kept. Run it on an idle
machine: the build is CPU-bound and anything running alongside slows it down.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPOSITORY / "docs" / "BENCHMARKS.md"

COLD_TARGET_SECONDS = 30.0
REBUILD_TARGET_SECONDS = 3.0
RECALL_AT_3_TARGET = 0.95

# "Index up to date: 1751 chunks ... (42.3 s)." -- the sync time the command reports.
SYNC_SECONDS = re.compile(r"\((\d+(?:\.\d+)?) s\)\.\s*$")
SUMMARY = re.compile(r"(\d+) chunks for (\d+) questions.*?(\d+) embedded, (\d+) removed, (\d+) unchanged")


@dataclass
class Run:
    """One ``interviewer index`` process: wall-clock seconds and what it printed."""

    wall_seconds: float
    cpu_seconds: float
    other_cpu_seconds: float
    sync_seconds: float
    summary: str
    embedded: int


def interviewer_executable() -> str:
    """The ``interviewer`` script of this interpreter's environment (else the one on PATH)."""
    beside = Path(sys.executable).parent / "interviewer"
    found = str(beside) if beside.exists() else shutil.which("interviewer")
    if not found:
        sys.exit("error: the 'interviewer' command is not installed in this environment (run 'make install')")
    return found


def child_cpu_seconds() -> float:
    """User + system CPU seconds of finished child processes, so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_busy_seconds() -> float:
    """CPU-seconds all processes have used since boot (non-idle time in /proc/stat); 0 where unavailable."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return 0.0
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run_index(command: list[str], home: Path) -> Run:
    """Run ``interviewer index`` with ``home`` as INTERVIEWER_HOME (embedded store) and time it."""
    environment = {**os.environ, "INTERVIEWER_HOME": str(home)}
    environment.pop("INTERVIEWER_CHROMA_URL", None)
    cpu_before, busy_before = child_cpu_seconds(), machine_busy_seconds()
    started = time.perf_counter()
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    wall = time.perf_counter() - started
    cpu = child_cpu_seconds() - cpu_before
    others = max(0.0, machine_busy_seconds() - busy_before - cpu)
    if result.returncode != 0:
        sys.exit(f"error: {' '.join(command)} exited with {result.returncode}:\n{result.stderr}")
    summary = result.stdout.strip().splitlines()[-1]
    seconds, counts = SYNC_SECONDS.search(summary), SUMMARY.search(summary)
    if not seconds or not counts:
        sys.exit(f"error: unexpected output from {' '.join(command)}: {summary!r}")
    return Run(wall, cpu, others, float(seconds.group(1)), summary, int(counts.group(3)))


def retrieval_recall(bank_path: Path, home: Path) -> tuple[float, float, int]:
    """recall@1, recall@3 and the number of answered questions, querying the index in ``home`` with each question."""
    from interviewer.config import Settings, apply_offline_defaults

    apply_offline_defaults()
    from interviewer.bank import load_bank
    from interviewer.index import ReferenceIndex

    bank = load_bank(bank_path)
    index = ReferenceIndex.for_bank(bank, Settings(home=home, chroma_url=None))
    if not index.is_current(bank.questions):
        sys.exit("error: the index built by 'interviewer index' is not current for the bank")
    answered = [q for q in bank.questions if q.has_references]
    at_1 = at_3 = 0
    for question in answered:
        ids = [hit.question_id for hit in index.search(question.question, k=3)]
        at_1 += ids[:1] == [question.id]
        at_3 += question.id in ids
    index.client.close()
    return at_1 / len(answered), at_3 / len(answered), len(answered)


def render_section(machine: dict[str, str], script_command: str, index_command: str,
                   cold: Run, rebuild: Run, recall_1: float, recall_3: float, answered: int) -> str:
    """The Markdown section (without its markers)."""
    from interviewer.evals.report import results_table

    rows = [
        ("Cold build, wall clock (process start + model load + sync)", f"{cold.wall_seconds:.1f} s",
         f"< {COLD_TARGET_SECONDS:.0f} s", cold.wall_seconds < COLD_TARGET_SECONDS),
        ("Cold build, sync time printed by the command", f"{cold.sync_seconds:.1f} s", "", None),
        ("Cold build, CPU time of the process (user + system)", f"{cold.cpu_seconds:.1f} s", "", None),
        ("Rebuild with nothing changed, wall clock", f"{rebuild.wall_seconds:.1f} s",
         f"< {REBUILD_TARGET_SECONDS:.0f} s", rebuild.wall_seconds < REBUILD_TARGET_SECONDS),
        ("Rebuild, sync time printed by the command", f"{rebuild.sync_seconds:.1f} s", "", None),
        (f"recall@1 (question text -> own chunk, {answered} answered questions)", f"{recall_1:.3f}", "", None),
        (f"recall@3 (question text -> own chunk, {answered} answered questions)", f"{recall_3:.3f}",
         f">= {RECALL_AT_3_TARGET}", recall_3 >= RECALL_AT_3_TARGET),
    ]
    return "\n".join([
        "## Index build (`benchmarks/index_build.py`)",
        "",
        f"- Date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {machine['cores']} cores, {machine['cpu']}, {machine['ram']} RAM "
        f"(1/5/15-min load average before the run: {machine['load']})",
        f"- Disturbance: other processes used {cold.other_cpu_seconds:.1f} CPU-seconds during the cold build "
        f"(of {cold.wall_seconds * int(machine['cores']):.0f} available)",
        f"- Python: {machine['python']}",
        f"- Command: `{script_command}`; it times `{index_command}` with a fresh temporary "
        "INTERVIEWER_HOME (embedded chromadb store)",
        f"- Cold build output: `{cold.summary}`",
        f"- Rebuild output: `{rebuild.summary}`",
        "",
        *results_table(rows),
    ])


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time a cold build and an unchanged rebuild of the reference index ('interviewer index' "
                    "with a fresh INTERVIEWER_HOME), measure recall@1/recall@3 of question-text queries, print "
                    "the results and write them to the index_build section of docs/BENCHMARKS.md. "
                    f"Targets: cold < {COLD_TARGET_SECONDS:.0f} s, rebuild < {REBUILD_TARGET_SECONDS:.0f} s, "
                    f"recall@3 >= {RECALL_AT_3_TARGET}. Run it on an idle machine.")
    parser.add_argument("--bank", type=Path, default=None,
                        help="question bank to index (default: the bundled corpus/bank.jsonl)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="Markdown file whose index_build section is replaced (default: docs/BENCHMARKS.md)")
    parser.add_argument("--no-write", action="store_true", help="only print the results")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    bank_path = (arguments.bank or REPOSITORY / "corpus" / "bank.jsonl").resolve()
    from interviewer.evals.report import machine_description, publish_section

    machine = machine_description()
    command = [interviewer_executable(), "index", "--bank", str(bank_path)]
    index_command = "interviewer index" + ("" if arguments.bank is None else f" --bank {arguments.bank}")

    with tempfile.TemporaryDirectory(prefix="interviewer-bench-") as temporary:
        home = Path(temporary) / "home"
        print(f"(a) cold build: {index_command} (fresh INTERVIEWER_HOME) ...", flush=True)
        cold = run_index(command, home)
        print(f"    {cold.wall_seconds:.1f} s wall clock, {cold.cpu_seconds:.1f} s CPU "
              f"(other processes: {cold.other_cpu_seconds:.1f} s CPU); {cold.summary}", flush=True)
        print("(b) rebuild with nothing changed ...", flush=True)
        rebuild = run_index(command, home)
        print(f"    {rebuild.wall_seconds:.1f} s wall clock, {rebuild.cpu_seconds:.1f} s CPU; {rebuild.summary}",
              flush=True)
        if rebuild.embedded:
            print(f"warning: the rebuild embedded {rebuild.embedded} chunks; expected none", file=sys.stderr)
        print("(c) retrieval quality ...", flush=True)
        recall_1, recall_3, answered = retrieval_recall(bank_path, home)
        print(f"    recall@1 {recall_1:.3f}, recall@3 {recall_3:.3f} over {answered} answered questions")

    script_command = " ".join(["python", "benchmarks/index_build.py", *(argv if argv is not None else sys.argv[1:])])
    section = render_section(machine, script_command, index_command, cold, rebuild, recall_1, recall_3, answered)
    publish_section(arguments.output, "index_build", section, write=not arguments.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
