"""A real embedder that records what it encodes, for tests that count re-embedding."""

from __future__ import annotations

from interviewer.embeddings import Embedder


class RecordingEmbedder(Embedder):
    """The real embedder, sharing an already loaded model, that records every text it encodes."""

    def __init__(self, loaded: Embedder):
        super().__init__(loaded.model_path)
        self._loaded = loaded
        self.encoded: list[str] = []

    def load(self):
        return self._loaded.load()

    def encode(self, texts, *args, **kwargs):
        self.encoded.extend(texts)
        return super().encode(texts, *args, **kwargs)
