"""The report of a batch run (``--report PATH``): Markdown or HTML, with plots.

Markdown gets its PNGs written beside it (``REPORT-scores.png`` ...); HTML embeds them as data URIs,
so the one file can be mailed or attached. Both are built from the same list of blocks.
"""

from __future__ import annotations

import base64
import html
import io
import statistics
from datetime import datetime, timezone
from pathlib import Path

from interviewer.errors import InterviewerError
from interviewer.grading.batch.summary import STATUSES, BatchSummary

REPORT_FORMATS = (".md", ".html")
QUESTIONS_PLOTTED = 30
NOT_GRADED_LISTED = 200


def check_report_path(path: Path) -> None:
    """Raise before any grading when the report's extension is neither .md nor .html."""
    if path.suffix.lower() not in REPORT_FORMATS:
        raise InterviewerError(f"{path}: the report must be a .md or .html file")


def write_report(summary: BatchSummary, path: Path) -> list[Path]:
    """Write the report (and, for Markdown, its PNGs); returns the files written."""
    check_report_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figures = _figures(summary)
    blocks = _blocks(summary, figures)
    if path.suffix.lower() == ".html":
        path.write_text(_html(blocks, figures), encoding="utf-8")
        return [path]
    written = [path]
    images = {}
    for name, png in figures.items():
        image = path.with_name(f"{path.stem}-{name}.png")
        image.write_bytes(png)
        images[name], written = image.name, [*written, image]
    path.write_text(_markdown(blocks, images), encoding="utf-8")
    return written


def _mean(values: list[float]) -> str:
    return f"{statistics.mean(values):.2f}" if values else "-"


def _blocks(summary: BatchSummary, figures: dict[str, bytes]) -> list[tuple]:
    """("h1"|"h2"|"p", text), ("table", header, rows) or ("image", name, caption), in order."""
    rows = summary.rows or 1
    blocks: list[tuple] = [
        ("h1", f"Batch grading: {summary.input.name}"),
        ("p", f"Input `{summary.input}`, output `{summary.output}`; {summary.rows} rows graded with "
              f"{summary.grader} in {summary.seconds:.1f} s; written {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC."),
        ("h2", "Status"),
        ("table", ["status", "rows", "share"],
         [[s, str(summary.by_status[s]), f"{summary.by_status[s] / rows:.1%}"] for s in STATUSES]),
        ("h2", "Scores"),
    ]
    if summary.scores:
        scores = summary.scores
        blocks += [("p", f"{len(scores)} scores: mean {statistics.mean(scores):.2f}, median "
                         f"{statistics.median(scores):.2f}, min {min(scores):.2f}, max {max(scores):.2f}."),
                   ("table", ["score", "answers"], [[label, str(n)] for label, n in summary.histogram()]),
                   ("image", "scores", "Distribution of scores")]
    else:
        blocks.append(("p", "No row was scored."))
    if any(summary.criteria.values()):
        blocks += [("h2", "Criteria"),
                   ("table", ["criterion", "mean", "scored"],
                    [[c, _mean(v), str(len(v))] for c, v in summary.criteria.items()])]
        if "criteria" in figures:
            blocks.append(("image", "criteria", "Mean score per criterion"))
    questions = sorted(summary.questions.values(), key=lambda q: (-q.answers, q.label))
    blocks += [("h2", f"Questions ({len(questions)})"),
               ("table", ["question", "answers", "scored", "mean", "min", "max"],
                [[q.label, str(q.answers), str(len(q.scores)), _mean(q.scores),
                  f"{min(q.scores):.2f}" if q.scores else "-", f"{max(q.scores):.2f}" if q.scores else "-"]
                 for q in questions])]
    if "questions" in figures:
        blocks.append(("image", "questions", f"Mean score of the {min(len(questions), QUESTIONS_PLOTTED)} "
                                             "questions with the most answers"))
    if summary.flags:
        blocks += [("h2", "Flags"), ("table", ["flag", "rows"], [[f, str(n)] for f, n in summary.flags.most_common()])]
    if summary.llm:
        cost = "unknown" if summary.cost_usd is None else f"${summary.cost_usd:.4f}"
        blocks += [("h2", "LLM usage"), ("p", f"{summary.llm_calls} calls ({summary.cached} answers from the cache), "
                                              f"{summary.prompt_tokens} prompt tokens, "
                                              f"{summary.completion_tokens} completion tokens, cost {cost}.")]
    if summary.not_graded:
        listed = summary.not_graded[:NOT_GRADED_LISTED]
        blocks += [("h2", f"Rows not graded ({len(summary.not_graded)})"),
                   ("table", ["row", "status", "reason"], [[str(r + 1), s, reason] for r, s, reason in listed])]
        if len(summary.not_graded) > len(listed):
            blocks.append(("p", f"... and {len(summary.not_graded) - len(listed)} more: see the status column."))
    return blocks


