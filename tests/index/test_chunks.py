"""How a question becomes reference chunks: paragraphs, ids, metadata and duplicates."""

from __future__ import annotations

from interviewer.bank.schema import Question, Reference, Source
from interviewer.index.chunks import MIN_PARAGRAPH_WORDS, bank_chunks, paragraphs, question_chunks


def words(count: int, word: str = "word") -> str:
    """A sentence of ``count`` numbered words, so different calls give different text."""
    return " ".join(f"{word}{n}" for n in range(count))


LONG = MIN_PARAGRAPH_WORDS  # a paragraph this long stands on its own


def make_question(**changes) -> Question:
    """A dropout question with two key points and two references (one of two paragraphs)."""
    record = {
        "id": "dropout-abc123",
        "question": "How does dropout prevent overfitting?",
        "topic": "Regularization & Generalization",
        "difficulty": "medium",
        "key_points": ["Dropout zeroes random units during training.",
                       "It acts like an ensemble of thinned networks."],
        "references": [
            Reference(text="Like a team where anyone may be absent, so nobody can rely on one colleague alone.",
                      style="simple", source=Source(file="a.txt", line=3)),
            Reference(text="Dropout randomly sets a fraction of activations to zero at every training step, "
                           "with a fresh mask each time.\n\n"
                           "At inference all units are kept and activations are scaled so their expected "
                           "value matches what the next layer saw in training.",
                      style="detailed", source=Source(file="b.txt", line=40)),
        ],
        "sources": [Source(file="a.txt", line=1), Source(file="b.txt", line=38)],
    }
    record.update(changes)
    return Question(**record)


# -- paragraphs ---------------------------------------------------------------------------------

def test_paragraphs_split_on_blank_lines():
    """Blank-line separated paragraphs of sufficient length each become one piece, in order."""
    first, second = words(LONG, "a"), words(LONG, "b")
    assert paragraphs(f"{first}\n\n{second}") == [first, second]


def test_paragraphs_ignore_extra_blank_lines_and_surrounding_whitespace():
    """Runs of blank lines and indentation around a paragraph do not create empty pieces."""
    first, second = words(LONG, "a"), words(LONG, "b")
    assert paragraphs(f"\n\n  {first}  \n\n\n\n{second}\n\n") == [first, second]


def test_single_line_breaks_stay_inside_a_paragraph():
    """A list written line by line (no blank line) is one paragraph, line breaks kept."""
    listing = "\n".join(f"{n}. {words(4, f'item{n}x')}" for n in range(4))
    assert paragraphs(listing) == [listing]


def test_short_paragraph_is_joined_to_the_next():
    """A heading such as '**Mitigation:**' says nothing alone: it is prefixed to the paragraph after it."""
    heading, body = "**Mitigation strategies:**", words(LONG, "b")
    assert paragraphs(f"{heading}\n\n{body}") == [f"{heading}\n{body}"]


