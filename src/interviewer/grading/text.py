"""Plain-text helpers for grading: words, content words, negation, sentences."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    "a an the of to in on and or is are was were be been it its this that these those for with as by at from "
    "into than then so if but do does did can could would should will may might has have had there their they "
    "them he she we you i my your our what which who whom how why when where because since about also more "
    "most very just".split()
)
NEGATIONS = frozenset(
    "not no never none nothing cannot can't don't doesn't isn't aren't won't wasn't weren't didn't without".split()
)
WORD = re.compile(r"[a-z0-9']+")
SENTENCE_BOUNDARY = re.compile(r"(?<=[.!?;])\s+|\n+")


def words(text: str) -> list[str]:
    """Lower-case words (letters, digits, apostrophes)."""
    return WORD.findall(text.lower())


def stem(word: str) -> str:
    """A light suffix stripper: ``normalizing`` and ``normalizes`` meet at ``normaliz``."""
    for suffix in ("ing", "edly", "ed", "es", "s", "ly"):
        if len(word) > 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """Stemmed words that carry meaning (no stopwords, no negations)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and w not in NEGATIONS]


def has_negation(text: str) -> bool:
    return any(w in NEGATIONS for w in words(text))


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (split at . ! ? ; and line breaks)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_BOUNDARY.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
