"""The "Interview" tab: set up a session, answer by typing or speaking, and get a grade card after each answer.

Each browser tab keeps its own session id in ``gr.State`` (held on the server, per tab); the
interview itself lives in the shared :class:`~interviewer.web.interviews.InterviewService`. What
the tab shows is recomputed from the interview's stored turns after every action
(:mod:`interviewer.web.interview_view`), so a failed action changes nothing and loses nothing:
the typed answer stays in the box and the message says what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from interviewer.errors import AudioError, InterviewerError
from interviewer.interview.plan import (DEFAULT_FOLLOW_UPS, DEFAULT_QUESTIONS, DIFFICULTY_CHOICES,
                                        MAX_FOLLOW_UPS)
from interviewer.web.grade_card import grade_cards_html
from interviewer.web.interview_view import (NO_SESSION, chat_messages, outcome_message, question_markdown,
                                            transcript_note)
from interviewer.web.interviews import InterviewService, audio_error_message

MAX_PAGE_QUESTIONS = 20
MAX_KNOWN_SESSIONS = 200
# Reads the question aloud with the browser's speech synthesis (no server work, nothing downloaded).
READ_ALOUD_JS = """(text) => {
  if (!text || !("speechSynthesis" in window)) { return []; }
  window.speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = "en-US";
  window.speechSynthesis.speak(utterance);
  return [];
}"""


def remember(known: list | None, session_id: str) -> list[str]:
    """This browser's session ids with ``session_id`` last (the History tab lists them)."""
    ids = [s for s in (known or []) if isinstance(s, str) and s != session_id]
    return (ids + [session_id])[-MAX_KNOWN_SESSIONS:]


