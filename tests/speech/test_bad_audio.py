"""Every recording that cannot be transcribed gets an AudioError naming the file and the problem."""

from __future__ import annotations

import os

import pytest

from interviewer.errors import AudioError, InterviewerError
from interviewer.speech import Transcriber
from tests.speech.conftest import AUDIO_DIR


def transcribe_error(transcriber, path) -> AudioError:
    with pytest.raises(AudioError) as caught:
        transcriber.transcribe(path)
    assert isinstance(caught.value, InterviewerError)
    assert str(path) in str(caught.value)
    return caught.value


def test_missing_file(transcriber, tmp_path):
    error = transcribe_error(transcriber, tmp_path / "answer.wav")
    assert error.reason == "missing" and "not found" in error.problem


def test_empty_file(transcriber, tmp_path):
    path = tmp_path / "answer.wav"
    path.touch()
    assert transcribe_error(transcriber, path).reason == "empty"


def test_random_bytes_with_a_wav_name(transcriber, tmp_path):
    path = tmp_path / "answer.wav"
    path.write_bytes(os.urandom(20_000))
    error = transcribe_error(transcriber, path)
    assert error.reason == "undecodable" and "cannot decode" in error.problem


def test_a_file_without_audio(transcriber, tmp_path):
    path = tmp_path / "answer.srt"  # FFmpeg opens subtitles, which have no audio stream
    path.write_text("1\n00:00:00,000 --> 00:00:01,000\nDropout.\n")
    assert transcribe_error(transcriber, path).reason == "no_audio"


def test_silence_is_no_speech_not_an_empty_transcript(transcriber):
    error = transcribe_error(transcriber, AUDIO_DIR / "silence.wav")
    assert error.reason == "no_speech" and "no speech was detected" in str(error)


def test_a_recording_over_the_limit(transcriber):
    short_limit = Transcriber(max_audio_seconds=5)
    error = transcribe_error(short_limit, AUDIO_DIR / "dropout_answer.wav")
    assert error.reason == "too_long" and "16 s long; the limit is 5 s" in error.problem
