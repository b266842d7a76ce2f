"""Named API endpoints for scripting mock interviews with ``gradio_client``.

``/start_session``, ``/answer`` (text or an audio file), ``/skip``, ``/hint``, ``/resume_session`` and
``/end_session``. Each takes the session id that ``/start_session`` returns and uses the same live
interviews as the page (:class:`~interviewer.web.interviews.InterviewService`). Their inputs are
hidden components, so gradio uploads and checks audio files as it does for the page. A problem
(an unknown topic or session, an unusable recording) raises ``gr.Error`` with a one-line message,
which ``gradio_client`` raises as ``AppError``; an empty answer is not an error: it comes back
ungraded with a message, and the same question.
"""

from __future__ import annotations

import functools

from interviewer.errors import AudioError, InterviewerError
from interviewer.interview.plan import DEFAULT_FOLLOW_UPS, DEFAULT_QUESTIONS, DIFFICULTY_CHOICES
from interviewer.web.interview_view import outcome_dict, turn_dict
from interviewer.web.interviews import InterviewService, audio_error_message


def user_errors(function):
    """``function`` with its :class:`InterviewerError` (and :class:`AudioError`) raised as ``gr.Error``: one line
    for the caller (``gradio_client`` raises it as ``AppError``), no traceback in the server's log."""
    @functools.wraps(function)  # gradio reads the parameter names and defaults through the wrapper
    def wrapped(*args, **kwargs):
        import gradio as gr

        try:
            return function(*args, **kwargs)
        except AudioError as error:
            raise gr.Error(audio_error_message(error), print_exception=False) from None
        except InterviewerError as error:
            raise gr.Error(str(error), print_exception=False) from None
    return wrapped


def render_api(service: InterviewService) -> None:
    """Add the named endpoints to the page being built (call inside ``gr.Blocks``); nothing is shown."""
    import gradio as gr

    def start_session(topics: list[str] | None = None, difficulty: str = "adaptive",
                      questions: float = DEFAULT_QUESTIONS, follow_ups: float = DEFAULT_FOLLOW_UPS,
                      seed: float | None = None):
        """Start an interview: (session id, first question as a dict)."""
        interview = service.start(topics or (), difficulty or "adaptive", questions, follow_ups,
                                  None if seed is None else int(seed))
        service.models.start()  # an answer will need them
        return interview.session_id, turn_dict(interview.current)

    def resume_session(session_id: str):
        """The pending question of an unfinished session (asked again)."""
        return turn_dict(service.get(session_id).current)

    def answer(session_id: str, text: str | None = None, audio: str | None = None):
        """Grade an answer, typed (``text``) or spoken (``audio``, a file): (outcome dict, next question or None)."""
        interview = service.get(session_id)
        current = interview.current
        transcript = delivery = None
        if audio:
            if text and text.strip():
                raise InterviewerError("Give the answer as text or as audio, not both.")
            transcript, delivery = service.transcribe(audio, current)
            text = transcript.answer_text
        outcome = service.answer(interview, text or "", delivery)
        return outcome_dict(interview.session_id, outcome, transcript, delivery), turn_dict(outcome.next)

    def skip(session_id: str):
        """Skip the current question: (outcome dict, next question or None)."""
        interview = service.get(session_id)
        outcome = service.skip(interview)
        return outcome_dict(interview.session_id, outcome), turn_dict(outcome.next)

    def hint(session_id: str):
        """A hint for the current question (each hint caps the answer's score)."""
        return service.get(session_id).hint()

    def end_session(session_id: str):
        """End the interview now and return its summary (a dict)."""
        return service.end(session_id).to_dict()

    with gr.Column(visible=False):
        session_id = gr.Textbox(label="session_id")
        topics = gr.Dropdown(service.bank.topics, value=[], multiselect=True, allow_custom_value=True,
                             label="topics")
        difficulty = gr.Dropdown(list(DIFFICULTY_CHOICES), value="adaptive", allow_custom_value=True,
                                 label="difficulty")
        questions = gr.Number(DEFAULT_QUESTIONS, precision=0, label="questions")
        follow_ups = gr.Number(DEFAULT_FOLLOW_UPS, precision=0, label="follow_ups")
        seed = gr.Number(None, precision=0, label="seed")
        text = gr.Textbox(label="text")
        audio = gr.Audio(type="filepath", sources=["upload"], label="audio")
        question, outcome = gr.JSON(label="question"), gr.JSON(label="outcome")
        summary, hint_text = gr.JSON(label="summary"), gr.Textbox(label="hint")
        endpoints = [
            (start_session, [topics, difficulty, questions, follow_ups, seed], [session_id, question],
             "start_session"),
            (resume_session, [session_id], [question], "resume_session"),
            (answer, [session_id, text, audio], [outcome, question], "answer"),
            (skip, [session_id], [outcome, question], "skip"),
            (hint, [session_id], [hint_text], "hint"),
            (end_session, [session_id], [summary], "end_session"),
        ]
        for function, inputs, outputs, name in endpoints:
            trigger = gr.Button(visible=False)
            trigger.click(user_errors(function), inputs, outputs, api_name=name, api_description=function.__doc__)
