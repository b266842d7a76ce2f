"""Grading's encoder: the embedding model exported to ONNX, its weights quantized to int8, run by ONNX Runtime.

Grading needs the token vectors of every answer, so the transformer's forward pass is most of its
time. In int8 (VNNI where the CPU has it) that pass is about 1.6 times faster than bfloat16 torch on
2 cores (``benchmarks/grading_speed.py``). The quantized model is made from the local model the first
time it is needed, in about 3 seconds, and kept in the cache directory; nothing is downloaded.

Each text is run alone (batch of one, no padding), one text per core at a time. Dynamic int8
quantization scales activations by the whole input tensor, so batching texts together would make a
text's vectors depend on its neighbours; alone, a grade depends on the answer only.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# Bump when the export below changes, so cached models made by older code are not reused.
EXPORT_VERSION = 1


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/interviewer/models`` (default ``~/.cache/interviewer/models``): shared by every INTERVIEWER_HOME."""
    from interviewer.config import Settings

    return Settings.from_environment().model_cache_dir


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class QuantizedEncoder:
    """Hidden states of texts (as word-piece ids) from the int8 model; thread-safe."""

    def __init__(self, model_path: Path, cache_dir: Path | None = None, workers: int | None = None):
        self.model_path = Path(model_path)
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.workers = workers or available_cores()
        self._session = None
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    @property
    def model_file(self) -> Path:
        """Where the quantized model is kept; the name changes with the source weights and the export code."""
        weights = sorted(p for p in self.model_path.glob("*") if p.suffix in {".safetensors", ".bin"})
        fingerprint = hashlib.sha256(str(EXPORT_VERSION).encode())
        for path in [self.model_path.resolve(), *weights]:
            fingerprint.update(str(path).encode())
            if path.is_file():
                stat = path.stat()
                fingerprint.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
        return self.cache_dir / f"{self.model_path.name}-int8-{fingerprint.hexdigest()[:16]}.onnx"

    def load(self):
        """The ONNX Runtime session, exporting and quantizing the model first if it is not cached."""
        with self._lock:
            if self._session is None:
                import onnxruntime

                model_file = self.model_file
                if not model_file.is_file():
                    try:
                        export_quantized(self.model_path, model_file)
                    except OSError as error:  # a read-only or full cache: grading still works
                        model_file = Path(tempfile.mkdtemp(prefix="interviewer-model-")) / model_file.name
                        log.warning("could not keep the int8 model in %s (%s); made one in %s for this run",
                                    self.cache_dir, error, model_file.parent)
                        export_quantized(self.model_path, model_file)
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = 1  # parallel across texts instead (see the module's docstring)
                options.inter_op_num_threads = 1
                options.log_severity_level = 3
                self._session = onnxruntime.InferenceSession(str(model_file), options,
                                                             providers=["CPUExecutionProvider"])
                if model_file != self.model_file:  # the session holds the model; the copy can go
                    shutil.rmtree(model_file.parent, ignore_errors=True)
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="encoder")
        return self._session

    def hidden_states(self, windows: list[list[int]], layers: tuple[int, ...],
                      parallel: bool = True) -> list[dict[int, np.ndarray]]:
        """For each window of word-piece ids, the float32 hidden states of ``layers`` (0 = embeddings), one row per id.

        ``parallel`` runs one window per core at a time; without it, one at a time in this thread.
        """
        session = self.load()
        names = [f"hidden_{layer}" for layer in layers]

        def run(ids: list[int]) -> dict[int, np.ndarray]:
            outputs = session.run(names, {"input_ids": np.asarray([ids], dtype=np.int64)})
            return {layer: output[0] for layer, output in zip(layers, outputs)}

        if len(windows) == 1 or not parallel:
            return [run(ids) for ids in windows]
        return list(self._pool.map(run, windows))

    @property
    def layer_count(self) -> int:
        """Hidden layers of the model (the last hidden state is ``hidden_{layer_count}``)."""
        session = self.load()
        return len(session.get_outputs()) - 1


def export_quantized(model_path: Path, destination: Path) -> None:
    """Export the transformer of ``model_path`` to ONNX with every hidden state as an output, and quantize it to int8.

    Written under a temporary name and renamed, so a concurrent or interrupted export never leaves a
    half-written model where :class:`QuantizedEncoder` looks for it.
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    destination.parent.mkdir(parents=True, exist_ok=True)
    model = AutoModel.from_pretrained(str(model_path), local_files_only=True).eval()

    class AllHiddenStates(torch.nn.Module):
        def __init__(self, transformer):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids):
            return self.transformer(input_ids=input_ids, output_hidden_states=True).hidden_states

    names = [f"hidden_{layer}" for layer in range(model.config.num_hidden_layers + 1)]
    with tempfile.TemporaryDirectory(dir=destination.parent) as work:
        exported = Path(work) / "model.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's warnings about Python control flow it records
            torch.onnx.export(AllHiddenStates(model), (torch.ones(1, 16, dtype=torch.long),), str(exported),
                              input_names=["input_ids"], output_names=names,
                              dynamic_axes={name: {1: "tokens"} for name in ["input_ids", *names]},
                              opset_version=17, dynamo=False)
        quantized = Path(work) / "model-int8.onnx"
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # quantize_dynamic logs advice about pre-processing on the root logger
        try:
            # One scale per output channel: sentence vectors stay within 0.99 cosine of float32 (one
            # scale per matrix gave 0.92 to 0.95), at the same speed.
            quantize_dynamic(str(exported), str(quantized), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            root.setLevel(level)
        os.replace(quantized, destination)
