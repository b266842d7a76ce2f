"""Reading a recording into 16 kHz mono samples, with one clear error for each way it can fail.

Any format and sample rate FFmpeg reads (WAV, MP3, OGG/Opus, WebM, M4A, FLAC ...) is accepted: PyAV,
which faster-whisper depends on, brings its own FFmpeg libraries, so no system ffmpeg is needed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from interviewer.errors import AudioError

SAMPLE_RATE = 16_000  # what Whisper expects; everything is resampled to it
DEFAULT_MAX_AUDIO_SECONDS = 600.0  # ten minutes: far longer than any interview answer


def load_audio(path: Path | str, max_seconds: float = DEFAULT_MAX_AUDIO_SECONDS) -> np.ndarray:
    """The recording at ``path`` as float32 mono samples at 16 kHz.

    Raises :class:`AudioError` naming the file when it is missing, empty, not decodable as audio,
    without an audio stream, or longer than ``max_seconds``. The length is checked from the file's
    header before decoding when the header states it, so a very long file is refused quickly.
    """
    path = Path(path)
    if not path.exists():
        raise AudioError(path, "audio file not found", "missing")
    if not path.is_file():
        raise AudioError(path, "not a file", "missing")
    if path.stat().st_size == 0:
        raise AudioError(path, "the audio file is empty (0 bytes)", "empty")

    declared = _declared_duration(path)
    if declared is not None:
        _check_length(path, declared, max_seconds)
    from faster_whisper.audio import decode_audio

    try:
        samples = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except Exception as error:  # PyAV raises many FFmpeg error types; each means the same to the user
        raise AudioError(path, f"cannot decode the file as audio ({_short(error)})", "undecodable") from error
    _check_length(path, len(samples) / SAMPLE_RATE, max_seconds)
    return samples


def _declared_duration(path: Path) -> float | None:
    """Seconds of audio the container header declares (None if it does not say); checks it has audio."""
    import av

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            streams = [stream for stream in container.streams if stream.type == "audio"]
            if not streams:
                raise AudioError(path, "the file has no audio stream", "no_audio")
            stream = streams[0]
            if stream.duration is not None and stream.time_base is not None:
                return float(stream.duration * stream.time_base)
            if container.duration is not None:
                return container.duration / av.time_base
            return None
    except AudioError:
        raise
    except Exception as error:
        raise AudioError(path, f"cannot decode the file as audio ({_short(error)})", "undecodable") from error


def _check_length(path: Path, seconds: float, max_seconds: float) -> None:
    if seconds > max_seconds:
        raise AudioError(path, f"the recording is {_minutes(seconds)} long; the limit is {_minutes(max_seconds)}",
                         "too_long")


def _minutes(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} minutes"


def _short(error: Exception) -> str:
    """The error's message without FFmpeg's errno prefix and repeated file name."""
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return str(text).strip()