@dataclass
class InterviewTab:
    """The components of the Interview tab that other tabs (History) update."""

    session: object
    shown_turn: object
    spoken: object
    chat: object
    question: object
    question_text: object
    answer: object
    audio: object
    transcript_note: object
    status: object
    cards: object
    summary: object
    # Set once the events are wired: resume(session_id, known) -> updates of resume_outputs, and the
    # page-load offer to resume this browser's latest unfinished session.
    resume: Callable | None = None
    resume_outputs: list = field(default_factory=list)
    offer_resume: Callable | None = None
    offer_outputs: list = field(default_factory=list)

    @property
    def view_outputs(self) -> list:
        """Every component :meth:`show` sets."""
        return [self.session, self.shown_turn, self.spoken, self.chat, self.question, self.question_text,
                self.answer, self.audio, self.transcript_note, self.status, self.cards, self.summary]

    def show(self, service: InterviewService, interview, message: str, keep_answer: bool = False) -> dict:
        """Updates that show ``interview`` as stored now, with ``message`` as the status.

        ``keep_answer`` leaves the answer box, the recording and its transcript as they are (after a
        hint, or when nothing was answered); otherwise they are cleared for the next turn.
        """
        current = interview.current
        turns = interview.turns
        values = {
            self.session: interview.session_id, self.shown_turn: current.id if current else None,
            self.chat: chat_messages(turns), self.question: question_markdown(current),
            self.question_text: current.text if current else "", self.status: message,
            self.cards: grade_cards_html(turns, service.references(interview), service.criterion_titles),
            self.summary: interview.summary().to_markdown() if interview.finished else "",
        }
        if not keep_answer:
            values.update({self.answer: "", self.spoken: None, self.audio: None, self.transcript_note: ""})
        return values


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
    resume_id = gr.State(None)
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
    session, shown_turn, spoken = gr.State(None), gr.State(None), gr.State(None)
    tab = InterviewTab(session, shown_turn, spoken, chat, question, question_text, answer, audio, note, status,
                       cards, summary)

    def failed(error: InterviewerError) -> dict:
        return {status: f"**{error}**"}

    def opened(interview, known, message: str) -> dict:
        """Show a started or resumed session, and remember it in this browser's history."""
        return {**tab.show(service, interview, f"Session `{interview.session_id}` {message}"),
                known_sessions: remember(known, interview.session_id), resume_offer: gr.Row(visible=False)}

    def begin(chosen_topics, chosen_difficulty, count, most_follow_ups, known):
        try:
            interview = service.start(chosen_topics or (), chosen_difficulty, int(count), int(most_follow_ups))
        except InterviewerError as error:
            return failed(error)
        return opened(interview, known, "started: answer below, or press Skip, Hint or Repeat.")

    def live(session_id):
        """The tab's interview, or None when it has none."""
        return service.get(session_id) if session_id else None

    def at_shown_turn(session_id, shown, action) -> dict:
        """``action(interview)`` on the tab's interview, if it still waits on the turn this tab shows.

        Otherwise (no session, or the session moved on in another tab) nothing is done and the page
        says so; a problem becomes the status line. The answer box is never cleared on the way.
        """
        try:
            interview = live(session_id)
            if interview is None:
                return {status: NO_SESSION}
            current = interview.current
            if current is None or current.id != shown:
                return tab.show(service, interview, "This session has moved on since this page showed it "
                                                    "(another tab?). Here is where it stands; your text is still "
                                                    "in the box.", keep_answer=True)
            return action(interview)
        except InterviewerError as error:
            return failed(error)

    def answer_turn(session_id, shown, spoken_answer, text):
        def grade(interview):
            same_turn = spoken_answer and spoken_answer.get("turn_id") == shown
            outcome = service.answer(interview, text, spoken_answer["delivery"] if same_turn else None)
            if outcome.result is None and not outcome.finished:  # an empty answer: nothing happened
                return {status: f"**{outcome.message}**"}
            return tab.show(service, interview, outcome_message(outcome))
        return at_shown_turn(session_id, shown, grade)

    def skip_turn(session_id, shown):
        return at_shown_turn(session_id, shown,
                             lambda interview: tab.show(service, interview, outcome_message(service.skip(interview))))

    def give_hint(session_id, shown):
        return at_shown_turn(session_id, shown, lambda interview: tab.show(
            service, interview, f"*Hint:* {interview.hint()}", keep_answer=True))

    def repeat_turn(session_id):
        try:
            interview = live(session_id)
            turn = interview.repeat() if interview is not None else None
        except InterviewerError as error:
            return failed(error)
        if turn is None:
            return {status: NO_SESSION if interview is None else "The interview is over: nothing to repeat."}
        return {status: f"The interviewer repeats: “{turn.text}”", question: question_markdown(turn)}

    def finish(session_id):
        try:
            if not session_id:
                return {status: NO_SESSION}
            service.end(session_id)
            interview_summary = service.summary(session_id)
        except InterviewerError as error:
            return failed(error)
        return {status: "The interview is over: the summary is below.", summary: interview_summary.to_markdown(),
                question: question_markdown(None), question_text: "", shown_turn: None}

    def transcribe_audio(session_id, shown, path):
        if not path:
            return {status: "Record an answer with the microphone or upload an audio file first, then press "
                            "**Transcribe**."}
        try:
            interview = live(session_id)
            current = interview.current if interview is not None else None
            transcript, delivery = service.transcribe(path, current.text if current else None)
        except AudioError as error:
            return {status: f"**{audio_error_message(error)}**", note: ""}
        except InterviewerError as error:
            return failed(error)
        return {answer: transcript.answer_text, note: transcript_note(transcript, delivery),
                spoken: {"turn_id": current.id if current else None, "delivery": delivery},
                status: "Transcribed: check the answer box, edit it if needed, then press **Submit answer**."}

    def resume(session_id, known):
        try:
            interview = service.get(session_id)
        except InterviewerError as error:
            return failed(error)
        return opened(interview, known, "resumed: the pending question is asked again.")

    def offer_resume(known):
        """On page load: offer the most recent unfinished session of this browser, if any."""
        mine = set(known or [])
        for overview in reversed(service.store.overviews()):
            if overview.id in mine and overview.status != "finished":
                started = overview.created_at[:16].replace("T", " ")
                return {resume_offer: gr.Row(visible=True), resume_id: overview.id,
                        resume_note: f"Your session `{overview.id}` (started {started} UTC, "
                                     f"{overview.questions_asked} of {overview.questions_planned} questions done) "
                                     "is unfinished."}
        return {resume_offer: gr.Row(visible=False), resume_id: None}

    private = {"api_visibility": "private"}
    view = tab.view_outputs
    # The models load once the first question is on screen (the candidate reads it before answering).
    start.click(begin, [topics, difficulty, questions, follow_ups, known_sessions],
                [*view, known_sessions, resume_offer], **private).then(service.models.start, **private)
    submit.click(answer_turn, [session, shown_turn, spoken, answer], view, **private)
    skip.click(skip_turn, [session, shown_turn], view, **private)
    hint.click(give_hint, [session, shown_turn], view, **private)
    repeat.click(repeat_turn, [session], [status, question], **private)
    end.click(finish, [session], [status, summary, question, question_text, shown_turn], **private)
    transcribe.click(transcribe_audio, [session, shown_turn, audio], [answer, note, spoken, status], **private)
    read_aloud.click(None, [question_text], [], js=READ_ALOUD_JS, **private)
    resume_button.click(resume, [resume_id, known_sessions], [*view, known_sessions, resume_offer],
                        **private).then(service.models.start, **private)
    tab.resume = resume
    tab.resume_outputs = [*view, known_sessions, resume_offer]
    tab.offer_resume = offer_resume
    tab.offer_outputs = [resume_offer, resume_id, resume_note]
    return tab
