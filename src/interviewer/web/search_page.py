"""The "Question bank" tab: search the reference answers, and browse the bank's questions.

The functions that compute what the page shows take plain values and return plain data (a message
and table rows), so the named API endpoints ``/search`` and ``/questions`` give ``gradio_client``
callers the same rows the page shows. Only :func:`render_question_bank_tab` touches gradio.
"""

from interviewer.bank import QuestionBank
from interviewer.bank.review import scheme_markdown
from interviewer.errors import InterviewerError

ALL_TOPICS = "All topics"
DEFAULT_K = 5
MAX_K = 20

EMPTY_QUERY_MESSAGE = "The search box is empty: type a question or a few keywords, then press Enter or the Search button."
SEARCH_HEADERS = ["Score", "Question", "Reference chunk", "Kind", "Topic", "Difficulty", "Source"]
SEARCH_DATATYPES = ["number", "str", "markdown", "str", "str", "str", "str"]
QUESTION_HEADERS = ["ID", "Question", "Topic", "Difficulty", "Reference answers"]
PICK_A_QUESTION = "Select a question in the list to see its model answer and marking scheme."

Rows = list[list]


def topic_choices(bank: QuestionBank) -> list[str]:
    """The topic filter's choices: every topic of the bank after "All topics"."""
    return [ALL_TOPICS, *bank.topics]


def _selected_topic(topic: str | None) -> str | None:
    return None if not topic or topic == ALL_TOPICS else topic


def _kind(kind: str, style: str) -> str:
    return "key point" if kind == "key_point" else f"{style} answer"


def search_references(index, bank: QuestionBank, query: str | None, k: float | int = DEFAULT_K,
                      topic: str | None = ALL_TOPICS) -> tuple[str, Rows]:
    """A message and one row per reference chunk nearest to ``query`` (see :data:`SEARCH_HEADERS`).

    An empty query or an unusable index gives a message and no rows, never an exception: the page
    shows the message where the results would be.
    """
    query = (query or "").strip()
    if not query:
        return EMPTY_QUERY_MESSAGE, []
    k = max(1, min(int(k or DEFAULT_K), MAX_K))
    wanted = _selected_topic(topic)
    try:
        hits = index.search(query, k=k, topics=[wanted] if wanted else None)
    except InterviewerError as error:
        return f"Cannot search: {error}", []
    where = f" in {wanted}" if wanted else ""
    if not hits:
        return f"No reference chunks{where} for “{query}”.", []
    rows = []
    for hit in hits:
        question = bank.get(hit.question_id)
        rows.append([round(hit.score, 3), question.question if question else hit.question_id, hit.text,
                     _kind(hit.kind, hit.style), hit.topic, hit.difficulty, hit.source])
    noun = "chunk" if len(rows) == 1 else "chunks"
    return f"{len(rows)} reference {noun}{where} nearest to “{query}” (score: cosine similarity, 1 is identical).", rows


def list_questions(bank: QuestionBank, topic: str | None = ALL_TOPICS) -> tuple[str, Rows]:
    """A count and one row per question of ``topic`` (all when "All topics"), see :data:`QUESTION_HEADERS`."""
    wanted = _selected_topic(topic)
    questions = [q for q in bank if wanted is None or q.topic == wanted]
    rows = [[q.id, q.question, q.topic, q.difficulty, _reference_answers(q)] for q in questions]
    without = sum(1 for q in questions if not q.has_references)
    noun = "question" if len(rows) == 1 else "questions"
    message = f"{len(rows)} {noun}{f' in {wanted}' if wanted else ''}"
    if without:
        message += f", {without} without a reference answer (graded against related questions' references)"
    return message + ".", rows


def _reference_answers(question) -> str:
    count = len(question.references) + bool(question.model_answer)
    return f"yes ({count})" if count else "no"


def question_detail(bank: QuestionBank, question_id: str | None) -> str:
    """One question's model answer and marking scheme as Markdown (a message when the id is unknown)."""
    question = bank.get((question_id or "").strip())
    if question is None:
        return PICK_A_QUESTION if not (question_id or "").strip() else f"No question with the id “{question_id}”."
    return scheme_markdown(question)


def render_question_bank_tab(bank: QuestionBank, index) -> None:
    """Lay out the search and the question list; call inside ``gr.Blocks`` (within a ``gr.Tab``)."""
    import gradio as gr

    def search(query: str, k: float, topic: str) -> tuple[str, Rows]:
        return search_references(index, bank, query, k, topic)

    def questions(topic: str) -> tuple[str, Rows]:
        return list_questions(bank, topic)

    gr.Markdown("### Search the reference answers")
    with gr.Row(equal_height=True):
        query = gr.Textbox(label="Question or keywords", placeholder="e.g. why does dropout reduce overfitting?",
                           lines=1, max_lines=1, scale=5, elem_id="search-query")
        topic = gr.Dropdown(topic_choices(bank), value=ALL_TOPICS, label="Topic", scale=2,
                            elem_id="search-topic")
        k = gr.Slider(1, MAX_K, value=DEFAULT_K, step=1, label="Results", scale=2, elem_id="search-k")
        button = gr.Button("Search", variant="primary", scale=1, min_width=100, elem_id="search-button")
    message = gr.Markdown("Results appear here.", elem_id="search-message")
    results = gr.Dataframe(headers=SEARCH_HEADERS, datatype=SEARCH_DATATYPES, interactive=False, wrap=True,
                           column_widths=["6%", "19%", "32%", "9%", "14%", "9%", "11%"], max_height=640,
                           show_label=False, elem_id="search-results")
    gr.on([query.submit, button.click], search, inputs=[query, k, topic], outputs=[message, results],
          api_name="search", api_description="The reference chunks nearest to a query: (message, table).")

    gr.Markdown("### Browse the questions")
    first_message, first_rows = list_questions(bank)
    with gr.Row(equal_height=True):
        browse_topic = gr.Dropdown(topic_choices(bank), value=ALL_TOPICS, label="Topic", scale=1,
                                   min_width=200, elem_id="browse-topic")
        with gr.Column(scale=3):
            browse_message = gr.Markdown(first_message, elem_id="browse-message")
    table = gr.Dataframe(first_rows, headers=QUESTION_HEADERS, interactive=False, wrap=True,
                         column_widths=["23%", "40%", "17%", "10%", "10%"], max_height=640, show_label=False,
                         show_search="search", elem_id="question-list")
    browse_topic.change(questions, inputs=browse_topic, outputs=[browse_message, table], api_name="questions",
                        api_description="The bank's questions of a topic: (message, table).")
    detail = gr.Markdown(PICK_A_QUESTION, elem_id="question-detail")

    def selected(event: gr.SelectData) -> str:  # gradio finds the event by this annotation (not postponed here)
        row = event.row_value or []
        return question_detail(bank, row[0] if row else None)

    def question(question_id: str) -> str:
        """One question's model answer and marking scheme (Markdown), by id."""
        return question_detail(bank, question_id)

    table.select(selected, outputs=detail, api_visibility="private")
    gr.api(question, api_name="question")
