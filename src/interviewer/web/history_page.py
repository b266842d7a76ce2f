"""The "History" tab: this browser's past sessions, per-topic progress over time, summaries and resuming.

Only sessions started in this browser are listed (their ids are kept in the browser's local
storage, ``gr.BrowserState``), so two people sharing a server never see each other's sessions. A
session started elsewhere (in the terminal, by a script) is opened by typing its whole id: knowing
the id is what gives access to it.
"""


from interviewer.errors import InterviewerError
from interviewer.interview import build_summary
from interviewer.web.interview_model import remember

HISTORY_HEADERS = ["Session", "Started (UTC)", "Topics", "Scored", "Skipped", "Mean score", "Status"]
NO_HISTORY = ("No sessions in this browser yet. Start one in the Interview tab; a session started in the terminal "
              "(`interviewer history` lists them) can be opened by its id below.")


def my_overviews(store, session_ids) -> list:
    """The store's overviews of ``session_ids`` only, oldest first."""
    mine = set(session_ids or [])
    return [o for o in store.overviews() if o.id in mine]


def history_rows(store, session_ids) -> list[list]:
    """One row per session of ``session_ids``, newest first (see :data:`HISTORY_HEADERS`)."""
    return [[o.id, o.created_at[:16].replace("T", " "), ", ".join(o.topics) or "all topics",
             f"{o.answered}/{o.questions_planned}", o.skipped, "-" if o.mean_score is None else f"{o.mean_score:.1f}",
             "finished" if o.status == "finished" else "resumable"]
            for o in reversed(my_overviews(store, session_ids))]


def topic_progress(store, session_ids) -> tuple[list[str], dict[str, list[float | None]]]:
    """Session dates (oldest first) and, per topic, its mean score in each session (None: not asked)."""
    overviews = [o for o in my_overviews(store, session_ids) if o.answered]
    dates = [o.created_at[:16].replace("T", " ") for o in overviews]
    series: dict[str, list[float | None]] = {}
    for position, overview in enumerate(overviews):
        for topic in build_summary(store, overview.id).per_topic:
            if topic.mean_score is not None:
                series.setdefault(topic.topic, [None] * len(overviews))[position] = topic.mean_score
    return dates, dict(sorted(series.items()))


def progress_figure(store, session_ids):
    """A matplotlib ``Figure`` (no pyplot, so safe in worker threads) of mean score per topic per session, or None."""
    dates, series = topic_progress(store, session_ids)
    if not series:
        return None
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 3.8), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(1, len(dates) + 1))
    for topic, scores in series.items():
        points = [(x, y) for x, y in zip(positions, scores) if y is not None]
        axes.plot([x for x, _ in points], [y for _, y in points], marker="o", label=topic)
    axes.set_xticks(positions, dates, rotation=30, ha="right", fontsize=8)
    axes.set_ylim(0, 5.2)
    axes.set_ylabel("Mean score (0-5)")
    axes.set_title("Mean score per topic, session by session")
    axes.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return figure


def history_message(rows: list) -> str:
    if not rows:
        return NO_HISTORY
    resumable = sum(row[-1] == "resumable" for row in rows)
    return (f"{len(rows)} session{'s' if len(rows) != 1 else ''} from this browser"
            + (f", {resumable} unfinished (select one and press **Resume**)." if resumable else "."))


def render_history_tab(service, known_sessions, interview_tab, tabs, interview_tab_id: str):
    """Lay out the History tab; returns the refresh function and its inputs and outputs (for page load).

    ``interview_tab`` (an :class:`~interviewer.web.interview_page.InterviewTab`) is where a resumed
    session is shown; ``tabs`` is switched to ``interview_tab_id`` when resuming.
    """
    import gradio as gr

    message = gr.Markdown(NO_HISTORY, elem_id="history-message")
    table = gr.Dataframe(headers=HISTORY_HEADERS, interactive=False, wrap=True, show_label=False,
                         elem_id="history-table", max_height=420)
    plot = gr.Plot(label="Progress per topic", elem_id="history-plot")
    with gr.Row(equal_height=True):
        session_box = gr.Textbox(label="Session id (select a row, or paste a whole id)", max_lines=1, scale=3,
                                 elem_id="history-session-id")
        resume = gr.Button("Resume", variant="primary", scale=1, elem_id="history-resume-button")
        show = gr.Button("Show summary", scale=1, elem_id="history-summary-button")
    summary = gr.Markdown(elem_id="history-summary")

    def refresh(known):
        rows = history_rows(service.store, known)
        return history_message(rows), rows, progress_figure(service.store, known)

    def pick(event: gr.SelectData):
        row = getattr(event, "row_value", None)
        return row[0] if row else gr.update()

    def show_summary(session_id, known):
        try:
            found = service.summary(session_id)
        except InterviewerError as error:
            return {summary: f"**{error}**"}
        known = remember(known, found.session_id)
        text, rows, figure = refresh(known)
        return {summary: found.to_markdown(), known_sessions: known, message: text, table: rows, plot: figure}

    def resume_from_history(session_id, known):
        try:
            finished = service.session(session_id).status == "finished"
        except InterviewerError as error:
            return {summary: f"**{error}**"}
        if finished:
            return {**show_summary(session_id, known),
                    message: f"Session `{session_id.strip()}` is finished: its summary is below."}
        view, updates = interview_tab.resume(session_id, known)
        if view.failed:
            return {summary: view.status}
        return {**updates, tabs: gr.Tabs(selected=interview_tab_id), summary: ""}

    private = {"api_visibility": "private"}
    table.select(pick, None, session_box, **private)
    show.click(show_summary, [session_box, known_sessions], [summary, known_sessions, message, table, plot], **private)
    resume_outputs = [*interview_tab.outputs, tabs, summary, message, table, plot]
    resume.click(resume_from_history, [session_box, known_sessions], resume_outputs, **private)
    return refresh, [known_sessions], [message, table, plot]
