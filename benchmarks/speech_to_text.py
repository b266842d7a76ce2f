"""Speech-to-text speed on this machine, written to the speech_to_text section of docs/BENCHMARKS.md.

    .venv/bin/python benchmarks/speech_to_text.py [--repeats 3] [--no-write]

Measures, with the settings the page uses (bundled tiny.en, int8, 2 CPU threads, VAD, word timestamps,
the question as prompt):
- load time: importing faster-whisper, loading the model, loading the VAD model (each once, cold);
- real-time factor (transcription seconds / audio seconds; the median of ``--repeats`` runs, after one
  warm-up transcription) on each committed recording in tests/fixtures/audio that holds speech, and
  on a ~68 s answer made here by concatenating them with the stdlib ``wave`` module.
Whisper decodes 30 s windows and, with word timestamps, often one more window after the last word, so
a short answer costs about a second however short it is: its real-time factor is higher than a long
answer's. Target: real-time factor below 0.2.

It also measures the word error rate on six jargon-heavy answers to bank questions
(tests/fixtures/audio/jargon_*.wav, espeak-ng; the words spoken are in jargon_answers.tsv), primed with
the question alone and with the question and its marking scheme's vocabulary, as the page does. Run it on an idle machine: the section records the load average
and how much CPU other processes used while it ran.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
import wave
from datetime import datetime, timezone
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
AUDIO_DIR = REPOSITORY / "tests" / "fixtures" / "audio"
QUESTION = "What is dropout and how does it prevent overfitting?"
RTF_TARGET = 0.2
RECORDINGS = ("dropout_answer.wav", "dropout_pause.wav")
LONG_ORDER = ("dropout_answer.wav", "dropout_pause.wav", "dropout_answer.wav", "dropout_pause.wav",
              "dropout_answer.wav")

from index_build import machine_busy_seconds  # noqa: E402  (benchmarks/ is on the path when run as a script)


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def concatenate(paths: list[Path], output: Path, gap_seconds: float = 0.5) -> float:
    """Write the WAV files one after another (same format), with a short silence between; returns seconds."""
    with wave.open(str(paths[0])) as first:
        parameters = first.getparams()
    silence = b"\0" * int(parameters.framerate * gap_seconds) * parameters.sampwidth * parameters.nchannels
    with wave.open(str(output), "wb") as writer:
        writer.setparams(parameters)
        for index, path in enumerate(paths):
            with wave.open(str(path)) as reader:
                writer.writeframes(reader.readframes(reader.getnframes()))
            if index < len(paths) - 1:
                writer.writeframes(silence)
    with wave.open(str(output)) as written:
        return written.getnframes() / written.getframerate()


def time_transcription(transcriber, path: Path, repeats: int) -> tuple[float, float, int]:
    """Median seconds over ``repeats`` transcriptions, the audio's seconds, and the words found."""
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        transcript = transcriber.transcribe(path, question=QUESTION)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), transcript.duration_seconds, len(transcript.words)


