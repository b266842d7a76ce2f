"""``interviewer eval``: run an eval suite from evals/ and write its report folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import yaml

from interviewer.cli import main
from interviewer.cli.options import bank_option, open_bank, stderr
from interviewer.config import REPOSITORY_ROOT
from interviewer.errors import InterviewerError


def find_suite(name: str, suites_dir: Path) -> Path:
    """``asag`` -> evals/asag.yaml; ``gold`` -> the one YAML file in evals/gold/; or a path."""
    for candidate in (Path(name), suites_dir / f"{name}.yaml"):
        if candidate.is_file():
            return candidate
    folder = suites_dir / name
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if len(files) == 1:
        return files[0]
    available = sorted({p.stem for p in suites_dir.glob("*.yaml")} | {p.name for p in suites_dir.iterdir() if p.is_dir()})
    raise InterviewerError(f"no suite {name!r} in {suites_dir} (suites: {', '.join(available) or 'none'})")


def _bank_suite(kind: str):
    """A suite graded against the bank: its loader, runner, report writer and summary."""
    from interviewer.evals import report

    if kind == "gold":
        from interviewer.evals.gold import load_gold_set, run_gold

        return load_gold_set, run_gold, report.write_gold, report.gold_summary
    if kind == "dev":
        from interviewer.evals.dev import load_dev_set, run_dev

        return load_dev_set, run_dev, report.write_dev, report.dev_summary
    from interviewer.evals.unreferenced import load_exam_set, run_unreferenced

    return load_exam_set, run_unreferenced, report.write_unreferenced, report.unreferenced_summary


@main.command("eval")
@click.argument("suite")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder for metrics.json, report.md and plots. Default: eval-runs/SUITE-GRADER-TIME.")
@click.option("--grader", type=click.Choice(["auto", "offline", "llm"]), default="offline", show_default=True)
@click.option("--model", default=None, help="Run the LLM judge with this litellm model (implies --grader llm).")
@click.option("--rubric", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Rubric file.")
@click.option("--limit", type=click.IntRange(1), default=None,
              help="Only the first N answers of each split (a quick look, not a measurement).")
@click.option("--suites-dir", type=click.Path(path_type=Path, file_okay=False), default=REPOSITORY_ROOT / "evals",
              show_default="evals/", help="Where suites live.")
@click.option("--benchmarks", "benchmarks_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write the headline figures into this Markdown file (e.g. docs/BENCHMARKS.md).")
@bank_option
def evaluate(suite: str, output: Path | None, grader: str, model: str | None, rubric: Path | None,
             limit: int | None, suites_dir: Path, benchmarks_file: Path | None, bank_path: Path | None) -> None:
    """Run SUITE (asag: agreement with human grades; gold: the deep-learning gold set; dev: the labelled
    dev set, with its held-out questions reported apart; exam: questions outside the bank, no references).

    Each run writes a folder with metrics.json, report.md and PNG plots.
    """
    from interviewer.evals import report
    from interviewer.grading import make_grader

    path = find_suite(suite, suites_dir)
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    kind = spec.get("kind") if isinstance(spec, dict) else None
    chosen = make_grader("llm" if model else grader, rubric_path=rubric, model=model)
    label = chosen.name + (f"-{model.replace('/', '_')}" if model else "")
    output = output or Path("eval-runs") / f"{path.stem}-{label}-{dt.datetime.now():%Y%m%d-%H%M%S}"
    started = dt.datetime.now(dt.timezone.utc)
    if kind == "agreement":
        from interviewer.embeddings import shared_embedder
        from interviewer.evals.agreement import run_agreement

        splits = [(s["dataset"], s["split"]) for s in spec["splits"]]
        results = run_agreement(chosen, shared_embedder(), splits, limit=limit,
                                progress=lambda what: stderr.print(f"Grading {what} ..."))
        report.write_agreement(results, output, label)
        headline = report.agreement_table(results)
        click.echo(headline)
    elif kind in ("gold", "dev", "unreferenced"):
        load, run, write, summarize = _bank_suite(kind)
        metrics = run(chosen, open_bank(bank_path), load(path), progress=stderr.print)
        write(metrics, output, label)
        headline = summarize(metrics)
        click.echo(headline)
    else:
        raise InterviewerError(f"{path}: unknown suite kind {kind!r} (agreement, gold, dev or unreferenced)")
    click.echo(f"Report: {output / 'report.md'}")
    if benchmarks_file:
        seconds = (dt.datetime.now(dt.timezone.utc) - started).total_seconds()
        command = f"interviewer eval {suite}" + (f" --model {model}" if model else f" --grader {grader}") + \
                  (f" --limit {limit}" if limit else "") + f" --benchmarks {benchmarks_file}"
        body = (f"## Eval `{path.stem}` ({label})\n\n- Date: {started:%Y-%m-%d %H:%M} UTC; run time {seconds:.0f} s\n"
                f"- Machine: {report.machine_summary()}\n- Command: `{command}`\n\n{headline}")
        report.replace_section(benchmarks_file, f"eval:{path.stem}:{label}", body)
        click.echo(f"Updated {benchmarks_file}")
