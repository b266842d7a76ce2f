"""Grading by a marking scheme: key-point verdicts, misconceptions, the calibrated score, and feedback.

The reading of an answer (:mod:`interviewer.grading.marking`) gives, per key point, how close the
answer comes to it or one of its phrasings, and per misconception, how close it comes to it and
how much closer than to the point it contradicts. Here those numbers become:

- verdicts: ``contradicted`` when a misconception is voiced, else ``covered`` / ``partial`` /
  ``missing`` by similarity;
- the score: the coverage of the essential and of the supporting points (a ramp between two
  similarities), combined and shaped by :class:`SchemeCalibration`, then capped when an essential point
  is contradicted. The parameters are fitted by ``evals/fit_scheme_grading.py`` to the human scores of
  the dev set's fitting questions (``evals/dev``) and ship in ``scheme_calibration.json``;
- feedback that quotes the candidate: what they made, the misconception they voiced with its
  correction, the essential points they missed, and the probe of the most important one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import numpy as np

from interviewer.grading.context import GradingContext
from interviewer.grading.marking import SchemeReading
from interviewer.grading.result import CriterionScore, Feedback, KeyPointVerdict
from interviewer.grading.text import sentences

CALIBRATION_FILE = Path(__file__).with_name("scheme_calibration.json")
MAX_MISSED_IN_FEEDBACK = 3
MAX_STRENGTHS = 3
QUOTE_WORDS = 16


@dataclass(frozen=True)
class SchemeCalibration:
    """The fitted constants of scheme grading (see the module docstring)."""

    covered: float = 0.62  # a point this close (cosine) is covered
    partial: float = 0.50  # ... this close, partly covered
    ramp_low: float = 0.45  # coverage rises from 0 at this similarity ...
    ramp_high: float = 0.65  # ... to 1 at this one
    misconception: float = 0.75  # a misconception this close ...
    margin: float = 0.10  # ... and this much closer than to its point is voiced
    essential_weight: float = 0.7
    shape: float = 1.0  # score = 5 * coverage ** shape
    contradicted_cap: float = 1.0  # the most an answer contradicting an essential point can score
    supporting_penalty: float = 0.5  # taken off when only a supporting point is contradicted
    padding_penalty: float = 0.3  # off-subject sentences beside relevant ones cost up to this share (not fitted)
    # Off-topic: a paragraph-long answer none of whose pieces comes this close to any point, and that is
    # this far from the question, answers something else; so does one that comes closer to another bank
    # question's points than to its own by the margin.
    off_topic_point: float = 0.40
    off_topic_question: float = 0.45
    other_question_margin: float = 0.25
    metadata: dict = field(default_factory=dict, compare=False)

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> "SchemeCalibration":
        if not path.is_file():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"


def _quote(text: str) -> str:
    words = text.split()
    return " ".join(words[:QUOTE_WORDS]) + (" ..." if len(words) > QUOTE_WORDS else "")


@dataclass
class SchemeGrade:
    """Verdicts and the numbers behind the score of one answer."""

    verdicts: list[KeyPointVerdict]
    essential: list[bool]  # per point: whether it is essential
    voiced: list[int]  # misconceptions the answer voices (indexes into the scheme's list)
    essential_coverage: float  # mean coverage (0 to 1, 0 when contradicted) of the essential points
    supporting_coverage: float  # ... of the supporting ones (the essential figure when there are none)
    off_subject: float  # the share of the answer's sentences that touch no point, not even partly

    @property
    def essential_contradicted(self) -> bool:
        return any(v.status == "contradicted" and e for v, e in zip(self.verdicts, self.essential))


def grade_reading(context: GradingContext, reading: SchemeReading, text: str,
                  calibration: SchemeCalibration) -> SchemeGrade:
    """Verdicts and coverage of one answer from its reading against the context's scheme."""
    scheme = context.scheme
    similarity = reading.point_similarity
    voiced = [j for j in range(len(scheme.misconceptions))
              if reading.misconception_similarity[j] >= calibration.misconception
              and reading.misconception_margin[j] >= calibration.margin]
    contradicted = {scheme.misconceptions[j].key_point - 1: j for j in reversed(voiced)}
    ramp = np.clip((similarity - calibration.ramp_low) / (calibration.ramp_high - calibration.ramp_low), 0.0, 1.0)
    verdicts = []
    for index, point in enumerate(scheme.points):
        value = float(similarity[index])
        if index in contradicted:
            status, span = "contradicted", reading.misconception_span[contradicted[index]]
            ramp[index] = 0.0
        else:
            status = ("covered" if value >= calibration.covered else
                      "partial" if value >= calibration.partial else "missing")
            span = reading.point_span[index]
        verdicts.append(KeyPointVerdict(point=point.text, status=status, similarity=round(value, 4),
                                        evidence=reading.quote(text, span) if status != "missing" else None))
    essential = [p.importance == "essential" for p in scheme.points]
    weights = np.array(essential)
    essential_coverage = float(ramp[weights].mean()) if weights.any() else 0.0
    supporting_coverage = float(ramp[~weights].mean()) if (~weights).any() else essential_coverage
    sentence_spans = set(sentences(text))
    touching = [best >= calibration.partial for span, best in zip(reading.spans, reading.span_best)
                if span in sentence_spans]
    off_subject = 1.0 - float(np.mean(touching)) if touching else 0.0
    return SchemeGrade(verdicts, essential, voiced, essential_coverage, supporting_coverage, off_subject)


