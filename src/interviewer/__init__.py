"""interviewer: an LLM-graded mock interview assistant for deep-learning job interviews."""

from interviewer.config import apply_offline_defaults

apply_offline_defaults()

__version__ = "0.1.0"
