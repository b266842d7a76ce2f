"""What a transcription returns: the text and every word with its time in the recording."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

# Hesitation sounds carry no content; ``Transcript.answer_text`` drops them before grading.
HESITATION = re.compile(r"^(?:u+m+|u+h+|e+r+m*|h+m+|m{2,})$", re.IGNORECASE)


@dataclass(frozen=True)
class Word:
    """One word as Whisper heard it: its text with attached punctuation, and seconds from the start."""

    text: str
    start: float
    end: float
    probability: float


@dataclass
class Transcript:
    """A transcribed recording. ``words`` are in time order; ``duration_seconds`` is the whole file."""

    text: str
    words: list[Word] = field(default_factory=list)
    duration_seconds: float = 0.0
    language: str = "en"

    @property
    def answer_text(self) -> str:
        """The text with hesitation sounds (um, uh, er, hmm) removed: what the content grader reads.

        Other fillers ("you know", "basically") stay: removing them could change the meaning, and
        they are counted by :func:`interviewer.speech.delivery_metrics` instead.
        """
        kept = [word.text for word in self.words if not HESITATION.match(word.text.strip(" ,.!?;:…-"))]
        text = " ".join(kept) if self.words else self.text
        return re.sub(r"\s+", " ", text).strip()

    def to_dict(self) -> dict:
        """A JSON-serializable dict (see :meth:`from_dict`)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Transcript":
        """The inverse of :meth:`to_dict`."""
        return cls(text=data["text"], words=[Word(**word) for word in data.get("words", [])],
                   duration_seconds=float(data.get("duration_seconds", 0.0)), language=data.get("language", "en"))


def _normalized_words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("-", " ")).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, over lower-case words without punctuation."""
    expected, heard = _normalized_words(reference), _normalized_words(hypothesis)
    previous = list(range(len(heard) + 1))
    for i, word in enumerate(expected, start=1):
        current = [i]
        for j, other in enumerate(heard, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other)))
        previous = current
    return previous[-1] / max(len(expected), 1)