def scheme_score(grade: SchemeGrade, calibration: SchemeCalibration) -> float:
    """The 0-5 score before flags: coverage shaped by the calibration, less padding, capped by contradictions."""
    coverage = (calibration.essential_weight * grade.essential_coverage
                + (1 - calibration.essential_weight) * grade.supporting_coverage)
    score = 5.0 * coverage ** calibration.shape
    if grade.off_subject < 1.0:  # padding: off-subject sentences beside relevant ones
        score *= 1 - calibration.padding_penalty * grade.off_subject
    if grade.essential_contradicted:
        return min(score, calibration.contradicted_cap)
    if grade.voiced:
        return max(0.0, score - calibration.supporting_penalty)
    return score


def scheme_criteria(grade: SchemeGrade, rubric, reasoning: int, clarity: float, irrelevant_share: float,
                    stuffing: bool) -> list[CriterionScore]:
    """The rubric's criteria, explaining a scheme grade."""
    verdicts = grade.verdicts
    contradicted = sum(v.status == "contradicted" for v in verdicts)
    covered = sum(v.status == "covered" for v in verdicts)
    partial = sum(v.status == "partial" for v in verdicts)
    correctness = 0.2 if grade.essential_contradicted else (0.6 if contradicted else 1.0)
    completeness = 0.7 * grade.essential_coverage + 0.3 * grade.supporting_coverage
    depth = 0.0 if stuffing else min(1.0, reasoning / 3) * 0.5 + completeness * 0.5
    essential = sum(grade.essential)
    reasons = {
        "correctness": (f"States {contradicted} misconception(s) about the key points." if contradicted
                        else "Nothing in the answer contradicts the key points."),
        "completeness": (f"Covers {covered} and partly {partial} of {len(verdicts)} key points "
                         f"({essential} essential)."),
        "depth": (f"{reasoning} explanation(s) of why or when (because, trade-off, example ...)."
                  if not stuffing else "Lists terms without explaining them."),
        "clarity": (f"{irrelevant_share:.0%} of the sentences are off the question's subject."
                    if irrelevant_share else "Stays on the subject of the question."),
    }
    values = {"correctness": correctness, "completeness": completeness, "depth": depth, "clarity": clarity}
    return [CriterionScore(criterion=c.id, reason=reasons.get(c.id, "Estimated from the overall grade."),
                           score=round(5 * values.get(c.id, completeness), 2)) for c in rubric.criteria]


def scheme_feedback(context: GradingContext, grade: SchemeGrade, text: str, reading: SchemeReading,
                    lead: list[str] = (), advice: list[str] = ()) -> Feedback:
    """Feedback that quotes the candidate and names the scheme's points, misconceptions and corrections.

    ``lead`` lines come first (the question the answer seems to address instead), ``advice`` last (the
    flags'). It never asks for a point the answer made: improvements list only contradicted and missing
    points.
    """
    scheme = context.scheme
    strengths = [f"You explained: {v.point} (“{_quote(v.evidence)}”)" for v in grade.verdicts
                 if v.status == "covered" and v.evidence][:MAX_STRENGTHS]
    improvements = list(lead)
    for j in grade.voiced:
        misconception = scheme.misconceptions[j]
        said = _quote(reading.quote(text, reading.misconception_span[j]))
        improvements.append(f"You said “{said}”: that is a common misconception. {misconception.correction}")
    missed = [(p, v) for p, v in zip(scheme.points, grade.verdicts) if v.status == "missing"]
    missed.sort(key=lambda pair: pair[0].importance != "essential")  # essential first, scheme order kept
    improvements += [f"Mention: {p.text}" for p, _ in missed[:MAX_MISSED_IN_FEEDBACK]]
    improvements += list(advice)
    target = next((p for p, v in zip(scheme.points, grade.verdicts) if v.status == "contradicted"),
                  missed[0][0] if missed else None)
    return Feedback(strengths=strengths, improvements=improvements, follow_up=target.probe if target else None)
