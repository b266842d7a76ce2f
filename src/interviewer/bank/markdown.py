"""Parse interview-question documents written in Markdown into raw question items.

One line scanner understands every layout found in the source documents, wherever it appears
in a file (several documents mix layouts):

- numbered items with a Topic/Level header, a ``**Q:**`` line and ``**Simple:**`` / ``**Detailed:**``
  answers (or an untagged answer, or none): ``**3)** **Topic:** Fundamentals, **Level:** Advanced``;
- Markdown table rows ``| No. | Category | Difficulty | Full Question |`` (questions only);
- ``**Q1.** question`` with ``**A:** answer``, and plain numbered questions (``4. How does ...?``)
  listed under a heading, without answers;
- bullet questions ``*   **question**`` with the answer indented below;
- ``**Question 7 [EASY]:** question`` with ``**Answer:** answer``.

Headings and horizontal rules end the current item; text outside any item is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from interviewer.errors import BankError

# Untagged answers longer than this many words are "detailed", shorter ones "short".
SHORT_ANSWER_MAX_WORDS = 80

HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*)$")
RULE = re.compile(r"^-{3,}\s*$")
TABLE_ROW = re.compile(r"^\|\s*(?P<number>\d+)\s*\|(?P<cells>.*)\|\s*$")
NUMBERED_HEADER = re.compile(r"^\*\*(?P<number>\d+)\)(?P<rest>.*)$")
TOPIC_FIELD = re.compile(r"Topic\W*\s*(?P<value>[^,*]+)")
LEVEL_FIELD = re.compile(r"Level\W*\s*(?P<value>[A-Za-z ]+)")
Q_DOT = re.compile(r"^\*\*Q\d+\.\*\*\s*(?P<question>.+)$")
QUESTION_LEVEL = re.compile(r"^\*\*Question\s+\d+\s*\[(?P<level>[A-Za-z]+)\]:?\*\*:?\s*(?P<question>.+)$")
BULLET_QUESTION = re.compile(r"^\*\s+\*\*(?P<question>.+?)\*\*\s*$")
Q_LINE = re.compile(r"^\*\*Q:\*\*\s*(?P<question>.*)$")
STYLED_ANSWER = re.compile(r"^\*\*(?P<style>Simple|Detailed)(?::\*\*|\*\*:)\s*(?P<text>.*)$")
PLAIN_ANSWER = re.compile(r"^\*\*(?:A|Answer):\*\*\s*(?P<text>.*)$")
LISTED_QUESTION = re.compile(r"^\d+\.\s+(?P<question>[^*].*)$")
ANSWER_BULLET = re.compile(r"^[-*]\s+")


@dataclass
class RawAnswer:
    """An answer as written; ``style`` is None until the item is closed (then simple/detailed/short)."""

    text: str
    style: str | None
    line: int


@dataclass
class RawQuestion:
    """A question as it appears in one document, before duplicates are merged."""

    question: str
    file: str
    line: int
    category: str | None = None
    level: str | None = None
    answers: list[RawAnswer] = field(default_factory=list)


def clean_inline(text: str) -> str:
    """Drop Markdown emphasis and collapse white space: ``**What** is _x_?`` -> ``What is x?``."""
    text = re.sub(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def clean_heading(text: str) -> str:
    """``**1. Neural Network Fundamentals**`` -> ``Neural Network Fundamentals``; ``General Questions:`` -> ``General Questions``."""
    text = clean_inline(text)
    text = re.sub(r"^\d+\.\s*", "", text)
    return text.rstrip(":").strip()


class _Scanner:
    def __init__(self, file_label: str):
        self.file_label = file_label
        self.items: list[RawQuestion] = []
        self.section: str | None = None
        self.current: RawQuestion | None = None
        self.awaiting_question = False
        self.answer_lines: list[str] = []

    # -- item bookkeeping -------------------------------------------------------------------
    def open_item(self, question: str, line: int, category: str | None, level: str | None) -> None:
        self.close_item()
        self.current = RawQuestion(question=clean_inline(question), file=self.file_label, line=line,
                                   category=category, level=level)

    def close_answer(self) -> None:
        if self.current and self.current.answers and self.answer_lines is not None:
            answer = self.current.answers[-1]
            answer.text = _tidy_answer("\n".join(self.answer_lines))
        self.answer_lines = []

    def open_answer(self, style: str | None, first_text: str, line: int) -> None:
        assert self.current is not None
        self.close_answer()
        self.current.answers.append(RawAnswer(text="", style=style, line=line))
        self.answer_lines = [first_text] if first_text.strip() else []

    def close_item(self) -> None:
        self.close_answer()
        item = self.current
        self.current = None
        self.awaiting_question = False
        if item is None:
            return
        item.answers = [a for a in item.answers if a.text]
        for answer in item.answers:
            if answer.style is None:
                words = len(answer.text.split())
                answer.style = "short" if words <= SHORT_ANSWER_MAX_WORDS else "detailed"
        if not item.question:
            raise BankError(self.file_label, "numbered item has a header but no question text", item.line)
        self.items.append(item)

    # -- the scan ---------------------------------------------------------------------------
    def feed(self, number: int, raw_line: str) -> None:
        line = raw_line.rstrip("\n")
        stripped = line.strip()

        if match := HEADING.match(stripped):
            self.close_item()
            self.section = clean_heading(match["text"]) or self.section
            return
        if RULE.match(stripped):
            self.close_item()
            return
        if match := TABLE_ROW.match(stripped):
            cells = [c.strip() for c in match["cells"].split("|")]
            if len(cells) >= 3 and cells[-1]:
                self.open_item(cells[-1], number, category=cells[0] or None, level=cells[1] or None)
                self.close_item()
            return
        if match := NUMBERED_HEADER.match(stripped):
            rest = match["rest"]
            if "Topic" in rest:
                topic = TOPIC_FIELD.search(rest)
                level = LEVEL_FIELD.search(rest)
                self.open_item("", number, category=topic and topic["value"].strip(),
                               level=level and level["value"].strip())
                self.awaiting_question = True
            else:
                self.open_item(rest.lstrip("*, "), number, category=self.section, level=None)
            return
        if match := QUESTION_LEVEL.match(stripped):
            self.open_item(match["question"], number, category=self.section, level=match["level"])
            return
        if match := Q_DOT.match(stripped):
            self.open_item(match["question"], number, category=self.section, level=None)
            return
        if match := BULLET_QUESTION.match(line):
            self.open_item(match["question"], number, category=self.section, level=None)
            return

        if self.current is None:
            if match := LISTED_QUESTION.match(stripped):
                # A question listed under a heading, outside any answer: it has no answer of its own.
                self.open_item(match["question"], number, category=self.section, level=None)
                self.close_item()
            return

        if self.awaiting_question:
            if not stripped:
                return
            match = Q_LINE.match(stripped)
            self.current.question = clean_inline(match["question"] if match else stripped)
            self.awaiting_question = False
            return
        if match := STYLED_ANSWER.match(stripped):
            self.open_answer(match["style"].lower(), match["text"], number)
            return
        if match := PLAIN_ANSWER.match(stripped):
            self.open_answer(None, match["text"], number)
            return
        if not self.current.answers:
            if not stripped:
                return
            self.open_answer(None, "", number)
        self.answer_lines.append(line)


def _tidy_answer(text: str) -> str:
    """Dedent an answer, drop the leading ``- `` of a one-bullet answer, and squeeze blank lines."""
    lines = text.split("\n")
    indents = [len(l) - len(l.lstrip()) for l in lines if l.strip()]
    cut = min(indents) if indents else 0
    lines = [l[cut:].rstrip() for l in lines]
    text = "\n".join(lines).strip()
    if ANSWER_BULLET.match(text) and "\n" not in text:
        text = ANSWER_BULLET.sub("", text, count=1)
    return re.sub(r"\n{3,}", "\n\n", text)


def parse_markdown(text: str, file_label: str) -> list[RawQuestion]:
    """Every question item in ``text``, in document order; ``file_label`` names the file in sources."""
    scanner = _Scanner(file_label)
    for number, line in enumerate(text.splitlines(), start=1):
        scanner.feed(number, line)
    scanner.close_item()
    return scanner.items


def read_bank_text(path: Path) -> str:
    """The UTF-8 text of a bank or source file; a missing, unreadable or undecodable one raises :class:`BankError`."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BankError(path, "file not found") from None
    except IsADirectoryError:
        raise BankError(path, "is a folder, not a bank file") from None
    except UnicodeDecodeError as error:
        raise BankError(path, f"not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise BankError(path, error.strerror or "cannot be read") from None


def parse_markdown_file(path: Path, file_label: str | None = None) -> list[RawQuestion]:
    """Read and parse one document; a missing or undecodable file raises :class:`BankError`."""
    return parse_markdown(read_bank_text(path), file_label or path.name)