def _figures(summary: BatchSummary) -> dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figures: dict[str, bytes] = {}

    def save(figure, name: str) -> None:
        buffer = io.BytesIO()
        figure.tight_layout()
        figure.savefig(buffer, format="png", dpi=90)
        plt.close(figure)
        figures[name] = buffer.getvalue()

    if summary.scores:
        figure, axis = plt.subplots(figsize=(7, 3.2))
        axis.hist(summary.scores, bins=[i / 4 for i in range(21)], color="#4C72B0", edgecolor="white")
        axis.set(xlabel="score (0-5)", ylabel="answers", title="Scores", xlim=(0, 5))
        save(figure, "scores")
    criteria = {c: v for c, v in summary.criteria.items() if v}
    if criteria:
        figure, axis = plt.subplots(figsize=(7, 3))
        axis.bar(list(criteria), [statistics.mean(v) for v in criteria.values()], color="#55A868")
        axis.set(ylabel="mean score", ylim=(0, 5), title="Criteria")
        save(figure, "criteria")
    questions = sorted((q for q in summary.questions.values() if q.scores), key=lambda q: (-q.answers, q.label))
    questions = questions[:QUESTIONS_PLOTTED]
    if questions:
        figure, axis = plt.subplots(figsize=(8, 1.2 + 0.28 * len(questions)))
        labels = [q.label if len(q.label) <= 50 else q.label[:49] + "…" for q in questions]
        axis.barh(labels[::-1], [q.mean for q in questions][::-1], color="#C44E52")
        axis.set(xlabel="mean score", xlim=(0, 5), title="Mean score per question")
        axis.tick_params(axis="y", labelsize=7)
        save(figure, "questions")
    return figures


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _markdown(blocks: list[tuple], images: dict[str, str]) -> str:
    out = []
    for kind, *rest in blocks:
        if kind in ("h1", "h2"):
            out.append(("# " if kind == "h1" else "## ") + rest[0])
        elif kind == "p":
            out.append(rest[0])
        elif kind == "table":
            header, rows = rest
            out.append("\n".join(["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
                                  *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)]))
        elif kind == "image":
            out.append(f"![{rest[1]}]({images[rest[0]]})")
    return "\n\n".join(out) + "\n"


def _html(blocks: list[tuple], figures: dict[str, bytes]) -> str:
    body = []
    for kind, *rest in blocks:
        if kind in ("h1", "h2"):
            body.append(f"<{kind}>{html.escape(rest[0])}</{kind}>")
        elif kind == "p":
            body.append(f"<p>{html.escape(rest[0])}</p>")
        elif kind == "table":
            header, rows = rest
            head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
            lines = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table>")
        elif kind == "image":
            data = base64.b64encode(figures[rest[0]]).decode()
            body.append(f'<figure><img alt="{html.escape(rest[1])}" src="data:image/png;base64,{data}">'
                        f"<figcaption>{html.escape(rest[1])}</figcaption></figure>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .6em;"
             "text-align:left;vertical-align:top}img{max-width:100%}")
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(blocks[0][1])}</title>"
            f"<style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
