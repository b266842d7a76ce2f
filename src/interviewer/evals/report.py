"""Write an eval run's folder: ``metrics.json``, ``report.md`` and PNG plots."""

from __future__ import annotations

import json
import math
import os
import platform
import re
import sys
from collections import Counter
from pathlib import Path

AGREEMENT_METRICS = ("auc_correct", "pearson", "spearman", "qwk", "macro_f1", "rmse")


def _fmt(value) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def _pyplot():
    """matplotlib's pyplot on the Agg backend (files only, no display)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _write_metrics(out_dir: Path, suite: str, grader_name: str, metrics: dict) -> None:
    """Create the run's folder and write its ``metrics.json``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "metrics.json").write_text(json.dumps({"suite": suite, "grader": grader_name, **metrics},
                                                     indent=1, default=float) + "\n")


def agreement_table(results, header_note: str = "") -> str:
    """Markdown: one row per split, grader beside the baseline for every metric."""
    lines = [header_note] if header_note else []
    lines.append("| split | answers | " + " | ".join(f"{m} (grader / baseline)" for m in AGREEMENT_METRICS) + " |")
    lines.append("|---|---|" + "---|" * len(AGREEMENT_METRICS))
    for r in results:
        cells = [f"{_fmt(r.predictor['grader'][m])} / {_fmt(r.predictor['baseline'][m])}" for m in AGREEMENT_METRICS]
        lines.append(f"| {r.dataset} {r.split} | {r.answers} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_agreement(results, out_dir: Path, grader_name: str) -> dict:
    plt = _pyplot()
    metrics = {f"{r.dataset}/{r.split}": {"answers": r.answers, **r.predictor} for r in results}
    _write_metrics(out_dir, "agreement", grader_name, {"splits": metrics})
    columns = min(3, len(results))
    rows = math.ceil(len(results) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.6 * rows), squeeze=False)
    for axis, r in zip(axes.flat, results):
        axis.scatter(r.human, r.scores["grader"], s=6, alpha=0.3)
        axis.set(title=f"{r.dataset} {r.split}", xlabel="human score (0-1)", ylabel=f"{grader_name} score (0-5)")
    for axis in list(axes.flat)[len(results):]:
        axis.axis("off")
    figure.tight_layout()
    figure.savefig(out_dir / "scatter.png", dpi=90)
    plt.close(figure)

    figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.8 * rows), squeeze=False)
    for axis, r in zip(axes.flat, results):
        labels = sorted(set(r.human_classes) | set(r.classes["grader"]))
        counts = Counter(zip(r.human_classes, r.classes["grader"]))
        matrix = [[counts[(h, p)] for p in labels] for h in labels]
        axis.imshow(matrix, cmap="Blues")
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                axis.text(j, i, str(value), ha="center", va="center", fontsize=8)
        axis.set_xticks(range(len(labels)), labels, rotation=30, fontsize=7)
        axis.set_yticks(range(len(labels)), labels, fontsize=7)
        axis.set(title=f"{r.dataset} {r.split}", xlabel="predicted", ylabel="human")
    for axis in list(axes.flat)[len(results):]:
        axis.axis("off")
    figure.tight_layout()
    figure.savefig(out_dir / "confusion.png", dpi=90)
    plt.close(figure)

    report = "\n\n".join([
        f"# Agreement with human grades: {grader_name}",
        "Baseline: cosine similarity of all-MiniLM-L6-v2 embeddings of the answer and the closest reference "
        "answer, computed in the same run. Class thresholds for both are fitted on each dataset's training "
        "split. AUC is 'correct' against the rest; RMSE compares score/5 (baseline: cosine) with the human "
        "score in [0, 1].",
        agreement_table(results),
        "![predicted vs human](scatter.png)\n\n![confusion matrices](confusion.png)",
    ])
    (out_dir / "report.md").write_text(report + "\n")
    return metrics


