"""Loading the embedding and Whisper models once, in a background thread, at a moment that slows nothing.

Importing and loading them takes seconds of CPU and holds Python's GIL for much of it, which
would slow the server's first responses (the page, the first question) if it ran at start. So the
page starts the loading right after the first question is shown (a candidate reads it before
answering), a ``/start_session`` call starts it, and otherwise it starts when the server has been
idle for :data:`IDLE_START_SECONDS`. Grading or transcribing before it is done simply waits: both
models load under their own locks, once per process.
"""

from __future__ import annotations

import threading
import time

IDLE_START_SECONDS = 10.0


class BackgroundModels:
    """Loads ``embedder`` and the shared Whisper model once, in a daemon thread; one line says when they are ready."""

    def __init__(self, embedder=None, speech: bool = True, scheme_encoder=None):
        """``scheme_encoder`` (the grader's, for bank questions with a marking scheme) is warmed up too."""
        if embedder is None:
            from interviewer.embeddings import shared_embedder

            embedder = shared_embedder()
        self.embedder = embedder
        self.scheme_encoder = scheme_encoder
        self.speech = speech
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Start loading now, unless it has started already (cheap: call it as often as you like)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._load, name="load-models", daemon=True)
                self._thread.start()

    def start_after(self, seconds: float) -> None:
        """Start loading in ``seconds`` unless something starts it earlier."""
        timer = threading.Timer(seconds, self.start)
        timer.daemon = True
        timer.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until loading has finished (starting it if needed); False on timeout."""
        self.start()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _load(self) -> None:
        started = time.perf_counter()
        try:
            self.embedder.load()
            self.embedder.encode(["warm up"])
            self.embedder.token_encoder().load()  # grading's int8 model (made on first use, then cached)
            if self.scheme_encoder is not None:
                self.scheme_encoder.token_encoder().load()  # the scheme encoder's (assembled, then exported)
            if self.speech:
                from interviewer.speech import warm_up

                warm_up()
        except Exception as error:  # the page still works; grading or transcribing will report the problem
            print(f"warning: loading the models failed ({error}); grading or speech will report it", flush=True)
            return
        print(f"Models ready (embedding{', speech' if self.speech else ''}) in "
              f"{time.perf_counter() - started:.1f} s.", flush=True)
