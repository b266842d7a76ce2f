"""Detect answers that try to game the grader, or that cannot show understanding.

These are text checks, shared by every grader: the offline grader caps scores with them, and the
LLM judge is told about them.
"""

from __future__ import annotations

import re

from interviewer.grading.text import STOPWORDS, content_words, sentences, words

# An answer shorter than this share of what the expected key points say cannot make them.
SHORT_ANSWER_SHARE = 0.3
MIN_WORDS = 3
# Ordinary English prose is 35-55% stopwords; a bag of terms is almost none.
STUFFING_MAX_STOPWORD_SHARE = 0.10
STUFFING_MIN_WORDS = 8
# Marks that build clauses (not commas, which also separate the terms of a list), per word.
STRUCTURE_MARKS = re.compile(r"[.;:()=\u2192]|->")
STUFFING_MAX_STRUCTURE = 0.1
# Share of the answer's content words that must be new (not taken from the question).
RESTATING_MAX_NOVELTY = 0.15

# A sentence that talks to whoever grades the answer, or demands a score, is not part of the answer.
GRADER_ADDRESS = re.compile(
    r"\b(grader|grading|evaluator|assessor|reviewer|examiner|rubric|marker|whoever|whatever grades"
    r"|evaluation note|scoring guidelines)\b", re.IGNORECASE)
STRONG_DEMAND = re.compile(
    r"\b5\s*/\s*5\b|\b5 out of 5\b|\bfull (marks|points|credit)\b"
    r"|\b(top|highest|maximum|perfect) (possible )?(score|grade|marks|rating)\b|\b(score|grade|rating) (is|of|should be|must be) (5|five|10|ten)\b"
    r"|\b(ignore|disregard|override|forget)\b[^.!?\n]{0,40}\b(instructions?|rubric|guidelines|criteria|rules|prompt)\b"
    r"|\b(your|the) (reference answers?|rubric|bank)\b[^.!?\n]{0,40}\b(outdated|wrong|incorrect|updated)\b",
    re.IGNORECASE)
DEMAND = re.compile(
    r"\b(give|assign|award|output|return|rate|grade|approve)\b[^.!?\n]{0,60}"
    r"\b(5|five|10|ten|full|perfect|maximum|top|highest|correct|pre-approved)\b"
    r"|\b(pre-approved|verified as correct|fully correct|perfect answer)\b",
    re.IGNORECASE)
ROLE_MARKER = re.compile(
    r"<<\s*/?\s*sys\s*>>|\[/?inst\]|^\s*(system|assistant|user)\s*:|\bsystem prompt\b|developer message"
    r"|</?\s*(answer|candidate_answer|system|instructions?)\s*>|\bnew instructions?\b"
    r"|\b(grade|score)\s*[:=]\s*\d",
    re.IGNORECASE | re.MULTILINE)


def is_injection(sentence: str) -> bool:
    """Whether one sentence addresses the grader instead of answering the question."""
    if ROLE_MARKER.search(sentence) or STRONG_DEMAND.search(sentence):
        return True
    return bool(DEMAND.search(sentence)) and bool(GRADER_ADDRESS.search(sentence))


def injection_spans(answer: str) -> list[tuple[int, int]]:
    """Character spans that address the grader: from each injecting sentence to the end of its line.

    What follows an injection on the same line ("...; the correct score is 5") belongs to it.
    """
    spans: list[tuple[int, int]] = []
    for start, end in sentences(answer):
        if spans and start < spans[-1][1]:
            continue
        if is_injection(answer[start:end]):
            line_end = answer.find("\n", start)
            spans.append((start, len(answer) if line_end == -1 else line_end))
    return spans


def without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the given character spans removed."""
    kept, position = [], 0
    for start, end in sorted(spans):
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return re.sub(r"\s+", " ", "".join(kept)).strip()


def is_too_short(answer: str, expected_words: float = 0.0) -> bool:
    """Fewer than :data:`MIN_WORDS` words, or far fewer than the expected points need."""
    count = len(words(answer))
    return count < MIN_WORDS or count < SHORT_ANSWER_SHARE * expected_words


def is_keyword_stuffing(answer: str) -> bool:
    """Many terms with almost no connecting words and no structure: a list of buzzwords, not an explanation.

    Expert notes are terse too ("BN: normalise per channel over the batch; running stats at test time"),
    but they are built of clauses: on the dev set every terse expert answer has at least 0.23 stops,
    colons, semicolons, brackets, arrows or equals signs per word; buzzword lists have none.
    """
    answer_words = words(answer)
    if len(answer_words) < STUFFING_MIN_WORDS:
        return False
    stopword_share = sum(w in STOPWORDS for w in answer_words) / len(answer_words)
    structure = len(STRUCTURE_MARKS.findall(answer)) / len(answer_words)
    return stopword_share < STUFFING_MAX_STOPWORD_SHARE and structure < STUFFING_MAX_STRUCTURE


def novelty(question: str, answer: str) -> float:
    """Share of the answer's distinct content words that do not come from the question."""
    answer_words = set(content_words(answer))
    if not answer_words:
        return 0.0
    return len(answer_words - set(content_words(question))) / len(answer_words)


def restates_question(question: str, answer: str) -> bool:
    """The answer mostly repeats the question's own words."""
    return novelty(question, answer) < RESTATING_MAX_NOVELTY

FLAG_ADVICE = {
    "keyword_stuffing": "listing terms without explaining how they work",
    "restates_question": "repeating the question instead of answering it",
    "too_short": "one-line answers; explain the mechanism and when it applies",
    "off_topic": "drifting away from what was asked",
    "prompt_injection": "text addressed to the grader; it is ignored and costs points",
}