def gold_summary(metrics: dict) -> str:
    """Markdown: ordering, gaming effects, consistency and paraphrase stability."""
    ordering = metrics["ordering"]
    bands = metrics["bands"]
    lines = [f"- Levels ordered correctly: {ordering['accuracy']:.1%} of {ordering['pairs']} pairs "
             "(excellent > partial > weak > wrong >= off_topic, same question)",
             "- Per pair: " + ", ".join(f"{k} {v:.0%}" for k, v in ordering["per_pair"].items()),
             "- Mean score per level: " + ", ".join(f"{level} {_fmt(value)}" for level, value in bands["mean_score"].items()),
             f"- Wrong below weak: {bands['wrong_below_weak']} of {bands['questions']} questions",
             "", "| gaming attempt | compared with | mean change | largest change | raised the score | below the partial answer |",
             "|---|---|---|---|---|---|"]
    for attempt, effect in metrics["gaming"].items():
        lines.append(f"| {attempt} | {effect['baseline']} | {effect['mean_delta']:+.2f} | {effect['max_delta']:+.2f} "
                     f"| {effect['raised']} of {effect['cases']} | {effect['below_partial']:.0%} |")
    lines += ["", f"- Consistency: {metrics['consistency']['identical']:.0%} of {metrics['consistency']['answers']} "
              "answers got an identical grade twice",
              f"- Paraphrase stability: mean |score(paraphrase) - score(excellent)| "
              f"{metrics['paraphrase']['mean_abs_difference']:.2f}, largest {metrics['paraphrase']['max_abs_difference']:.2f}",
              f"- Unscored answers: {metrics['unscored']}"]
    return "\n".join(lines)


def write_gold(metrics: dict, out_dir: Path, grader_name: str) -> None:
    plt = _pyplot()
    _write_metrics(out_dir, "gold", grader_name, metrics)
    kinds = list(next(iter(metrics["scores"].values())).keys())
    figure, axis = plt.subplots(figsize=(9, 4))
    for index, kind in enumerate(kinds):
        level_mean = metrics["bands"]["mean_score"].get(kind)
        if level_mean is not None:
            axis.hlines(level_mean, index - 0.3, index + 0.3, color="black", linewidth=2)
    for index, kind in enumerate(kinds):
        values = [s[kind] for s in metrics["scores"].values() if s.get(kind) is not None]
        axis.scatter([index] * len(values), values, s=14, alpha=0.6)
    axis.set_xticks(range(len(kinds)), [k.replace("gaming:", "") for k in kinds], rotation=30, fontsize=8)
    axis.set(ylabel=f"{grader_name} score (0-5)", title="Gold set: score by answer kind")
    figure.tight_layout()
    figure.savefig(out_dir / "scores.png", dpi=90)
    plt.close(figure)
    (out_dir / "report.md").write_text("\n\n".join([f"# Gold set: {grader_name}", gold_summary(metrics),
                                                    "![scores by kind](scores.png)"]) + "\n")


def dev_summary(metrics: dict) -> str:
    """Markdown: per split, the goal table of mean scores per level, verdict agreement and more."""
    levels = metrics["levels"]
    lines = []
    for split, label in (("held_out", "held-out questions (reporting only)"), ("fit", "fitting questions")):
        m = metrics["splits"].get(split)
        if not m:
            continue
        lines += [f"**{label.capitalize()}**: {m['questions']} questions, {m['answers']} answers"
                  + (f", {m['unscored']} unscored" if m["unscored"] else ""), "",
                  "| level | mean score | labellers' mean | target | met |", "|---|---|---|---|---|"]
        for level in levels:
            goal = m["goals"].get(level)
            target = f"{goal['target'][0]:g} to {goal['target'][1]:g}" if goal else ""
            met = ("yes" if goal["met"] else "no") if goal else ""
            lines.append(f"| {level} | {_fmt(m['mean_score'][level])} | {_fmt(m['human_mean_score'][level])} "
                         f"| {target} | {met} |")
        verdicts = m["verdicts"]
        below = m["misconception_below_weak"]
        lines += ["", f"- Misconception below weak: {below['questions']} of {below['of']} questions "
                      f"({_fmt(below['share'])})",
                  f"- Key points, \"covered\": precision {_fmt(verdicts['covered']['precision'])}, recall "
                  f"{_fmt(verdicts['covered']['recall'])}; \"contradicted\": precision "
                  f"{_fmt(verdicts['contradicted']['precision'])} ({verdicts['contradicted']['predicted']} marked), "
                  f"recall {_fmt(verdicts['contradicted']['recall'])} ({verdicts['contradicted']['labelled']} labelled)",
                  f"- Agreement with the labellers' 0-5 grades: Pearson {_fmt(m['pearson_with_human'])}, "
                  f"mean absolute error {_fmt(m['mean_absolute_error'])}",
                  "- Mean score minus labellers' grade, by voice: "
                  + ", ".join(f"{voice} {value:+.2f}" for voice, value in m["by_voice"].items() if value is not None),
                  ""]
    lines.append(f"- Consistency: {metrics['consistency']['identical']:.0%} of {metrics['consistency']['answers']} "
                 "answers got an identical grade twice")
    return "\n".join(lines)


