"""One topic taxonomy and one difficulty scale across all source documents.

The sources label topics inconsistently (one document files speech recognition under
"Optimization", others use "Miscellaneous" or "General"), so a question's topic comes from what it
asks: the first rule whose pattern matches the question text wins. The source's own category is
the fallback when no rule matches.
"""

from __future__ import annotations

import re

# Ordered from the most specific subject to the most general; the first match wins.
TOPIC_RULES: tuple[tuple[str, str], ...] = (
    ("Generative Models", r"\bgan\b|generative|autoencoder|diffusion"),
    ("Computer Vision", r"yolo|object detection|object recognition|bounding box|anchor box|non-maximum"
                        r"|segmentation|optical flow|captioning|region proposal|u-net|mask r-cnn"
                        r"|spatial pyramid|image and video|feature-based and appearance|2d and 3d conv"
                        r"|spatial and temporal|image classification"),
    ("NLP & Speech", r"natural language|\bnlp\b|word embedding|embeddings|seq2seq|sequence-to-sequence"
                     r"|speech|prompt engineering|language model"),
    ("Interpretability & Ethics", r"interpretab|explainab|explain deep learning model predictions|ethic"
                                  r"|privacy|regulated"),
    ("Production & Systems", r"deploy|inference|production|edge device|compression|quantiz|gpu"
                             r"|distributed|parallelism|framework|pytorch|tensorflow|libraries"
                             r"|versioning|computational cost of a neural|memory footprint|debug|improving the efficiency"
                             r"|implement a deep learning model in practice"),
    ("Data & Evaluation", r"imbalance|missing|noisy|corrupted|evaluat|metric|confusion matrix"
                          r"|synthetic data|multi-modal|augmentation pipeline|feature scaling"
                          r"|data normalization"),
    ("Regularization & Generalization", r"overfit|underfit|dropout|regulari[sz]ation|data augmentation"
                                        r"|augmentation|early stopping|generali[sz]"),
    ("Learning Paradigms", r"transfer learning|fine-tun|self-supervised|unsupervised|supervised"
                           r"|reinforcement|meta-learning|few-shot|zero-shot|one-shot|contrastive"
                           r"|curriculum|self-paced|active learning|multi-task|distillation"
                           r"|teacher-student|adversarial training|pre-trained|lottery ticket"),
    ("Architectures", r"convolution|\bcnns?\b|pooling|resnet|skip connection|residual|transformer"
                      r"|attention|capsule|graph neural|gnn|siamese|recurrent|\brnns?\b|lstm|\bgru"
                      r"|time series|wavenet|positional encoding|architecture|layer normalization"
                      r"|group normalization|feedforward"),
    ("Optimization & Training", r"gradient|optimi[sz]|adam|momentum|\bsgd\b|learning rate|batch size"
                                r"|backprop|initiali[sz]ation|loss function|loss|hyperparameter"
                                r"|batch normalization|mixed precision|training|evolutionary"),
    ("Applications & Trends", r"healthcare|medical|autonomous|cybersecurity|predictive analytics"
                              r"|applications?|trends|advancements|project|landscape|challenges"),
    ("Fundamentals", r"deep learning|neural network|activation|machine learning|artificial intelligence"),
)
TOPICS: tuple[str, ...] = tuple(topic for topic, _ in TOPIC_RULES)
_COMPILED = tuple((topic, re.compile(pattern, re.IGNORECASE)) for topic, pattern in TOPIC_RULES)

# Source categories that say something on their own, used when no rule matches the question.
CATEGORY_FALLBACK = {
    "fundamentals": "Fundamentals",
    "architectures": "Architectures",
    "training techniques": "Optimization & Training",
    "optimization": "Optimization & Training",
    "applications & challenges": "Applications & Trends",
    "object detection": "Computer Vision",
    "image segmentation": "Computer Vision",
    "image classification": "Computer Vision",
    "gans": "Generative Models",
}

LEVELS = {
    "easy": "easy", "beginner": "easy", "basic": "easy", "entry": "easy",
    "medium": "medium", "intermediate": "medium", "moderate": "medium",
    "hard": "hard", "advanced": "hard", "difficult": "hard", "expert": "hard",
}
# Documents without difficulty labels get the middle of the scale.
DEFAULT_DIFFICULTY = "medium"


def topic_for(question: str, category: str | None = None) -> str:
    """The normalized topic of a question (see :data:`TOPIC_RULES`)."""
    for topic, pattern in _COMPILED:
        if pattern.search(question):
            return topic
    if category and category.strip().lower() in CATEGORY_FALLBACK:
        return CATEGORY_FALLBACK[category.strip().lower()]
    return "Fundamentals"


def difficulty_for(level: str | None) -> str | None:
    """``Intermediate`` -> ``medium``, ``DIFFICULT`` -> ``hard``; None when the label is absent or unknown."""
    if not level:
        return None
    return LEVELS.get(level.strip().lower())


def topic_matches(topic: str, wanted: str) -> bool:
    """Whether a user's ``--topic`` value names ``topic``: case-insensitive, by full name or slug prefix."""
    wanted = slugify(wanted)
    return bool(wanted) and slugify(topic).startswith(wanted)


def slugify(text: str) -> str:
    """``NLP & Speech`` -> ``nlp-speech``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
