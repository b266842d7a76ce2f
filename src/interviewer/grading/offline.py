"""The offline reference grader: deterministic, no network, the default when no LLM is configured.

A question with a marking scheme is graded by the scheme (:mod:`interviewer.grading.scheme_grading`):
the answer is read with the fine-tuned scheme encoder against every key point, its phrasings and the
misconceptions, and the score is calibrated on the dev set's human grades. Any other context (a
user's reference answer, short-answer data, key points of related questions) is graded as follows.

For each answer it:
1. removes sentences addressed to the grader (prompt injection) and flags gaming patterns;
2. aligns every answer sentence with every expected key point (embedding similarity) and marks each
   point covered, partial or missing (only a scheme's misconceptions mark a point contradicted);
3. computes the calibrated probability that a human would grade the answer correct
   (:mod:`interviewer.grading.calibration`), which discounts words copied from the question;
4. turns these into the rubric's criteria and the overall score, and writes feedback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from interviewer.embeddings import Embedder, TokenEncoding, encode_tokens, shared_embedder
from interviewer.grading import flags as gaming
from interviewer.grading.calibration import Calibration, load_calibration
from interviewer.grading.context import GradingContext, OtherQuestion
from interviewer.grading.features import References, answer_features, prepare_references
from interviewer.grading.marking import PreparedScheme, read_answer, scheme_texts
from interviewer.grading.scheme_grading import (
    SchemeCalibration, grade_reading, scheme_criteria, scheme_feedback, scheme_score,
)
from interviewer.grading.result import (
    CriterionScore, Feedback, GradeResult, GraderInfo, KeyPointVerdict, RubricInfo,
)
from interviewer.grading.rubric import Rubric, load_rubric
from interviewer.grading.text import sentences, words

GRADER_NAME = "offline-reference"
GRADER_VERSION = "4"

# Similarity of a key point and the closest answer sentence, both with the question's direction
# projected out (all-MiniLM-L6-v2): what is left is what the sentence says beyond naming the
# subject, so "dropout reduces overfitting" no longer matches every point about dropout.
COVERED_SIMILARITY = 0.45
PARTIAL_SIMILARITY = 0.30
# Below this, a sentence and a point share no content beyond the subject.
NO_OVERLAP_SIMILARITY = 0.20
# Completeness looks at the best-covered points, at most this many: the bank's key points pool
# several documents' answers, and a good interview answer makes the main few, not all of them.
POINTS_EXPECTED = 4
MAX_BREADTH_WEIGHT = 0.6
BREADTH_POINTS = 3
# Within that share, how much goes to depth (explaining why and when) rather than coverage.
DEPTH_SHARE = 0.4
# Sentences about nothing in the key points (padding) cost up to this share of the score.
PADDING_PENALTY = 0.3
REASONING = re.compile(
    r"\b(because|since|therefore|thus|so that|which means|this means|leads? to|results? in|causes?|prevents?"
    r"|allows?|helps?|trade-?off|whereas|however|instead|unlike|compared|for example|e\.g\.|such as"
    r"|if|when|otherwise|in practice)\b", re.IGNORECASE)
# Score ceilings for answers that cannot show understanding.
# too_short has no ceiling: on human-graded short answers a third of very short answers are
# correct, and the calibrated probability already weighs length.
CAPS = {"off_topic": 0.0, "restates_question": 1.0, "keyword_stuffing": 1.5}
# By a marking scheme, a list of its terms or the question said back can match points word for word:
# they are held below what a short but honest partial answer scores (about 1 on the dev set).
SCHEME_CAPS = {"off_topic": 0.0, "restates_question": 0.5, "keyword_stuffing": 0.5}
# Cosines below which an answer is about something else (to every key point and to the question).
OFF_TOPIC_SIMILARITY = 0.25
# An answer this close to the question, and adding few words of its own, restates it.
RESTATING_SIMILARITY = 0.8
# Off-topic also needs the calibrated model to find the answer unlikely to be right.
OFF_TOPIC_PROBABILITY = 0.25
ELSEWHERE_QUESTION_SIMILARITY = 0.5
ELSEWHERE_MIN_WORDS = 25
# A paragraph-long answer (ELSEWHERE_MIN_WORDS or more) this far from the question and from every
# key point answers another question, whatever the calibrated model says: fitted on short answers,
# it gives long fluent text about anything a middling probability. See
# evals/off_topic_thresholds.py for how often each pair of thresholds flags human-graded
# correct answers (training splits) and other questions' references. These flag 0.64% of the
# correct answers of 25+ words (6 of 976), none of 208 bank questions' own references, and 46% of
# references of a question from another topic graded as the answer.
# (best_point is the closest answer sentence to the closest key point.)
UNRELATED_QUESTION_SIMILARITY = 0.30
UNRELATED_POINT_SIMILARITY = 0.35
# A paragraph-long answer this far from its question that matches another bank question's key
# points OTHER_QUESTION_MARGIN better than its own answers that other question. Measured in the same
# script, with each short-answer dataset's other questions standing in for the bank: it flags none
# of 976 correct answers of 25+ words and no bank question's own reference, and 73% of references
# of a question from another topic (74% with the rule above, against 46% for that rule alone).
OTHER_QUESTION_SIMILARITY = 0.35
OTHER_QUESTION_MARGIN = 0.30
# Their key points are encoded in blocks of this many: all of a text's layers are kept until its
# vector is taken, which for the whole bank at once would take 170 MB more at the peak.
OTHER_POINTS_PER_BLOCK = 64
INJECTION_PENALTY = 1.0


@dataclass
class TopicMatch:
    """What the off-topic rules read of an answer (``evals/off_topic_thresholds.py`` measures them)."""

    question: float      # cosine of the answer and its question
    best_point: float    # cosine of the closest answer sentence and the closest key point
    other_question: OtherQuestion | None = None  # the other bank question whose key points match best
    other_point: float = 0.0                     # ... and how closely (same measure as best_point)

    @property
    def answers_other_question(self) -> bool:
        return (self.other_question is not None and self.question < OTHER_QUESTION_SIMILARITY
                and self.other_point - self.best_point >= OTHER_QUESTION_MARGIN)


@dataclass
class _Prepared:
    """Per-context data computed once: the question's encoding, the key points' vectors, the statements."""

    question: TokenEncoding
    point_vectors: np.ndarray
    demoted_points: np.ndarray
    statements: References


@dataclass
class _PreparedScheme:
    """Per-question data of scheme grading, computed once: the question's vector and the scheme's vectors."""

    question: np.ndarray
    scheme: PreparedScheme


def _demote(vectors: np.ndarray, question: np.ndarray) -> np.ndarray:
    """Remove each row's component along the question's direction, and renormalize."""
    rest = vectors - np.outer(vectors @ question, question)
    return rest / (np.linalg.norm(rest, axis=1, keepdims=True) + 1e-9)


class OfflineGrader:
    """Grades answers against a context's key points; see the module docstring."""

    name = GRADER_NAME
    version = GRADER_VERSION

    def __init__(self, rubric: Rubric | None = None, embedder: Embedder | None = None,
                 calibration: Calibration | None = None, *, all_cores: bool = True, scheme_encoder=None,
                 scheme_calibration: SchemeCalibration | None = None):
        """``all_cores=False`` encodes on one core, leaving the others to work running beside it.

        ``scheme_encoder`` reads answers to questions with a marking scheme (default: the shared
        fine-tuned encoder, loaded on the first such answer); ``scheme_calibration`` its constants.
        """
        self.rubric = rubric or load_rubric()
        self.embedder = embedder or shared_embedder()
        self.calibration = calibration or load_calibration()
        self.all_cores = all_cores
        self._scheme_encoder = scheme_encoder
        self.scheme_calibration = scheme_calibration or SchemeCalibration.load()
        self._prepared: dict[tuple[str, tuple[str, ...]], _Prepared] = {}
        self._schemes: dict[tuple, _PreparedScheme] = {}
        self._point_vectors: dict[tuple[int, str], np.ndarray] = {}

    @property
    def scheme_encoder(self):
        if self._scheme_encoder is None:
            from interviewer.grading.scheme_model import SchemeEncoder

            self._scheme_encoder = SchemeEncoder(self.embedder)
        return self._scheme_encoder

    # -- public API -----------------------------------------------------------------------------
    def grade(self, context: GradingContext, answer: str) -> GradeResult:
        """Grade one answer."""
        return self.grade_many([(context, answer)])[0]

    def grade_many(self, items: list[tuple[GradingContext, str]]) -> list[GradeResult]:
        """Grade many answers, encoding them one per core (see :func:`encode_tokens`)."""
        results: list[GradeResult | None] = [None] * len(items)
        cleaned: dict[int, tuple[str, list[str]]] = {}
        for position, (context, answer) in enumerate(items):
            problem = self._unscorable(context, answer)
            if problem:
                results[position] = self._unscored(context, problem)
                continue
            spans = gaming.injection_spans(answer)
            text = gaming.without_spans(answer, spans) if spans else answer.strip()
            cleaned[position] = (text or ".", ["prompt_injection"] if spans else [])
        by_scheme = {p: cleaned[p] for p in cleaned if items[p][0].scheme is not None}
        by_reference = {p: cleaned[p] for p in cleaned if p not in by_scheme}
        if by_reference:
            self._prepare({id(items[p][0]): items[p][0] for p in by_reference}.values())
            encodings = encode_tokens(self.embedder, [text for text, _ in by_reference.values()],
                                      parallel=self.all_cores)
            for (position, (text, flags)), encoding in zip(by_reference.items(), encodings):
                results[position] = self._grade_encoded(items[position][0], encoding, flags)
        if by_scheme:
            self._prepare_schemes({id(items[p][0]): items[p][0] for p in by_scheme}.values())
            encodings = encode_tokens(self.scheme_encoder, [text for text, _ in by_scheme.values()],
                                      parallel=self.all_cores)
            for (position, (text, flags)), encoding in zip(by_scheme.items(), encodings):
                results[position] = self._grade_by_scheme(items[position][0], encoding, flags)
        return results  # type: ignore[return-value]

    # -- steps ----------------------------------------------------------------------------------
    def _unscorable(self, context: GradingContext, answer: str) -> str | None:
        if not isinstance(answer, str) or not answer.strip():
            return "the answer is empty"
        if not context.gradable:
            return context.note or "no reference answer or key point to grade against"
        return None

    def _prepare(self, contexts) -> None:
        missing = [c for c in contexts if self._key(c) not in self._prepared]
        if not missing:
            return
        texts = list(dict.fromkeys(t for c in missing
                                   for t in (c.question, *c.key_points, *c.comparison_statements)))
        encoded = dict(zip(texts, encode_tokens(self.embedder, texts, parallel=self.all_cores)))
        for context in missing:
            question = encoded[context.question]
            point_vectors = np.stack([encoded[p].vector for p in context.key_points])
            self._prepared[self._key(context)] = _Prepared(
                question, point_vectors, _demote(point_vectors, question.vector),
                prepare_references(question, [encoded[s] for s in context.comparison_statements]))

    @staticmethod
    def _key(context: GradingContext) -> tuple:
        return context.question, tuple(context.key_points), tuple(context.comparison_statements)

    def _prepare_schemes(self, contexts) -> None:
        missing = [c for c in contexts if self._scheme_key(c) not in self._schemes]
        if not missing:
            return
        texts = list(dict.fromkeys(t for c in missing for t in (c.question, *scheme_texts(c.scheme))))
        vectors = {text: e.vector for text, e in
                   zip(texts, encode_tokens(self.scheme_encoder, texts, parallel=self.all_cores))}
        for context in missing:
            self._schemes[self._scheme_key(context)] = _PreparedScheme(
                vectors[context.question], PreparedScheme.build(context.scheme, vectors))

    @staticmethod
    def _scheme_key(context: GradingContext) -> tuple:
        return context.question, tuple(scheme_texts(context.scheme)), tuple(m.key_point for m in context.scheme.misconceptions)

    @staticmethod
    def _sentence_vectors(answer: TokenEncoding) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """One vector per sentence of the answer (the whole answer if none was encoded), with its character span."""
        text = answer.text
        vectors, kept_spans = [], []
        for start, end in sentences(text) or [(0, len(text))]:
            vector = answer.span_vector(start, end)
            if vector is not None:
                vectors.append(vector)
                kept_spans.append((start, end))
        if not vectors:
            return answer.vector[None, :], [(0, len(text))]
        return np.stack(vectors), kept_spans

    def topic_matches(self, items: list[tuple[GradingContext, str]]) -> list[TopicMatch]:
        """For each answer, what the off-topic rules read, always comparing it with the other questions."""
        self._prepare({id(context): context for context, _ in items}.values())
        matches = []
        for (context, _), answer in zip(items, encode_tokens(self.embedder, [a for _, a in items],
                                                              parallel=self.all_cores)):
            prepared = self._prepared[self._key(context)]
            sentence_vectors, _ = self._sentence_vectors(answer)
            match = self._topic_match(prepared, answer, prepared.point_vectors @ sentence_vectors.T)
            self._compare_with_other_questions(context, sentence_vectors, match)
            matches.append(match)
        return matches

    @staticmethod
    def _topic_match(prepared: _Prepared, answer: TokenEncoding, point_similarity: np.ndarray) -> TopicMatch:
        """``point_similarity``: key points x answer sentences, raw cosine."""
        return TopicMatch(question=float(answer.vector @ prepared.question.vector),
                          best_point=float(point_similarity.max()))

    def _compare_with_other_questions(self, context: GradingContext, sentence_vectors: np.ndarray,
                                      match: TopicMatch, encoder=None) -> None:
        """Fill in the other question whose key points come closest to a sentence of the answer."""
        if not context.other_questions:
            return
        vectors, owners = self._other_question_points(context, encoder or self.embedder)
        closest = (vectors @ sentence_vectors.T).max(axis=1)
        best = int(closest.argmax())
        match.other_question, match.other_point = context.other_questions[owners[best]], float(closest[best])

    def _other_question_points(self, context: GradingContext, encoder) -> tuple[np.ndarray, np.ndarray]:
        """The key-point vectors of the context's other questions, stacked, and the question of each row.

        Encoded the first time an answer looks off-topic, once per grader (about 2 s for the bank),
        and stacked at each use rather than kept per question (1.5 MB each for this bank).
        """
        points = [p for o in context.other_questions for p in o.key_points]
        cache = id(encoder)
        missing = list(dict.fromkeys(p for p in points if (cache, p) not in self._point_vectors))
        for start in range(0, len(missing), OTHER_POINTS_PER_BLOCK):  # keeping only the vectors
            block = missing[start:start + OTHER_POINTS_PER_BLOCK]
            encoded = encode_tokens(encoder, block, parallel=self.all_cores)
            self._point_vectors.update(((cache, p), e.vector) for p, e in zip(block, encoded))
        owners = np.repeat(np.arange(len(context.other_questions)), [len(o.key_points) for o in context.other_questions])
        return np.stack([self._point_vectors[(cache, p)] for p in points]), owners

    def _grade_encoded(self, context: GradingContext, answer: TokenEncoding, flags: list[str]) -> GradeResult:
        prepared = self._prepared[self._key(context)]
        text = answer.text
        sentence_vectors, kept_spans = self._sentence_vectors(answer)

        similarity = prepared.point_vectors @ sentence_vectors.T  # points x sentences, raw cosine
        question_vector = prepared.question.vector
        content = prepared.demoted_points @ _demote(sentence_vectors, question_vector).T
        verdicts, coverage = [], []
        for index, point in enumerate(context.key_points):
            best = int(content[index].argmax())
            value = float(content[index, best])
            evidence = text[kept_spans[best][0]:kept_spans[best][1]].strip()
            # No "contradicted" here: without a scheme's misconceptions, opposite words and negations
            # marked as many correct answers as wrong ones (see the README).
            if value >= COVERED_SIMILARITY:
                status = "covered"
            elif value >= PARTIAL_SIMILARITY:
                status = "partial"
            else:
                status = "missing"
            coverage.append(float(np.clip(
                (value - NO_OVERLAP_SIMILARITY) / (COVERED_SIMILARITY - NO_OVERLAP_SIMILARITY), 0.0, 1.0)))
            verdicts.append(KeyPointVerdict(point=point, status=status, similarity=round(value, 4),
                                            evidence=evidence if status != "missing" else None))

        features = answer_features(answer, prepared.statements)
        probability = float(self.calibration.probability(features)[0])
        topic = self._topic_match(prepared, answer, similarity)
        question_similarity, best_point = topic.question, topic.best_point
        long_answer = len(words(text)) >= ELSEWHERE_MIN_WORDS
        if long_answer and question_similarity < OTHER_QUESTION_SIMILARITY:
            self._compare_with_other_questions(context, sentence_vectors, topic)

        expected = min(len(verdicts), POINTS_EXPECTED) ** 0.5 * float(np.mean([len(words(p)) for p in context.key_points]))
        if gaming.is_too_short(text, expected):
            flags.append("too_short")
        if gaming.is_keyword_stuffing(text):
            flags.append("keyword_stuffing")
        if gaming.restates_question(context.question, text) and question_similarity >= RESTATING_SIMILARITY:
            flags.append("restates_question")
        relevant = content.max(axis=0) >= NO_OVERLAP_SIMILARITY
        unrelated = best_point < OFF_TOPIC_SIMILARITY and probability < OFF_TOPIC_PROBABILITY
        # Or on the subject's field but about something else: no sentence shares content with any point,
        # or it answers another bank question. (Short answers are left to the calibrated model.)
        elsewhere = long_answer and (
            (not relevant.any() and question_similarity < ELSEWHERE_QUESTION_SIMILARITY)
            or (question_similarity < UNRELATED_QUESTION_SIMILARITY and best_point < UNRELATED_POINT_SIMILARITY)
            or topic.answers_other_question)
        if (unrelated or elsewhere) and question_similarity < OFF_TOPIC_SIMILARITY * 2:
            flags.append("off_topic")

        criteria = self._criteria(verdicts, coverage, probability, text, relevant, flags)
        score = overall_score(probability, criteria, len(verdicts))
        if relevant.any():  # padding: off-subject sentences beside relevant ones (none relevant is not padding)
            score *= 1 - PADDING_PENALTY * (1.0 - float(np.mean(relevant)))
        for flag in flags:
            score = min(score, CAPS.get(flag, 5.0))
        if "prompt_injection" in flags:
            score = max(0.0, score - INJECTION_PENALTY)
        return GradeResult(
            status="graded", score=round(score, 2), criteria=criteria, key_points=verdicts,
            references=context.references,
            feedback=self._feedback(verdicts, flags, topic.other_question if topic.answers_other_question else None),
            flags=sorted(set(flags)), question_id=context.question_id, question=context.question,
            rubric=self._rubric_info(), grader=GraderInfo(name=self.name, version=self.version),
        )

    def _grade_by_scheme(self, context: GradingContext, answer: TokenEncoding, flags: list[str]) -> GradeResult:
        """Grade one answer by the context's marking scheme (see :mod:`interviewer.grading.scheme_grading`)."""
        calibration = self.scheme_calibration
        prepared = self._schemes[self._scheme_key(context)]
        text = answer.text
        reading = read_answer(prepared.scheme, answer)
        grade = grade_reading(context, reading, text, calibration)
        question_similarity = float(answer.vector @ prepared.question)
        answer_words = words(text)
        expected = min(len(context.key_points), POINTS_EXPECTED) ** 0.5 * float(
            np.mean([len(words(p)) for p in context.key_points]))
        if gaming.is_too_short(text, expected):
            flags.append("too_short")
        stuffing = gaming.is_keyword_stuffing(text)
        if stuffing:
            flags.append("keyword_stuffing")
        if gaming.restates_question(context.question, text) and question_similarity >= RESTATING_SIMILARITY:
            flags.append("restates_question")
        topic = TopicMatch(question=question_similarity, best_point=float(reading.point_similarity.max()))
        long_answer = len(answer_words) >= ELSEWHERE_MIN_WORDS
        if long_answer and question_similarity < calibration.off_topic_question:
            self._compare_with_other_questions(context, reading.vectors, topic, self.scheme_encoder)
        answers_other = (topic.other_question is not None and topic.other_point - topic.best_point
                         >= calibration.other_question_margin)
        if long_answer and question_similarity < calibration.off_topic_question and (
                topic.best_point < calibration.off_topic_point or answers_other):
            flags.append("off_topic")
        irrelevant_share = grade.off_subject
        repetition = len(set(answer_words)) / len(answer_words) if answer_words else 0.0
        clarity = min(0.2, 1 - irrelevant_share) if stuffing else (1 - irrelevant_share) * min(1.0, 0.4 + repetition)
        criteria = scheme_criteria(grade, self.rubric, len(REASONING.findall(text)), clarity, irrelevant_share,
                                   stuffing)
        score = scheme_score(grade, calibration)
        for flag in flags:
            score = min(score, SCHEME_CAPS.get(flag, 5.0))
        if "prompt_injection" in flags:
            score = max(0.0, score - INJECTION_PENALTY)
        lead = ([f"This reads as an answer to another question: \"{topic.other_question.question}\""]
                if "off_topic" in flags and answers_other else [])
        advice = [f"Avoid: {gaming.FLAG_ADVICE[f]}" for f in flags if f in gaming.FLAG_ADVICE]
        return GradeResult(
            status="graded", score=round(score, 2), criteria=criteria, key_points=grade.verdicts,
            references=context.references, feedback=scheme_feedback(context, grade, text, reading, lead, advice),
            flags=sorted(set(flags)), question_id=context.question_id, question=context.question,
            rubric=self._rubric_info(), grader=GraderInfo(name=self.name, version=self.version),
        )

    def _criteria(self, verdicts, coverage, probability, text, relevant, flags) -> list[CriterionScore]:
        contradicted = sum(v.status == "contradicted" for v in verdicts)
        top = sorted(coverage, reverse=True)[:min(len(coverage), POINTS_EXPECTED)]
        completeness = float(np.mean(top)) if top else 0.0
        correctness = probability * (0.5 ** min(contradicted, 2))
        reasoning = len(REASONING.findall(text))
        answer_words = words(text)
        depth = min(1.0, reasoning / 3) * 0.5 + completeness * 0.5
        if "keyword_stuffing" in flags:
            depth = 0.0
        irrelevant_share = 1.0 - float(np.mean(relevant)) if len(relevant) else 0.0
        repetition = len(set(answer_words)) / len(answer_words) if answer_words else 0.0
        clarity = max(0.0, 1.0 - irrelevant_share) * min(1.0, 0.4 + repetition)
        if "keyword_stuffing" in flags:
            clarity = min(clarity, 0.2)

        covered = sum(v.status == "covered" for v in verdicts)
        partial = sum(v.status == "partial" for v in verdicts)
        reasons = {
            "correctness": (f"Estimated {probability:.0%} likely to be judged correct against the references"
                            + (f"; {contradicted} key point(s) contradicted." if contradicted else ".")),
            "completeness": f"Covers {covered} and partly {partial} of {len(verdicts)} key points.",
            "depth": (f"{reasoning} explanation(s) of why or when (because, trade-off, example ...)."
                      if "keyword_stuffing" not in flags else "Lists terms without explaining them."),
            "clarity": (f"{irrelevant_share:.0%} of the sentences are off the question's subject."
                        if irrelevant_share else "Stays on the subject of the question."),
        }
        values = {"correctness": correctness, "completeness": completeness, "depth": depth, "clarity": clarity}
        return [CriterionScore(criterion=c.id, reason=reasons.get(c.id, "Estimated from the overall grade."),
                               score=round(5 * values.get(c.id, probability), 2)) for c in self.rubric.criteria]

    def _feedback(self, verdicts, flags, answered_instead: OtherQuestion | None) -> Feedback:
        covered = [v.point for v in verdicts if v.status == "covered"]
        wrong = [v for v in verdicts if v.status == "contradicted"]
        missed = [v.point for v in verdicts if v.status == "missing"]
        improvements = ([f"This reads as an answer to another question: \"{answered_instead.question}\""]
                        if answered_instead else [])
        improvements += [f"Check this point, your answer seems to say the opposite: {v.point}" for v in wrong[:2]]
        improvements += [f"Mention: {point}" for point in missed[:3]]
        improvements += [f"Avoid: {gaming.FLAG_ADVICE[f]}" for f in flags if f in gaming.FLAG_ADVICE]
        target = wrong[0].point if wrong else (missed[0] if missed else None)
        return Feedback(strengths=[f"You explained: {p}" for p in covered[:3]], improvements=improvements,
                        follow_up=follow_up_question(target) if target else None)

    def _unscored(self, context: GradingContext, reason: str) -> GradeResult:
        return GradeResult(status="unscored", score=None, flags=["unscored"], unscored_reason=reason,
                           references=context.references, question_id=context.question_id,
                           question=context.question, rubric=self._rubric_info(),
                           grader=GraderInfo(name=self.name, version=self.version))

    def _rubric_info(self) -> RubricInfo:
        return RubricInfo(name=self.rubric.name, version=self.rubric.version, hash=self.rubric.hash)


