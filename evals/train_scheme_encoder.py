"""Fine-tune the upper layers of all-MiniLM-L6-v2 on the marking schemes; write the scheme encoder's layers.

    .venv/bin/python evals/train_scheme_encoder.py [--epochs 3] [--seed 0]

Runs on the CPU (about 40 minutes on 2 cores) with a fixed seed. The training data is the bank's own
marking schemes (corpus/bank.jsonl), nothing else: no dev-set answer, no short-answer data.

- Every key-point phrasing ("how candidates say it") is pulled towards its point's text and pushed
  away from the other texts of the batch and from a misconception that contradicts the point (or, for
  a point without one, another point of its question).
- Every misconception phrasing is pulled towards its misconception and pushed away from the point it
  contradicts.
- A quarter of the phrasings are rewritten as a speech transcript (lower case, no punctuation,
  fillers) and a tenth lose their articles, the way spoken and non-native answers read.

Loss: in-batch contrastive (multiple negatives ranking, scale 20) with the hard negative, batch 32,
AdamW at 3e-5, transformer layers 2-5 trained, the embeddings and layers 0-1 frozen. The changed
tensors are written in float16 to src/interviewer/grading/scheme_encoder_weights/layers.safetensors, with the
facts of the run in training.json beside them (see MODEL_CARD.md there).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY / "src"))

LAYERS = (2, 3, 4, 5)
BATCH = 32
LEARNING_RATE = 3e-5
SCALE = 20.0
MAX_TOKENS = 64
FILLERS = ("um", "uh", "like", "you know", "so", "basically")


def spoken(text: str, rng: random.Random) -> str:
    """A speech-to-text rendering: lower case, no punctuation, a filler now and then."""
    words = []
    for word in re.sub(r"[^\w\s'-]", " ", text.lower()).split():
        words.append(word)
        if rng.random() < 0.1:
            words.append(rng.choice(FILLERS))
    return " ".join(words)


def noisy(text: str, rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.25:
        return spoken(text, rng)
    if draw < 0.35:
        return re.sub(r"\b(the|a|an) ", "", text)
    return text


def triplets(questions, rng: random.Random) -> list[tuple[str, str, str]]:
    """(anchor, positive, hard negative) from every point's and misconception's phrasings."""
    examples = []
    for question in questions:
        points, misconceptions = question.key_points, question.misconceptions
        for number, point in enumerate(points, start=1):
            opposite = [m for m in misconceptions if m.key_point == number]
            hard = [m.text for m in opposite] + [p for m in opposite for p in m.phrasings]
            others = [p.text for p in points if p is not point]
            for phrasing in point.phrasings:
                examples.append((noisy(phrasing, rng), point.text, rng.choice(hard or others)))
        for misconception in misconceptions:
            point = points[misconception.key_point - 1]
            for phrasing in misconception.phrasings:
                examples.append((noisy(phrasing, rng), misconception.text, rng.choice([point.text, *point.phrasings])))
    return examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bank", type=Path, default=REPOSITORY / "corpus" / "bank.jsonl")
    options = parser.parse_args()

    from interviewer.config import apply_offline_defaults

    apply_offline_defaults()
    import torch
    import torch.nn.functional as F
    from safetensors.torch import load_file, save_file
    from sentence_transformers import SentenceTransformer

    from interviewer.bank import load_bank
    from interviewer.embeddings import default_model_path
    from interviewer.grading.scheme_model import LAYERS_FILE

    torch.manual_seed(options.seed)
    torch.set_num_threads(2)
    rng = random.Random(options.seed)
    bank = load_bank(options.bank)
    examples = triplets(bank.questions, rng)
    base_path = default_model_path()
    model = SentenceTransformer(str(base_path), device="cpu")
    model.max_seq_length = MAX_TOKENS
    trained = [f"encoder.layer.{layer}." for layer in LAYERS]
    for name, parameter in model.named_parameters():
        parameter.requires_grad = any(part in name for part in trained)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=LEARNING_RATE)

    def embed(texts: list[str]):
        return F.normalize(model(model.tokenize(texts))["sentence_embedding"], dim=-1)

    started = time.time()
    model.train()
    losses = []
    for epoch in range(options.epochs):
        rng.shuffle(examples)
        for start in range(0, len(examples), BATCH):
            batch = examples[start:start + BATCH]
            anchors = embed([a for a, _, _ in batch])
            candidates = embed([p for _, p, _ in batch] + [n for _, _, n in batch])
            loss = F.cross_entropy(anchors @ candidates.T * SCALE, torch.arange(len(batch)))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        print(f"epoch {epoch + 1}: mean loss {sum(losses[-100:]) / len(losses[-100:]):.3f} "
              f"({time.time() - started:.0f} s)", flush=True)

    base = load_file(str(base_path / "model.safetensors"))
    # The transformer's tensors are "0.model.<name>" ("0.auto_model.<name>" before sentence-transformers 6).
    state = {re.sub(r"^0\.(auto_)?model\.", "", name): tensor for name, tensor in model.state_dict().items()}
    changed = {name: tensor.detach().to(torch.float16).contiguous() for name, tensor in state.items()
               if name in base and not torch.equal(tensor.detach(), base[name])}
    if not any(name.startswith(tuple(trained)) for name in changed):
        sys.exit("error: none of the trained layers' tensors matched the base model's names; nothing written")
    LAYERS_FILE.parent.mkdir(parents=True, exist_ok=True)
    save_file(changed, str(LAYERS_FILE))
    facts = {"trained": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
             "command": "python evals/train_scheme_encoder.py" + (f" --epochs {options.epochs}" if options.epochs != 3
                                                                  else ""),
             "seed": options.seed, "epochs": options.epochs, "layers": list(LAYERS), "batch": BATCH,
             "learning_rate": LEARNING_RATE, "examples": len(examples), "questions": len(bank),
             "tensors": len(changed), "parameters": sum(t.numel() for t in changed.values()),
             "seconds": round(time.time() - started), "final_loss": round(sum(losses[-100:]) / len(losses[-100:]), 4)}
    (LAYERS_FILE.parent / "training.json").write_text(json.dumps(facts, indent=1) + "\n", encoding="utf-8")
    print(f"Wrote {LAYERS_FILE.relative_to(REPOSITORY)} ({LAYERS_FILE.stat().st_size / 1e6:.1f} MB): {facts}")


if __name__ == "__main__":
    main()