def test_short_paragraphs_accumulate_until_long_enough():
    """Several short paragraphs in a row are gathered into one piece once they reach the minimum."""
    shorts = [words(LONG // 3 + 1, f"s{n}x") for n in range(3)]
    long_after = words(LONG, "b")
    pieces = paragraphs("\n\n".join([*shorts, long_after]))
    assert pieces == ["\n".join(shorts), long_after]


def test_trailing_short_paragraph_is_joined_to_the_previous():
    """A short closing remark has nothing after it, so it is appended to the paragraph before."""
    body, tail = words(LONG, "a"), "Hope this helps."
    assert paragraphs(f"{body}\n\n{tail}") == [f"{body}\n{tail}"]


def test_text_that_is_all_short_is_one_piece():
    """A reference shorter than the minimum is still kept, as a single piece."""
    assert paragraphs("Short answer.\n\nReally short.") == ["Short answer.\nReally short."]


def test_empty_text_has_no_paragraphs():
    """Whitespace only: nothing to embed."""
    assert paragraphs("  \n\n \n") == []


# -- chunks of a question -----------------------------------------------------------------------

def test_key_points_come_first_with_key_point_metadata():
    """Each key point is a chunk of kind and style 'key_point', sourced at the question's first source."""
    question = make_question()
    key_chunks = [c for c in question_chunks(question) if c.kind == "key_point"]
    assert [c.text for c in key_chunks] == question.point_texts
    assert all(c.style == "key_point" for c in key_chunks)
    assert all(c.source == str(question.sources[0]) for c in key_chunks)
    assert question_chunks(question)[:len(key_chunks)] == key_chunks


def test_reference_paragraphs_carry_their_reference_style_and_source():
    """Every paragraph of every reference is a 'reference' chunk with that reference's style and file:line."""
    question = make_question()
    reference_chunks = [c for c in question_chunks(question) if c.kind == "reference"]
    expected = [(paragraph, ref.style, f"{ref.source.file}:{ref.source.line}")
                for ref in question.references for paragraph in paragraphs(ref.text)]
    assert [(c.text, c.style, c.source) for c in reference_chunks] == expected
    assert len(reference_chunks) == 3  # the detailed reference has two paragraphs


def test_chunks_carry_the_question_they_belong_to():
    """Chunks know their question (id, text, topic, difficulty), in the fields and in the stored metadata."""
    question = make_question()
    for chunk in question_chunks(question):
        assert (chunk.question_id, chunk.question, chunk.topic, chunk.difficulty) == (
            question.id, question.question, question.topic, question.difficulty)
        assert chunk.metadata == {"question_id": question.id, "topic": question.topic,
                                  "difficulty": question.difficulty, "source": chunk.source,
                                  "kind": chunk.kind, "style": chunk.style}


def test_embedding_text_puts_the_question_before_the_chunk():
    """A key point is embedded with its question, so it is findable for the question it answers."""
    question = make_question()
    for chunk in question_chunks(question):
        assert chunk.embedding_text == f"{question.question}\n{chunk.text}"


def test_question_without_references_has_only_key_point_chunks():
    """An unanswered question is still findable through its key points."""
    question = make_question(references=[])
    chunks = question_chunks(question)
    assert [c.text for c in chunks] == question.point_texts
    assert {c.kind for c in chunks} == {"key_point"}


def test_question_without_key_points_or_references_has_no_chunks():
    """Nothing to say about a question gives nothing to store."""
    assert question_chunks(make_question(references=[], key_points=[])) == []


# -- chunk ids ----------------------------------------------------------------------------------

def ids(question: Question) -> list[str]:
    return [chunk.id for chunk in question_chunks(question)]


def test_ids_are_stable_across_calls_and_equal_questions():
    """The same content gives the same ids, whichever Question object holds it: unchanged chunks are not re-embedded."""
    question = make_question()
    copy = Question.model_validate(question.model_dump(mode="json"))
    assert ids(question) == ids(question) == ids(copy)
    assert len(set(ids(question))) == len(ids(question))


def test_editing_one_paragraph_changes_only_its_chunk_id():
    """Changing one paragraph of a reference gives that paragraph a new id; every other chunk keeps its id."""
    question = make_question()
    detailed = question.references[1]
    first, second = paragraphs(detailed.text)
    edited_reference = detailed.model_copy(update={"text": f"{first}\n\n{second} It also adds noise."})
    edited = make_question(references=[question.references[0], edited_reference])

    before, after = set(ids(question)), set(ids(edited))
    assert len(before - after) == 1 and len(after - before) == 1
    changed = next(c for c in question_chunks(edited) if c.id in after - before)
    assert changed.text.endswith("It also adds noise.")


def test_ids_change_with_question_text_topic_or_difficulty():
    """Chunk metadata and embedding text depend on the question, so every id changes with it."""
    original = set(ids(make_question()))
    for change in ({"question": "Why does dropout reduce overfitting?"},
                   {"topic": "Optimization"},
                   {"difficulty": "hard"}):
        assert original.isdisjoint(ids(make_question(**change))), change


def test_same_text_under_two_questions_gives_two_chunks():
    """Ids include the question id: a key point shared by two questions is stored once per question."""
    first = make_question()
    second = make_question(id="dropout-other-456")
    assert set(ids(first)).isdisjoint(ids(second))
    assert len(bank_chunks([first, second])) == len(ids(first)) + len(ids(second))


# -- duplicates and the whole bank --------------------------------------------------------------

def test_duplicate_paragraph_in_one_reference_is_one_chunk():
    """A paragraph copied twice into the same reference yields one chunk, not two identical vectors."""
    paragraph = words(LONG, "p")
    question = make_question(references=[
        Reference(text=f"{paragraph}\n\n{words(LONG, 'q')}\n\n{paragraph}", style="detailed",
                  source=Source(file="b.txt", line=40)),
    ])
    reference_texts = [c.text for c in question_chunks(question) if c.kind == "reference"]
    assert reference_texts == [paragraph, words(LONG, "q")]


def test_paragraph_copied_into_two_references_is_one_chunk_at_its_first_place():
    """The same paragraph in two references of one question (two documents) is stored once."""
    paragraph = words(LONG, "p")
    question = make_question(references=[
        Reference(text=paragraph, style="short", source=Source(file="a.txt", line=3)),
        Reference(text=f"{paragraph}\n\n{words(LONG, 'q')}", style="detailed", source=Source(file="b.txt", line=40)),
    ])
    chunks = [c for c in question_chunks(question) if c.kind == "reference"]
    assert [(c.text, c.source) for c in chunks] == [(paragraph, "a.txt:3"), (words(LONG, "q"), "b.txt:40")]


def test_whitespace_only_lines_and_windows_line_ends_separate_paragraphs():
    first, second = words(LONG, "a"), words(LONG, "b")
    assert paragraphs(f"{first}\n   \n{second}") == [first, second]
    assert paragraphs(f"{first}\r\n\r\n{second}") == [first, second]


def test_duplicate_key_point_is_one_chunk():
    """A key point listed twice is stored once."""
    question = make_question(key_points=["Dropout zeroes random units.", "Dropout zeroes random units."])
    assert [c.text for c in question_chunks(question) if c.kind == "key_point"] == ["Dropout zeroes random units."]


def test_bank_chunks_are_the_question_chunks_in_bank_order():
    """bank_chunks concatenates each question's chunks, questions in bank order."""
    first = make_question()
    second = make_question(id="batch-norm-789", question="What does batch normalization do?")
    assert bank_chunks([first, second]) == question_chunks(first) + question_chunks(second)
    assert bank_chunks([]) == []
