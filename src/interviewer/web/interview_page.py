"""The "Interview" tab: set up a session, answer by typing or speaking, and get a grade card after each answer.

Each browser tab keeps its own session id in ``gr.State`` (held on the server, per tab); the
interview itself lives in the shared :class:`~interviewer.web.interviews.InterviewService`. What
the tab shows after every action is computed without gradio by its view-model
(:mod:`interviewer.web.interview_model`); this module lays out the components and copies each view
onto them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from interviewer.interview.plan import (DEFAULT_FOLLOW_UPS, DEFAULT_QUESTIONS, DIFFICULTY_CHOICES,
                                        MAX_FOLLOW_UPS)
from interviewer.web.grade_card import grade_cards_html
from interviewer.web.interview_model import InterviewPageModel, TabView, remember
from interviewer.web.interview_view import NO_SESSION
from interviewer.web.interviews import InterviewService

if TYPE_CHECKING:
    import gradio as gr

__all__ = ["InterviewTab", "remember", "render_interview_tab"]

MAX_PAGE_QUESTIONS = 20
# Reads the question aloud with the browser's speech synthesis (no server work, nothing downloaded).
READ_ALOUD_JS = """(text) => {
  if (!text || !("speechSynthesis" in window)) { return []; }
  window.speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = "en-US";
  window.speechSynthesis.speak(utterance);
  return [];
}"""


@dataclass
class InterviewTab:
    """The Interview tab's components, one per part of a :class:`TabView` (same names), and its view-model."""

    model: InterviewPageModel
    status: gr.Markdown
    session_id: gr.State
    shown_turn: gr.State
    spoken: gr.State
    chat: gr.Chatbot
    question: gr.Markdown
    question_text: gr.Textbox
    answer: gr.Textbox
    audio: gr.Audio
    transcript_note: gr.Markdown
    cards: gr.HTML
    summary: gr.Markdown
    known_sessions: gr.BrowserState
    resume_offer: gr.Row
    resume_id: gr.State
    resume_note: gr.Markdown

    @property
    def outputs(self) -> list:
        """Every component a view may set."""
        return [getattr(self, f.name) for f in fields(self) if f.name != "model"]

    def updates(self, view: TabView) -> dict:
        """The gradio updates that show ``view`` (parts it keeps are left out)."""
        import gradio as gr

        changed = view.changed()
        if "resume_offer" in changed:
            changed["resume_offer"] = gr.Row(visible=changed["resume_offer"])
        return {getattr(self, name): value for name, value in changed.items()}

    def resume(self, session_id, known) -> tuple[TabView, dict]:
        """Resume ``session_id`` here (for the History tab): the view, and its updates."""
        view = self.model.resume(session_id, known)
        return view, self.updates(view)


def render_interview_tab(service: InterviewService, known_sessions) -> InterviewTab:
    """Lay out the Interview tab and wire its events; call inside ``gr.Blocks`` (within a ``gr.Tab``).

    ``known_sessions`` is the page's ``gr.BrowserState`` of session ids started in this browser.
    """
    import gradio as gr

    with gr.Accordion("New interview", open=True, elem_id="interview-setup"):
        with gr.Row(equal_height=True):
            topics = gr.Dropdown(service.bank.topics, value=[], multiselect=True, scale=3, elem_id="setup-topics",
                                 label="Topics (none chosen: every topic)")
            difficulty = gr.Radio(list(DIFFICULTY_CHOICES), value="adaptive", label="Difficulty", scale=2,
                                  elem_id="setup-difficulty", info="adaptive: just above your level in each topic")
        with gr.Row(equal_height=True):
            questions = gr.Slider(1, MAX_PAGE_QUESTIONS, value=DEFAULT_QUESTIONS, step=1, label="Questions",
                                  elem_id="setup-questions")
            follow_ups = gr.Slider(0, MAX_FOLLOW_UPS, value=DEFAULT_FOLLOW_UPS, step=1, elem_id="setup-follow-ups",
                                   label="Follow-ups per question (at most)")
            start = gr.Button("Start interview", variant="primary", elem_id="start-button")
    status = gr.Markdown(NO_SESSION, elem_id="interview-status")
    with gr.Row(visible=False, elem_id="resume-offer") as resume_offer:
        resume_note = gr.Markdown(elem_id="resume-note")
        resume_button = gr.Button("Resume it", scale=0, min_width=120, elem_id="resume-offer-button")
    with gr.Row():
        with gr.Column(scale=3):
            chat = gr.Chatbot(label="Interview", elem_id="interview-chat", height=420, feedback_options=None,
                              buttons=["copy_all"])
            question = gr.Markdown(elem_id="current-question")
            question_text = gr.Textbox(visible=False)
            answer = gr.Textbox(label="Your answer (type it, or record it below and press Transcribe)", lines=6,
                                max_lines=20, elem_id="answer-box")
            with gr.Row():
                submit = gr.Button("Submit answer", variant="primary", elem_id="submit-button")
                skip = gr.Button("Skip", elem_id="skip-button")
                hint = gr.Button("Hint", elem_id="hint-button")
                repeat = gr.Button("Repeat", elem_id="repeat-button")
                read_aloud = gr.Button("Read aloud", elem_id="read-aloud-button")
                end = gr.Button("End interview", variant="stop", elem_id="end-button")
            with gr.Row(equal_height=True):
                audio = gr.Audio(sources=["microphone", "upload"], type="filepath", elem_id="answer-audio",
                                 label="Spoken answer (microphone or audio file)", scale=3)
                with gr.Column(scale=2):
                    transcribe = gr.Button("Transcribe", elem_id="transcribe-button")
                    note = gr.Markdown(elem_id="transcript-note")
        with gr.Column(scale=2):
            cards = gr.HTML(grade_cards_html([]), elem_id="grade-cards")
    summary = gr.Markdown(elem_id="session-summary")
    tab = InterviewTab(InterviewPageModel(service), status, gr.State(None), gr.State(None), gr.State(None), chat,
                       question, question_text, answer, audio, note, cards, summary, known_sessions, resume_offer,
                       gr.State(None), resume_note)
    model, outputs, private = tab.model, tab.outputs, {"api_visibility": "private"}

    def wire(button, action, inputs, then=None, **options) -> None:
        """``button`` runs ``action`` on the values of ``inputs`` and shows the view it returns."""
        event = button.click(lambda *values: tab.updates(action(*values)), inputs, outputs, **options, **private)
        if then is not None:
            event.then(then, **private)

    # The models load once the first question is on screen (the candidate reads it before answering).
    wire(start, model.start, [topics, difficulty, questions, follow_ups, known_sessions], then=service.models.start)
    wire(submit, model.answer, [tab.session_id, tab.shown_turn, tab.spoken, answer])
    wire(skip, model.skip, [tab.session_id, tab.shown_turn])
    wire(hint, model.hint, [tab.session_id, tab.shown_turn])
    wire(repeat, model.repeat, [tab.session_id])
    wire(end, model.end, [tab.session_id])
    wire(transcribe, model.transcribe, [tab.session_id, audio])
    wire(resume_button, model.resume, [tab.resume_id, known_sessions], then=service.models.start)
    read_aloud.click(None, [question_text], [], js=READ_ALOUD_JS, **private)
    return tab
