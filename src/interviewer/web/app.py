"""The page: a ``gr.Blocks`` with one tab per activity (Interview, History, Question bank) and named API endpoints."""

from __future__ import annotations

from interviewer.bank import QuestionBank

TITLE = "Interviewer"
INTRO = ("# Interviewer\n"
         "Mock interviews for deep-learning jobs, graded against a bank of reference answers. Offline.")
# This browser's session ids live in its local storage under this key. The value is not secret (the
# browser holds it); the server trusts it no more than a session id typed by hand.
SESSIONS_STORAGE_KEY = "interviewer-sessions"
SESSIONS_STORAGE_SECRET = "interviewer-sessions-v1"


def create_app(bank: QuestionBank | None = None, index=None, service=None):
    """The page as a ``gradio.Blocks``; ``bank`` and ``index`` default to the configured bank and its index.

    The index is used as it is: call :func:`interviewer.web.server.prepare_index` first to bring it
    in step with the bank (the page shows a message, not an error, when it is missing). ``service``
    (an :class:`~interviewer.web.interviews.InterviewService`) defaults to one on ``bank`` with the
    configured grader and the session store in ``INTERVIEWER_HOME``.
    """
    import gradio as gr

    from interviewer.web.api import render_api
    from interviewer.web.history_page import render_history_tab
    from interviewer.web.interview_page import render_interview_tab
    from interviewer.web.interviews import InterviewService
    from interviewer.web.search_page import render_question_bank_tab

    if bank is None:
        from interviewer.bank import load_bank
        from interviewer.config import default_bank_path

        bank = load_bank(default_bank_path())
    if index is None:
        from interviewer.index import ReferenceIndex

        index = ReferenceIndex.for_bank(bank)
    service = service or InterviewService(bank)

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(INTRO)
        known_sessions = gr.BrowserState([], storage_key=SESSIONS_STORAGE_KEY, secret=SESSIONS_STORAGE_SECRET)
        with gr.Tabs() as tabs:
            with gr.Tab("Interview", id="interview"):
                interview_tab = render_interview_tab(service, known_sessions)
            with gr.Tab("History", id="history") as history:
                refresh, inputs, outputs = render_history_tab(service, known_sessions, interview_tab, tabs,
                                                              "interview")
            with gr.Tab("Question bank", id="bank"):
                render_question_bank_tab(bank, index)
        render_api(service)
        history.select(refresh, inputs, outputs, api_visibility="private")
        demo.load(lambda known: interview_tab.updates(interview_tab.model.offer_resume(known)), [known_sessions],
                  interview_tab.outputs, api_visibility="private")
    return demo
