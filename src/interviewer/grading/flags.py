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
# Share of the answer's content words that must be new (not taken from the question).
RESTATING_MAX_NOVELTY = 0.15

INJECTION = re.compile(
    r"ignore (all |any |the |your )?(previous|prior|above|earlier|preceding) (instructions|prompts?|rules)"
    r"|disregard (all |any |the |your )?(previous|prior|above|earlier|grading)"
    r"|(you are|act as|pretend to be) (now )?(a|an|the) (grader|assistant|evaluator|ai|language model)"
    r"|system prompt|developer message|new instructions?:"
    r"|(give|assign|award|grade|rate|score) (this|the|my) (answer|response)? ?(a |an )?"
    r"(score of |grade of )?(5|five|10|ten|full|perfect|maximum|max|top|highest)"
    r"|(full|perfect|maximum|max) (marks|score|points|credit)"
    r"|\"?score\"?\s*[:=]\s*\"?5"
    r"|</?\s*(answer|candidate_answer|system|instructions?)\s*>"
    r"|as an ai|the grader (must|should|will)",
    re.IGNORECASE,
)


def injection_spans(answer: str) -> list[tuple[int, int]]:
    """Character spans of the sentences that address the grader instead of the question."""
    return [(start, end) for start, end in sentences(answer) if INJECTION.search(answer[start:end])]


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
    """Many terms with almost no connecting words: a list of buzzwords, not an explanation."""
    answer_words = words(answer)
    if len(answer_words) < STUFFING_MIN_WORDS:
        return False
    stopword_share = sum(w in STOPWORDS for w in answer_words) / len(answer_words)
    return stopword_share < STUFFING_MAX_STOPWORD_SHARE


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
