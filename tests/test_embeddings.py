"""The embedding model from site-packages: sentence vectors, token vectors and the fast bulk path."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer import quantized_encoder
from interviewer.embeddings import cpu_has_bfloat16, encode_tokens
from interviewer.quantized_encoder import QuantizedEncoder

TEXTS = ["Dropout randomly zeroes activations during training.",
         "Batch normalization normalizes activations over the mini-batch, which stabilizes training of deep networks."]


def test_vectors_are_unit_length_and_similar_texts_are_close(embedder):
    vectors = embedder.encode([*TEXTS, "Dropout switches off random neurons while the network trains."])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[2] > vectors[0] @ vectors[1]


def test_token_encodings_agree_with_sentence_vectors(embedder):
    encodings = encode_tokens(embedder, TEXTS)  # the int8 model
    for encoding, vector in zip(encodings, embedder.encode(TEXTS)):  # the float32 model
        assert float(encoding.vector @ vector) > 0.985
        assert encoding.tokens[0] == "[CLS]" and len(encoding.offsets) == len(encoding.tokens)
        assert encoding.layers[6].shape == (len(encoding.tokens), 384)
    first = encodings[1]
    span = first.span_vector(0, len("Batch normalization normalizes activations"))
    assert span is not None and abs(np.linalg.norm(span) - 1) < 1e-5
    assert first.span_vector(10_000, 10_010) is None


def test_a_text_encodes_the_same_alone_and_in_any_batch(embedder):
    others = [f"Answer {n}: " + "gradient descent updates the weights step by step " * (n % 7 + 1) for n in range(40)]
    alone = encode_tokens(embedder, [TEXTS[1]])[0]
    for batch in (others[:3] + [TEXTS[1]], [TEXTS[1]] + others, others[10:30] + [TEXTS[1]] + TEXTS):
        for parallel in (True, False):  # one text per core, or all in this thread
            within = encode_tokens(embedder, batch, parallel=parallel)[batch.index(TEXTS[1])]
            assert np.array_equal(alone.vector, within.vector)
            assert all(np.array_equal(alone.layers[k], within.layers[k]) for k in alone.layers)


def test_long_texts_are_encoded_whole_in_windows(embedder):
    filler = " ".join(f"Sentence {n} says that training a network takes data and time." for n in range(40))
    text = filler + " Finally, dropout switches off random neurons so they cannot co-adapt."
    short, long = encode_tokens(embedder, [TEXTS[0], text])
    assert len(long.tokens) > embedder.load().max_seq_length  # more than one window
    assert len(long.offsets) == len(long.tokens) == long.layers[6].shape[0]
    last_sentence = text.rindex("Finally")
    tail = long.span_vector(last_sentence, len(text))
    assert tail is not None  # the last sentence, past the first window, has token vectors
    assert float(tail @ short.vector) > float(long.span_vector(0, 60) @ short.vector)  # and they mean dropout
    assert long.offsets[-2][1] == len(text)  # offsets point into the whole text (the last is [SEP])


@pytest.mark.skipif(not cpu_has_bfloat16(), reason="this CPU has no native bfloat16, so the bulk path is float32")
def test_bulk_vectors_stay_close_to_float32(embedder):
    exact = embedder.encode(TEXTS)
    bulk = embedder.encode(TEXTS, bulk=True)
    assert np.min(np.sum(exact * bulk, axis=1)) > 0.99
    assert not np.array_equal(exact, bulk)


def test_max_tokens_truncates_and_restores_the_limit(embedder):
    long_text = " ".join(["gradient"] * 300) + " dropout"
    limit = embedder.load().max_seq_length
    truncated = embedder.encode([long_text], max_tokens=16)
    assert embedder.load().max_seq_length == limit
    assert float(truncated[0] @ embedder.encode([long_text])[0]) < 0.9999


def test_the_int8_model_is_made_once_and_then_read_from_the_cache(embedder, tmp_path, monkeypatch):
    ids = embedder.load().tokenizer(TEXTS[1])["input_ids"]
    first = QuantizedEncoder(embedder.model_path, cache_dir=tmp_path)
    states = first.hidden_states([ids], (4, 6))[0]
    assert first.model_file.parent == tmp_path and first.model_file.is_file()
    assert [p.name for p in tmp_path.iterdir()] == [first.model_file.name]  # no working files left behind
    assert states[6].shape == (len(ids), 384) and first.layer_count == 6

    def no_export(*args):
        raise AssertionError("exported again although the model was cached")

    monkeypatch.setattr(quantized_encoder, "export_quantized", no_export)
    again = QuantizedEncoder(embedder.model_path, cache_dir=tmp_path).hidden_states([ids], (4, 6))[0]
    assert all(np.array_equal(states[k], again[k]) for k in (4, 6))


def test_an_interrupted_export_leaves_nothing_to_be_mistaken_for_a_model(embedder, tmp_path, monkeypatch):
    import onnxruntime.quantization

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(onnxruntime.quantization, "quantize_dynamic", interrupted)
    encoder = QuantizedEncoder(embedder.model_path, cache_dir=tmp_path)
    with pytest.raises(KeyboardInterrupt):
        encoder.load()
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_cache_costs_a_warning_not_the_grade(embedder, tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    encoder = QuantizedEncoder(embedder.model_path, cache_dir=blocked / "models")
    ids = embedder.load().tokenizer(TEXTS[0])["input_ids"]
    assert encoder.hidden_states([ids], (6,))[0][6].shape == (len(ids), 384)
    assert "could not keep the int8 model" in caplog.text and str(blocked) in caplog.text
