"""The fine-tuned scheme encoder against the untrained one, on the dev set's held-out questions.

    .venv/bin/python evals/scheme_encoder_gain.py [--benchmarks docs/BENCHMARKS.md]

Both graders are fitted the same way (``evals/fit_scheme_grading.py``) on the dev set's fitting
questions: one reads answers with all-MiniLM-L6-v2 as it ships, the other with the scheme encoder
(its layers 2-5 fine-tuned on the marking schemes, ``evals/train_scheme_encoder.py``). Then both grade
the held-out questions, which neither fit saw, and the table compares them. Takes about 5 minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY / "src"))
sys.path.insert(0, str(REPOSITORY / "evals"))

from fit_scheme_grading import fit  # noqa: E402

from interviewer.bank import load_bank  # noqa: E402
from interviewer.config import apply_offline_defaults  # noqa: E402
from interviewer.embeddings import shared_embedder  # noqa: E402
from interviewer.evals.dev import load_dev_set, run_dev  # noqa: E402
from interviewer.evals.report import machine_summary, publish_section  # noqa: E402
from interviewer.grading.offline import OfflineGrader  # noqa: E402
from interviewer.grading.scheme_grading import SchemeCalibration  # noqa: E402

DEV_SET = REPOSITORY / "evals" / "dev" / "deep_learning_dev.yaml"
LEVELS = ("excellent", "terse_expert", "partial", "weak", "misconception", "off_topic")


def held_out_rows(metrics: dict) -> dict[str, str]:
    """The held-out split's figures, as table cells."""
    split = metrics["splits"]["held_out"]

    def number(value, digits=2) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    verdicts = split["verdicts"]
    below = split["misconception_below_weak"]
    return {**{f"mean score, {level}": number(split["mean_score"].get(level)) for level in LEVELS},
            '"covered" precision / recall': f"{number(verdicts['covered']['precision'])} / "
                                            f"{number(verdicts['covered']['recall'])}",
            '"contradicted" precision / recall': f"{number(verdicts['contradicted']['precision'])} / "
                                                 f"{number(verdicts['contradicted']['recall'])}",
            "misconception below weak": f"{below['questions']} of {below['of']}",
            "Pearson with the human scores": number(split["pearson_with_human"], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--benchmarks", type=Path, help="Also write the table into this Markdown file.")
    options = parser.parse_args()
    apply_offline_defaults()
    bank, dev = load_bank(REPOSITORY / "corpus" / "bank.jsonl"), load_dev_set(DEV_SET)

    untrained = OfflineGrader(scheme_encoder=shared_embedder())  # all-MiniLM-L6-v2 as it ships
    untrained.scheme_calibration = fit(untrained, bank, dev, DEV_SET)
    tuned = OfflineGrader(scheme_calibration=SchemeCalibration.load())  # the shipped encoder and constants
    columns = [held_out_rows(run_dev(grader, bank, dev)) for grader in (untrained, tuned)]

    held_out = sum(case.split == "held_out" for case in dev.cases)
    body = "\n".join([
        "## The scheme encoder's gain on held-out questions (`evals/scheme_encoder_gain.py`)", "",
        f"{dt.date.today().isoformat()}, {machine_summary()}. Command: "
        "`.venv/bin/python evals/scheme_encoder_gain.py --benchmarks docs/BENCHMARKS.md`.", "",
        f"The dev set's {held_out} held-out questions, graded by scheme with all-MiniLM-L6-v2 as it ships and "
        "with the fine-tuned scheme encoder; each grader's constants fitted on the fitting questions only.", "",
        "| Held-out measure | Untrained MiniLM | Scheme encoder |", "| --- | --- | --- |",
        *(f"| {name} | {columns[0][name]} | {columns[1][name]} |" for name in columns[0])])
    publish_section(options.benchmarks or Path("/dev/null"), "scheme_encoder_gain", body,
                    write=options.benchmarks is not None)


if __name__ == "__main__":
    main()
