"""One question's marking scheme as Markdown text, for a reviewer (``interviewer corpus show``)."""

from __future__ import annotations

from interviewer.bank.schema import Question


def scheme_markdown(question: Question) -> str:
    """The question, its model answer, key points (with phrasings, probe, hint, sources) and misconceptions."""
    lines = [f"# {question.question}", "",
             f"id: {question.id} · topic: {question.topic} · difficulty: {question.difficulty}"
             + (f" ({question.difficulty_reason})" if question.difficulty_reason else "")
             + f" · variant group: {question.group}", ""]
    if not question.has_scheme:
        lines += ["No marking scheme: key points derived from the reference answers.", ""]
    else:
        lines += ["## Model answer", "", question.model_answer, ""]
    lines += ["## Key points", ""]
    for number, point in enumerate(question.key_points, start=1):
        lines.append(f"{number}. **{point.text}** ({point.importance}; "
                     + (f"from {', '.join(str(s) for s in point.seed)}" if point.seed else "authored") + ")")
        for phrasing in point.phrasings:
            lines.append(f"   - \"{phrasing}\"")
        if point.probe:
            lines.append(f"   - probe: {point.probe}")
        if point.hint:
            lines.append(f"   - hint: {point.hint}")
    if question.misconceptions:
        lines += ["", "## Misconceptions", ""]
        for misconception in question.misconceptions:
            lines.append(f"- \"{misconception.text}\" (contradicts point {misconception.key_point})")
            for phrasing in misconception.phrasings:
                lines.append(f"  - \"{phrasing}\"")
            lines.append(f"  correction: {misconception.correction}")
    if question.vocabulary:
        lines += ["", "## Vocabulary", "", ", ".join(question.vocabulary)]
    sources = ", ".join(str(s) for s in question.derived_from) or "none (authored)"
    lines += ["", f"Derived from: {sources}. Asked at: {', '.join(str(s) for s in question.sources)}."]
    return "\n".join(lines) + "\n"
