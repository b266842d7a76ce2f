"""Spoken answers: offline transcription with word timestamps, and delivery metrics (pace, fillers, pauses).

```python
from interviewer.speech import delivery_metrics, shared_transcriber

transcript = shared_transcriber().transcribe("answer.wav", question="What is dropout?")
transcript.answer_text                   # what the content grader should read
delivery_metrics(transcript).to_dict()   # words per minute, fillers, long pauses
```

Bad recordings raise :class:`interviewer.errors.AudioError`. Nothing here imports gradio.
"""

from interviewer.errors import AudioError
from interviewer.speech.audio import DEFAULT_MAX_AUDIO_SECONDS, SAMPLE_RATE, load_audio
from interviewer.speech.delivery import (DEFAULT_PAUSE_THRESHOLD_SECONDS, DeliveryMetrics, Pause,
                                         delivery_metrics, find_long_pauses)
from interviewer.speech.fillers import FILLERS, count_fillers
from interviewer.speech.transcriber import (FILLER_PROMPT, MODEL_ENVIRONMENT_VARIABLE, Transcriber,
                                            default_model_path, shared_transcriber, warm_up)
from interviewer.speech.transcript import Transcript, Word

__all__ = [
    "AudioError", "DEFAULT_MAX_AUDIO_SECONDS", "DEFAULT_PAUSE_THRESHOLD_SECONDS", "DeliveryMetrics", "FILLERS",
    "FILLER_PROMPT", "MODEL_ENVIRONMENT_VARIABLE", "Pause", "SAMPLE_RATE", "Transcriber", "Transcript", "Word",
    "count_fillers", "default_model_path", "delivery_metrics", "find_long_pauses", "load_audio",
    "shared_transcriber", "warm_up",
]