def overall_score(probability: float, criteria: list[CriterionScore], points: int) -> float:
    """The overall 0-5 score: the calibrated probability of being judged correct, weighed by breadth.

    A rubric-weighted mean of the criteria agreed less with human grades (SciEntsBank unseen
    questions: AUC 0.68 against 0.81 for the calibrated probability), so the probability leads.
    Completeness counts more the more key points a question has: none for a one-point question,
    :data:`MAX_BREADTH_WEIGHT` of the score from seven points up.
    """
    by_id = {c.criterion: c.score / 5 for c in criteria}
    substance = (1 - DEPTH_SHARE) * by_id.get("completeness", 1.0) + DEPTH_SHARE * by_id.get("depth", 1.0)
    breadth_weight = MAX_BREADTH_WEIGHT * min(1.0, max(0, points - 1) / BREADTH_POINTS)
    return 5 * probability * (1 - breadth_weight + breadth_weight * substance)


def follow_up_question(point: str) -> str:
    """An interviewer's question aimed at one key point: its term, if it names one, else its gist."""
    term, _, rest = point.partition(":")
    if rest and len(term.split()) <= 6:
        return f"You didn't mention {term.strip().lower()}. What is it, and why does it matter here?"
    gist = " ".join(point.rstrip(".").split()[:14])
    return f"How would you explain this part: \"{gist}\"?"
