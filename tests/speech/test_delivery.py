"""Delivery metrics: on the real transcripts of the recordings, and on constructed transcripts."""

from __future__ import annotations

import json

import pytest

from interviewer.speech import Transcript, Word, count_fillers, delivery_metrics


def transcript_of(*timed_words: tuple[str, float, float]) -> Transcript:
    words = [Word(text, start, end, 0.9) for text, start, end in timed_words]
    return Transcript(" ".join(w.text for w in words), words, duration_seconds=words[-1].end + 0.5 if words else 0)


def spaced(text: str, seconds_per_word: float = 0.4) -> Transcript:
    """A transcript of ``text`` with evenly spaced words and no pauses."""
    return transcript_of(*[(word, i * seconds_per_word, (i + 1) * seconds_per_word)
                           for i, word in enumerate(text.split())])


# -- on the recordings --------------------------------------------------------------------------

def test_the_spliced_pause_is_found_where_it_is(pause_transcript):
    metrics = delivery_metrics(pause_transcript)
    assert metrics.long_pause_count == 1
    pause = metrics.long_pauses[0]
    assert pause.after_word.strip(".,").lower() == "training"
    assert pause.before_word.strip(".,").lower() == "so"
    assert 1.2 <= pause.duration <= 2.0  # 1.5 s of silence was spliced in
    assert metrics.longest_pause_seconds == pause.duration
    assert pause_transcript.words[pause.word_index].start == pause.end


def test_pace_is_plausible_and_sentence_gaps_are_not_long_pauses(answer_transcript, pause_transcript):
    for transcript in (answer_transcript, pause_transcript):
        metrics = delivery_metrics(transcript)
        # espeak-ng speaks at 165 words per minute here; Whisper merges or splits a few words.
        assert 120 <= metrics.words_per_minute <= 200
        assert metrics.speaking_seconds < transcript.duration_seconds
    assert delivery_metrics(answer_transcript).long_pauses == []
    pause = delivery_metrics(pause_transcript)
    assert pause.speaking_seconds < pause_transcript.words[-1].end - pause_transcript.words[0].start - 1.2


def test_fillers_in_the_answer_recording(answer_transcript):
    counts = delivery_metrics(answer_transcript).filler_counts
    assert counts.get("basically") == 1
    assert counts.get("um", 0) + counts.get("uh", 0) >= 1  # spoken twice; tiny.en writes both as "Umm"


def test_metrics_serialize_to_json(pause_transcript):
    data = json.loads(json.dumps(delivery_metrics(pause_transcript).to_dict()))
    assert data["long_pause_count"] == 1 and data["long_pauses"][0]["duration"] == data["longest_pause_seconds"]
    assert set(data) >= {"word_count", "words_per_minute", "speaking_seconds", "filler_counts", "filler_total",
                         "pause_threshold_seconds", "audio_seconds"}


# -- pauses and pace on constructed transcripts --------------------------------------------------

def test_long_pauses_and_speaking_time():
    transcript = transcript_of(("Dropout", 0.5, 1.0), ("zeroes", 1.0, 1.5), ("activations.", 3.5, 4.0),
                               ("It", 4.2, 4.4), ("regularizes.", 5.4, 6.0))
    metrics = delivery_metrics(transcript)
    assert [(p.after_word, p.before_word, p.duration, p.word_index) for p in metrics.long_pauses] == [
        ("zeroes", "activations.", 2.0, 2), ("It", "regularizes.", 1.0, 4)]
    assert metrics.speaking_seconds == pytest.approx(5.5 - 3.0)
    assert metrics.words_per_minute == pytest.approx(5 / 2.5 * 60)

    relaxed = delivery_metrics(transcript, pause_threshold_seconds=2.5)
    assert relaxed.long_pauses == [] and relaxed.speaking_seconds == pytest.approx(5.5)


def test_no_words_gives_no_pace():
    metrics = delivery_metrics(Transcript("", [], duration_seconds=3.0))
    assert metrics.words_per_minute is None and metrics.word_count == 0 and metrics.filler_total == 0


# -- fillers on constructed text ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Um, so dropout, uh, basically works.", {"um": 1, "uh": 1, "basically": 1}),
    ("Umm, well, uhh... erm, hmm, it regularizes.", {"um": 1, "uh": 1, "er": 1, "hmm": 1}),
    ("It's, like, random noise.", {"like": 1}),
    ("Models like ResNet use skip connections.", {}),
    ("I would like, um, to explain.", {"um": 1}),
    ("It looks like, overfitting.", {}),
    ("The network, you know, cannot overfit.", {"you know": 1}),
    ("It helps, you know.", {"you know": 1}),
    ("You know the answer.", {}),
    ("As you know, dropout helps.", {}),
    ("Do you know, what it does?", {}),
    ("I mean, if it is too large the loss diverges.", {"I mean": 1}),
    ("I mean dropout helps.", {"I mean": 1}),
    ("What I mean is that it helps.", {}),
    ("I mean that it helps.", {}),
    ("It kind of averages many networks.", {"kind of": 1}),
    ("It is a kind of regularization, what sort of model?", {}),
    ("It sort of, um, works.", {"sort of": 1, "um": 1}),
])
def test_filler_heuristics(text, expected):
    assert count_fillers(text.split()) == expected
    assert delivery_metrics(spaced(text)).filler_counts == expected


def test_filler_totals_and_rate():
    metrics = delivery_metrics(spaced("Um, basically, um, it is, like, dropout."))
    assert metrics.filler_counts == {"um": 2, "basically": 1, "like": 1}
    assert list(metrics.filler_counts) == ["um", "basically", "like"]  # most frequent first
    assert metrics.filler_total == 4 and metrics.fillers_per_100_words == pytest.approx(4 / 7 * 100, abs=0.1)
