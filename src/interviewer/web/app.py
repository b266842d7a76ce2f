"""The page: a ``gr.Blocks`` with one tab per activity (today the question bank)."""

from __future__ import annotations

from interviewer.bank import QuestionBank

TITLE = "Interviewer"
INTRO = ("# Interviewer\n"
         "Mock interviews for deep-learning jobs, graded against a bank of reference answers. Offline.")


def create_app(bank: QuestionBank | None = None, index=None):
    """The page as a ``gradio.Blocks``; ``bank`` and ``index`` default to the configured bank and its index.

    The index is used as it is: call :func:`interviewer.web.server.prepare_index` first to bring it
    in step with the bank (the page shows a message, not an error, when it is missing).
    """
    import gradio as gr

    from interviewer.web.search_page import render_question_bank_tab

    if bank is None:
        from interviewer.bank import load_bank
        from interviewer.config import default_bank_path

        bank = load_bank(default_bank_path())
    if index is None:
        from interviewer.index import ReferenceIndex

        index = ReferenceIndex.for_bank(bank)

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(INTRO)
        with gr.Tabs():
            # Later tabs ("Interview", "History") go here, each rendered by its own module.
            with gr.Tab("Question bank", id="bank"):
                render_question_bank_tab(bank, index)
    return demo