def jargon_word_error_rates(transcriber) -> list[tuple[str, float, float]]:
    """Per jargon recording: its question id, the word error rate primed with the question alone, and with its vocabulary."""
    from interviewer.bank import load_bank
    from interviewer.config import default_bank_path
    from interviewer.speech.transcript import word_error_rate

    bank = load_bank(default_bank_path())
    rates = []
    lines = (AUDIO_DIR / "jargon_answers.tsv").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        question_id, spoken = line.split("\t")
        question = bank.get(question_id)
        path = AUDIO_DIR / f"jargon_{number}.wav"
        plain = transcriber.transcribe(path, question=question.question).text
        primed = transcriber.transcribe(path, question=question.question, vocabulary=question.vocabulary).text
        rates.append((question_id, word_error_rate(spoken, plain), word_error_rate(spoken, primed)))
        print(f"{path.name}: word error rate {rates[-1][1]:.3f} with the question, {rates[-1][2]:.3f} with its "
              "vocabulary too", flush=True)
    return rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="transcriptions per recording (median; default 3)")
    parser.add_argument("--output", type=Path, default=REPOSITORY / "docs" / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="only print the results")
    args = parser.parse_args(argv)

    from interviewer.config import apply_offline_defaults
    from interviewer.evals.report import machine_description, machine_summary, publish_section, results_table

    apply_offline_defaults()
    load_average = machine_description()["load"]
    busy_before, own_before, wall_before = machine_busy_seconds(), own_cpu_seconds(), time.perf_counter()

    started = time.perf_counter()
    import faster_whisper  # noqa: F401  (timed: the import pulls in CTranslate2, PyAV and onnxruntime)

    import_seconds = time.perf_counter() - started
    from faster_whisper.vad import get_vad_model

    from interviewer.speech import Transcriber

    transcriber = Transcriber()
    started = time.perf_counter()
    transcriber.load()
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    get_vad_model()
    vad_seconds = time.perf_counter() - started
    transcriber.transcribe(AUDIO_DIR / RECORDINGS[1], question=QUESTION)  # warm-up, not timed

    results = []
    with tempfile.TemporaryDirectory(prefix="interviewer-speech-bench-") as temporary:
        long_path = Path(temporary) / "long_answer.wav"
        concatenate([AUDIO_DIR / name for name in LONG_ORDER], long_path)
        for name, path in [*[(name, AUDIO_DIR / name) for name in RECORDINGS],
                           (f"{len(LONG_ORDER)} recordings concatenated", long_path)]:
            seconds, audio_seconds, words = time_transcription(transcriber, path, args.repeats)
            results.append((name, audio_seconds, words, seconds))
            print(f"{name}: {audio_seconds:.1f} s of audio, {words} words, {seconds:.2f} s "
                  f"(real-time factor {seconds / audio_seconds:.3f})", flush=True)

    rates = jargon_word_error_rates(transcriber)
    wall = time.perf_counter() - wall_before
    own = own_cpu_seconds() - own_before
    others = max(0.0, machine_busy_seconds() - busy_before - own)
    cores = int(machine_description()["cores"])
    total_audio = sum(audio for _, audio, _, _ in results)
    total_seconds = sum(seconds for _, _, _, seconds in results)
    overall = total_seconds / total_audio

    rows = [("Import faster-whisper (CTranslate2, PyAV, onnxruntime)", f"{import_seconds:.2f} s", "-", None),
            ("Load tiny.en (int8, 2 threads)", f"{load_seconds:.2f} s", "-", None),
            ("Load the Silero VAD model", f"{vad_seconds:.2f} s", "-", None)]
    rows += [(f"Real-time factor, {name} ({audio:.1f} s, {words} words): {seconds:.2f} s",
              f"{seconds / audio:.3f}", f"< {RTF_TARGET}", seconds / audio < RTF_TARGET)
             for name, audio, words, seconds in results]
    rows.append((f"Real-time factor, all ({total_audio:.0f} s of audio)", f"{overall:.3f}", f"< {RTF_TARGET}",
                 overall < RTF_TARGET))
    plain = statistics.mean(rate for _, rate, _ in rates)
    primed = statistics.mean(rate for _, _, rate in rates)
    rows += [(f"Word error rate, {len(rates)} jargon-heavy answers, primed with the question", f"{plain:.3f}", "-", None),
             ("... primed with the question and its marking scheme's vocabulary", f"{primed:.3f}",
              "below the question alone", primed < plain),
             ("... recordings where the vocabulary lowered / raised the word error rate",
              f"{sum(p < q for _, q, p in rates)} / {sum(p > q for _, q, p in rates)}", "-", None)]
    command = " ".join(["python", "benchmarks/speech_to_text.py", *(argv if argv is not None else sys.argv[1:])])
    body = "\n".join([
        "## Speech to text (`benchmarks/speech_to_text.py`)", "",
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine_summary()} (1/5/15-min load average before the run: {load_average})",
        f"- Disturbance: other processes used {others:.0f} CPU-seconds while it ran "
        f"(of {wall * cores:.0f} available; this process used {own:.0f})",
        f"- Command: `{command}` (bundled tiny.en, int8, 2 CPU threads, VAD, word timestamps, the question as "
        f"prompt; median of {args.repeats} runs after one warm-up; recordings from tests/fixtures/audio)",
        "", *results_table(rows)])
    publish_section(args.output, "speech_to_text", body, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