def write_dev(metrics: dict, out_dir: Path, grader_name: str) -> None:
    from interviewer.evals.dev import TARGETS

    plt = _pyplot()
    _write_metrics(out_dir, "dev", grader_name, metrics)
    levels = metrics["levels"]
    figure, axis = plt.subplots(figsize=(9, 4))
    width = 0.27
    for offset, (split, colour) in zip((-width, 0, width), (("fit", "tab:blue"), ("held_out", "tab:orange"),
                                                            ("human", "tab:gray"))):
        if split == "human":
            values = [metrics["splits"]["held_out"]["human_mean_score"][level] for level in levels]
            label = "labellers (held-out)"
        else:
            values = [metrics["splits"][split]["mean_score"][level] for level in levels]
            label = f"grader ({split.replace('_', '-')})"
        axis.bar([i + offset for i in range(len(levels))], [v or 0 for v in values], width, label=label,
                 color=colour)
    for index, level in enumerate(levels):
        if level in TARGETS:
            low, high = TARGETS[level]
            axis.add_patch(plt.Rectangle((index - 0.45, low), 0.9, high - low, fill=False, linestyle="--"))
    axis.set_xticks(range(len(levels)), levels)
    axis.set(ylabel=f"mean {grader_name} score (0-5)", ylim=(0, 5.2),
             title="Dev set: mean score per level (dashed boxes: targets)")
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(out_dir / "levels.png", dpi=90)
    plt.close(figure)
    (out_dir / "report.md").write_text("\n\n".join([f"# Dev set: {grader_name}", dev_summary(metrics),
                                                    "![mean score per level](levels.png)"]) + "\n")


def unreferenced_summary(metrics: dict) -> str:
    """Markdown: scored and unscored answers, agreement of the scored ones next to log length, the reason given."""
    lines = [f"- {metrics['answers']} answers to {metrics['questions']} questions outside the bank (the closest bank "
             f"question is at most {metrics['closest_bank_question']['max']:.2f} similar, median "
             f"{metrics['closest_bank_question']['median']:.2f})",
             f"- Scored: {metrics['scored']}; unscored: {metrics['unscored']}"]
    if metrics["scored"]:
        lines.append(f"- Scored rows, Pearson with the human grade: score {_fmt(metrics['pearson_score'])}, "
                     f"log answer length {_fmt(metrics['pearson_log_length'])} (same rows)")
    lines.append(f"- Log answer length over all rows, Pearson with the human grade: "
                 f"{_fmt(metrics['pearson_log_length_all'])}")
    if metrics["example_reason"]:
        lines.append(f"- Reason shown for an unscored row: “{metrics['example_reason']}”")
    return "\n".join(lines)


def write_unreferenced(metrics: dict, out_dir: Path, grader_name: str) -> None:
    _write_metrics(out_dir, "unreferenced", grader_name, metrics)
    (out_dir / "report.md").write_text(f"# Questions outside the bank: {grader_name}\n\n"
                                       + unreferenced_summary(metrics) + "\n")


def replace_section(path: Path, marker: str, body: str) -> None:
    """Replace the text between ``<!-- marker:start -->`` and ``<!-- marker:end -->`` (append if absent)."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def results_table(rows) -> list[str]:
    """A benchmark's Markdown table, from ``(measure, value, target, passed)`` rows (passed None: no target)."""
    return ["| Measure | Value | Target | Result |", "| --- | --- | --- | --- |",
            *(f"| {name} | {value} | {target or '-'} | {'-' if ok is None else 'pass' if ok else 'FAIL'} |"
              for name, value, target, ok in rows)]


def publish_section(path: Path, marker: str, body: str, write: bool = True) -> None:
    """Write ``body`` as the ``marker`` section of ``path`` (unless ``write`` is false), then print it.

    Written before printing, so a closed stdout (``| head``) cannot lose the results.
    """
    if write:
        replace_section(path, marker, body)
    print()
    print(body)
    if write:
        print(f"\nwrote {path}", file=sys.stderr)


def machine_description() -> dict[str, str]:
    """CPU count and model, total RAM, load average and Python version."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.MULTILINE)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores": str(cores),
        "cpu": model.group(1).strip() if model else platform.processor() or "unknown",
        "ram": f"{int(memory.group(1)) / 1024 ** 2:.1f} GiB" if memory else "unknown",
        "load": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "python": platform.python_version(),
    }


def machine_summary() -> str:
    """One line for a benchmark report: cores, CPU, RAM and Python."""
    machine = machine_description()
    return f"{machine['cores']} cores, {machine['cpu']}, {machine['ram']} RAM; Python {machine['python']}"
