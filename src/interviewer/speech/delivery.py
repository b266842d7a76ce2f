"""How an answer was spoken, from the word timestamps: pace, fillers and long pauses.

These describe delivery only; they never change the content score (the grader reads
``Transcript.answer_text``, whatever the pace or the fillers).

Definitions:

- a *long pause* is a gap of at least ``pause_threshold_seconds`` (default 1.0 s) between the end
  of one word and the start of the next; silence before the first word and after the last is not a
  pause (it depends on when the candidate pressed record);
- *speaking time* runs from the first word's start to the last word's end, minus the long pauses;
- *words per minute* counts every transcribed word, fillers included, over the speaking time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from interviewer.speech.fillers import count_fillers
from interviewer.speech.transcript import Transcript

DEFAULT_PAUSE_THRESHOLD_SECONDS = 1.0


@dataclass(frozen=True)
class Pause:
    """A long silence between two words: where it starts and ends (seconds) and the words around it."""

    start: float
    end: float
    after_word: str
    before_word: str
    word_index: int  # index in ``Transcript.words`` of the word after the pause

    @property
    def duration(self) -> float:
        return round(self.end - self.start, 3)


@dataclass
class DeliveryMetrics:
    """Pace, fillers and pauses of one spoken answer (see the module docstring for the definitions)."""

    word_count: int
    speaking_seconds: float
    words_per_minute: float | None  # None when no time was spoken (a transcript without timestamps)
    filler_counts: dict[str, int]
    filler_total: int
    fillers_per_100_words: float
    long_pauses: list[Pause] = field(default_factory=list)
    pause_threshold_seconds: float = DEFAULT_PAUSE_THRESHOLD_SECONDS
    audio_seconds: float = 0.0

    @property
    def long_pause_count(self) -> int:
        return len(self.long_pauses)

    @property
    def longest_pause_seconds(self) -> float:
        """The longest long pause, 0.0 when there is none."""
        return max((pause.duration for pause in self.long_pauses), default=0.0)

    def to_dict(self) -> dict:
        """A JSON-serializable dict, with the pause count, the longest pause and each pause's duration."""
        data = asdict(self)
        data["long_pauses"] = [{**asdict(pause), "duration": pause.duration} for pause in self.long_pauses]
        data["long_pause_count"] = self.long_pause_count
        data["longest_pause_seconds"] = self.longest_pause_seconds
        return data


def find_long_pauses(transcript: Transcript,
                     threshold_seconds: float = DEFAULT_PAUSE_THRESHOLD_SECONDS) -> list[Pause]:
    """Every gap of at least ``threshold_seconds`` between consecutive words, in time order."""
    words = transcript.words
    return [Pause(start=before.end, end=after.start, after_word=before.text, before_word=after.text, word_index=index)
            for index, (before, after) in enumerate(zip(words, words[1:]), start=1)
            if after.start - before.end >= threshold_seconds]


def delivery_metrics(transcript: Transcript,
                     pause_threshold_seconds: float = DEFAULT_PAUSE_THRESHOLD_SECONDS) -> DeliveryMetrics:
    """Words per minute, filler counts and long pauses of ``transcript``."""
    words = transcript.words
    pauses = find_long_pauses(transcript, pause_threshold_seconds)
    span = words[-1].end - words[0].start if words else 0.0
    speaking = max(0.0, span - sum(pause.end - pause.start for pause in pauses))
    fillers = count_fillers([word.text for word in words])
    filler_total = sum(fillers.values())
    return DeliveryMetrics(
        word_count=len(words),
        speaking_seconds=round(speaking, 3),
        words_per_minute=round(len(words) / speaking * 60, 1) if speaking > 0 else None,
        filler_counts=fillers,
        filler_total=filler_total,
        fillers_per_100_words=round(100 * filler_total / len(words), 1) if words else 0.0,
        long_pauses=pauses,
        pause_threshold_seconds=pause_threshold_seconds,
        audio_seconds=transcript.duration_seconds,
    )
