"""The encoder that reads answers against marking schemes: all-MiniLM-L6-v2 with its layers 2-5 fine-tuned.

The fine-tuned layers ship in the package (``scheme_encoder_weights/layers.safetensors``, float16,
with a model card); the rest is the bundled all-MiniLM-L6-v2. ``evals/train_scheme_encoder.py`` made
them from the bank's marking schemes alone, on CPU with a fixed seed: every way candidates phrase a
key point (or a misconception) is pulled towards its text and pushed away from the opposite claim.

On first use the full model is put together in the cache (``$XDG_CACHE_HOME/interviewer/models``),
then exported to int8 ONNX like the grading encoder (:mod:`interviewer.quantized_encoder`). The word
pieces are the base model's: only the transformer's layers 2-5 differ.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from interviewer.embeddings import Embedder, shared_embedder
from interviewer.errors import InterviewerError

MODEL_DIR = Path(__file__).with_name("scheme_encoder_weights")
LAYERS_FILE = MODEL_DIR / "layers.safetensors"


def tuned_layers_fingerprint() -> str:
    """A short hash of the shipped layers (a new training run gives a new cached model)."""
    if not LAYERS_FILE.is_file():
        raise InterviewerError(f"{LAYERS_FILE}: the scheme encoder's layers are missing; run "
                               "evals/train_scheme_encoder.py")
    return hashlib.sha256(LAYERS_FILE.read_bytes()).hexdigest()[:16]


def assemble(base: Path, destination: Path) -> None:
    """Write the base model with the tuned layers in place of its own (config and weights, for the export)."""
    import torch
    from safetensors.torch import load_file, save_file

    weights = load_file(str(base / "model.safetensors"))
    tuned = load_file(str(LAYERS_FILE))
    unknown = sorted(set(tuned) - set(weights))
    if unknown:
        raise InterviewerError(f"{LAYERS_FILE}: tensors the base model does not have: {', '.join(unknown[:3])}")
    weights.update({name: tensor.to(torch.float32) for name, tensor in tuned.items()})
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent) as work:
        staged = Path(work) / destination.name
        staged.mkdir()
        shutil.copy2(base / "config.json", staged / "config.json")
        save_file(weights, str(staged / "model.safetensors"))
        try:
            os.replace(staged, destination)
        except OSError:
            if not (destination / "model.safetensors").is_file():  # not made meanwhile by another process
                raise


class SchemeEncoder:
    """What :func:`~interviewer.embeddings.encode_tokens` needs: the base model's tokenizer, the tuned int8 model."""

    def __init__(self, base: Embedder | None = None, cache_dir: Path | None = None):
        from interviewer.quantized_encoder import default_cache_dir

        self.base = base or shared_embedder()
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self._token_encoder = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return f"scheme-minilm-{tuned_layers_fingerprint()}"

    def load(self):
        """The base sentence-transformers model: its tokenizer and length limit are the tuned model's too."""
        return self.base.load()

    def model_path(self) -> Path:
        """The assembled model's folder in the cache, made on first call."""
        path = self.cache_dir / self.name
        if not (path / "model.safetensors").is_file():
            try:
                assemble(self.base.model_path, path)
            except OSError:  # a read-only or full cache: assemble in a temporary folder for this run
                path = Path(tempfile.mkdtemp(prefix="interviewer-scheme-model-")) / self.name
                assemble(self.base.model_path, path)
        return path

    def token_encoder(self):
        """The int8 ONNX Runtime copy of the tuned model; made once, then cached like the grading encoder's."""
        from interviewer.quantized_encoder import QuantizedEncoder

        with self._lock:
            if self._token_encoder is None:
                self._token_encoder = QuantizedEncoder(self.model_path(), cache_dir=self.cache_dir)
        return self._token_encoder
