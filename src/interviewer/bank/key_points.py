"""Derive the atomic key points a good answer makes from a question's reference answers.

Candidates come, in order, from list items (``1. **Term:** explanation`` becomes
``Term: explanation``), numbered bold headings, and the informative sentences of prose paragraphs.
Analogy-style ("simple") references are used only when a question has nothing else. Duplicates are
removed by normalized text here and by meaning in :func:`interviewer.bank.merge.drop_similar`.
"""

from __future__ import annotations

import re

from interviewer.bank.markdown import clean_inline

LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+(?P<body>.+)$")
NUMBERED_BOLD_HEADING = re.compile(r"^\s*\*\*\d+\.\s*(?P<body>.+?)\*\*\s*$")
BOLD_LEAD = re.compile(r"^\*\*(?P<term>[^*]{2,80}?)\*\*\s*:?\s*(?P<rest>.*)$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")

MIN_WORDS, MAX_WORDS = 5, 45
# Sentences that frame an answer rather than make a point.
FRAMING = re.compile(
    r"^(in summary|in conclusion|overall|to summari[sz]e|imagine|here are|here's|let's|these strategies"
    r"|this (is|makes|means) (it|that)|nevertheless|however, the choice|ultimately|continued research"
    r"|the depth of|be prepared)",
    re.IGNORECASE,
)
# Per question, so grading stays focused on what matters most.
MAX_KEY_POINTS = 12


def first_sentence(text: str) -> str:
    return SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()


def _clip(text: str) -> str:
    words = text.split()
    if len(words) <= MAX_WORDS:
        return text
    return " ".join(words[:MAX_WORDS]).rstrip(",;:") + " ..."


def _from_list_item(body: str) -> str | None:
    lead = BOLD_LEAD.match(body.strip())
    if lead:
        term = clean_inline(lead["term"]).rstrip(":")
        rest = first_sentence(clean_inline(lead["rest"]))
        if not rest:
            return None  # a sub-heading such as "**Possible Reasons**:"
        return _clip(f"{term}: {rest}")
    text = first_sentence(clean_inline(body))
    if text.endswith(":") or len(text.split()) < 3:
        return None
    return _clip(text)


def candidate_points(reference_text: str) -> list[str]:
    """Key-point candidates of one reference answer, in reading order."""
    points: list[str] = []
    paragraph: list[str] = []

    def flush_paragraph() -> None:
        prose = clean_inline(" ".join(paragraph))
        paragraph.clear()
        for sentence in SENTENCE_END.split(prose):
            sentence = sentence.strip()
            words = len(sentence.split())
            if MIN_WORDS <= words <= MAX_WORDS and not sentence.endswith(":") and not FRAMING.match(sentence):
                points.append(sentence)

    for line in reference_text.splitlines():
        if heading := NUMBERED_BOLD_HEADING.match(line):
            flush_paragraph()
            points.append(clean_inline(heading["body"]).rstrip(":"))
        elif item := LIST_ITEM.match(line):
            flush_paragraph()
            if point := _from_list_item(item["body"]):
                points.append(point)
        elif line.strip():
            paragraph.append(line.strip())
        else:
            flush_paragraph()
    flush_paragraph()
    return points


def normalize(text: str) -> str:
    """Lower case, letters and digits only: the form used to spot textual duplicates."""
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text.lower())).strip()


def key_point_candidates(references: list[tuple[str, str]]) -> list[str]:
    """Candidates from ``(text, style)`` references, textual duplicates removed, in order."""
    informative = [text for text, style in references if style != "simple"]
    texts = informative or [text for text, _ in references]
    seen: set[str] = set()
    unique: list[str] = []
    for text in texts:
        for point in candidate_points(text):
            key = normalize(point)
            if key and key not in seen:
                seen.add(key)
                unique.append(point)
    return unique
