"""The real tiny.en model on the committed recordings, each transcribed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

AUDIO_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "audio"
DROPOUT_QUESTION = "What is dropout and how does it prevent overfitting?"


@pytest.fixture(scope="session")
def transcriber():
    """The process-wide transcriber (bundled tiny.en from site-packages), loaded once."""
    from interviewer.speech import shared_transcriber

    shared = shared_transcriber()
    shared.load()
    return shared


@pytest.fixture(scope="session")
def answer_transcript(transcriber):
    """dropout_answer.wav: a 16 s espeak-ng answer with "um", "uh" and "basically" in it."""
    return transcriber.transcribe(AUDIO_DIR / "dropout_answer.wav", question=DROPOUT_QUESTION)


@pytest.fixture(scope="session")
def pause_transcript(transcriber):
    """dropout_pause.wav: two sentences with 1.5 s of silence between them."""
    return transcriber.transcribe(AUDIO_DIR / "dropout_pause.wav", question=DROPOUT_QUESTION)
