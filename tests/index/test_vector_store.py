"""The reference index against a real embedded chromadb and the real embedding model.

A hand-made bank of five questions keeps each sync to a few dozen chunks. What is embedded is
observed through :class:`RecordingEmbedder`, a subclass of the real embedder that notes its inputs.
"""

from __future__ import annotations

import pytest

from interviewer.bank import QuestionBank
from interviewer.bank.schema import Question, Reference, Source
from interviewer.config import Settings
from interviewer.errors import IndexUnavailableError
from tests.index.recording import RecordingEmbedder
from interviewer.index import ReferenceIndex, bank_chunks, question_chunks


class OtherModelEmbedder(RecordingEmbedder):
    """The same vectors under another model name, as if INTERVIEWER_EMBEDDING_MODEL had changed."""

    @property
    def name(self) -> str:
        return "another-embedding-model"


def question(id, text, topic, key_points, references) -> Question:
    return Question(id=id, question=text, topic=topic, difficulty="medium", key_points=key_points,
                    references=[Reference(text=body, style=style, source=Source(file=f"{id}.txt", line=line))
                                for line, (style, body) in enumerate(references, start=1)],
                    sources=[Source(file=f"{id}.txt", line=1)])


QUESTIONS = [
    question("dropout", "How does dropout prevent overfitting in neural networks?",
             "Regularization & Generalization",
             ["Dropout randomly zeroes activations during training.",
              "It trains an implicit ensemble of thinned sub-networks."],
             [("simple", "Imagine a sports team where any player may be missing from practice, so everyone "
                         "learns to play well without relying on a single star."),
              ("detailed", "During training, dropout sets each unit's output to zero with probability p, "
                           "drawing a new random mask at every step.\n\n"
                           "Units cannot co-adapt to rely on specific other units, which reduces overfitting; "
                           "at test time all units are used and activations are scaled accordingly.")]),
    question("batch-norm", "What is batch normalization and why does it speed up training?",
             "Normalization",
             ["It normalizes layer inputs using mini-batch mean and variance.",
              "Learned scale and shift parameters restore representational power."],
             [("detailed", "Batch normalization standardizes each feature over the mini-batch, subtracting "
                           "the batch mean and dividing by the batch standard deviation.\n\n"
                           "This keeps activation distributions stable between layers, allows higher "
                           "learning rates, and makes the network less sensitive to initialization.")]),
    question("attention", "Explain the self-attention mechanism used in transformers.",
             "Transformers & Attention",
             ["Queries are compared with keys to produce attention weights.",
              "The output is a weighted sum of value vectors."],
             [("detailed", "Each token is projected into a query, a key and a value vector; the dot products "
                           "of a query with all keys, scaled and passed through a softmax, weight the values.\n\n"
                           "Multiple heads attend to different relationships in parallel, and their outputs "
                           "are concatenated and projected back to the model dimension.")]),
    question("learning-rate", "How do you choose a learning rate, and what happens if it is too large?",
             "Optimization",
             ["Too large a step size makes the loss diverge or oscillate.",
              "A learning-rate range test or schedule helps pick a value."],
             [("short", "Sweep the learning rate over several orders of magnitude and pick the largest value "
                        "at which the loss still decreases steadily; too high and training diverges.")]),
    question("cnn-pooling", "What is the purpose of pooling layers in convolutional neural networks?",
             "Convolutional Networks",
             ["Pooling downsamples feature maps, reducing computation.",
              "It gives some invariance to small translations."],
             []),
]


@pytest.fixture
def mini_bank(tmp_path) -> QuestionBank:
    """Five questions on distinct topics, loaded as if from ``mini.jsonl`` (collection ``interviewer-mini-<hash>``)."""
    return QuestionBank(list(QUESTIONS), tmp_path / "mini.jsonl")


@pytest.fixture
def recorder(embedder) -> RecordingEmbedder:
    return RecordingEmbedder(embedder)


@pytest.fixture
def open_index(isolated_home):
    """Opens ReferenceIndex.for_bank on the embedded store in INTERVIEWER_HOME; closes every client after the test."""
    opened: list[ReferenceIndex] = []

    def open_(bank, embedder) -> ReferenceIndex:
        index = ReferenceIndex.for_bank(bank, Settings.from_environment(), embedder)
        opened.append(index)
        return index

    yield open_
    for index in opened:
        index.client.close()


@pytest.fixture
def built_index(open_index, mini_bank, recorder) -> ReferenceIndex:
    """The mini bank's index, synced once."""
    index = open_index(mini_bank, recorder)
    index.sync(mini_bank.questions)
    return index


def stored_ids(index: ReferenceIndex) -> set[str]:
    return set(index.client.get_collection(index.collection_name).get(include=[])["ids"])


# -- syncing ------------------------------------------------------------------------------------

def test_first_sync_embeds_every_chunk(open_index, mini_bank, recorder, isolated_home):
    """On an empty store every chunk is embedded once (with its question) and stored under its id."""
    index = open_index(mini_bank, recorder)
    chunks = bank_chunks(mini_bank.questions)

    report = index.sync(mini_bank.questions)

    assert sorted(recorder.encoded) == sorted(c.embedding_text for c in chunks)
    assert (report.added, report.removed, report.unchanged, report.rebuilt) == (len(chunks), 0, 0, False)
    assert stored_ids(index) == {c.id for c in chunks}
    assert index.collection_name.startswith("interviewer-mini-")
    assert (isolated_home / "index").is_dir()


def test_progress_reports_reach_the_number_of_chunks_embedded(open_index, mini_bank, recorder):
    """The progress callback starts at 0 and ends at the number of chunks embedded."""
    calls = []
    index = open_index(mini_bank, recorder)
    report = index.sync(mini_bank.questions, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, report.added)
    assert calls[-1] == (report.added, report.added)


def test_second_sync_embeds_nothing(built_index, mini_bank, recorder):
    """Chunk ids are content hashes: syncing an unchanged bank again encodes no text at all."""
    recorder.encoded.clear()
    report = built_index.sync(mini_bank.questions)
    assert recorder.encoded == []
    assert (report.added, report.removed, report.rebuilt) == (0, 0, False)
    assert report.unchanged == report.total == len(bank_chunks(mini_bank.questions))


def test_editing_a_reference_re_embeds_only_its_changed_chunks(built_index, mini_bank, recorder):
    """One edited paragraph: only the new paragraph is embedded, the old one is deleted, the rest stay."""
    dropout = mini_bank.get("dropout")
    detailed = dropout.references[1]
    first, _ = detailed.text.split("\n\n")
    new_second = ("Because any unit may vanish, the network learns redundant features; at inference "
                  "the full network approximates averaging the predictions of many thinned networks.")
    edited_reference = detailed.model_copy(update={"text": f"{first}\n\n{new_second}"})
    edited = dropout.model_copy(update={"references": [dropout.references[0], edited_reference]})
    questions = [edited if q.id == "dropout" else q for q in mini_bank.questions]
    old_ids, new_chunks = {c.id for c in question_chunks(dropout)}, question_chunks(edited)

    recorder.encoded.clear()
    report = built_index.sync(questions)

    added = [c for c in new_chunks if c.id not in old_ids]
    assert [c.text for c in added] == [new_second]
    assert recorder.encoded == [added[0].embedding_text]
    assert (report.added, report.removed, report.rebuilt) == (1, 1, False)
    assert stored_ids(built_index) == {c.id for c in bank_chunks(questions)}
    assert built_index.is_current(questions)


def test_removed_question_drops_its_chunks_without_embedding(built_index, mini_bank, recorder):
    """Deleting a question from the bank deletes its chunks and embeds nothing."""
    remaining = [q for q in mini_bank.questions if q.id != "attention"]
    recorder.encoded.clear()
    report = built_index.sync(remaining)
    assert recorder.encoded == []
    assert report.removed == len(question_chunks(mini_bank.get("attention")))
    assert stored_ids(built_index) == {c.id for c in bank_chunks(remaining)}


def test_changed_embedding_model_rebuilds_the_index(built_index, open_index, mini_bank, embedder):
    """Vectors of two models must not be mixed: another model name re-embeds every chunk."""
    other = OtherModelEmbedder(embedder)
    index = open_index(mini_bank, other)
    assert not index.is_current(mini_bank.questions)

    report = index.sync(mini_bank.questions)

    chunks = bank_chunks(mini_bank.questions)
    assert report.rebuilt is True
    assert (report.added, report.unchanged) == (len(chunks), 0)
    assert sorted(other.encoded) == sorted(c.embedding_text for c in chunks)
    assert stored_ids(index) == {c.id for c in chunks}
    assert index.is_current(mini_bank.questions)
    assert not built_index.is_current(mini_bank.questions)  # the old model's index is now stale


def test_is_current_follows_the_bank(open_index, mini_bank, recorder):
    """is_current is false before the first sync and after an edit, true right after a sync."""
    index = open_index(mini_bank, recorder)
    assert not index.is_current(mini_bank.questions)
    index.sync(mini_bank.questions)
    assert index.is_current(mini_bank.questions)

    renamed = [q.model_copy(update={"topic": "Optimization & Training"}) if q.id == "learning-rate" else q
               for q in mini_bank.questions]
    assert not index.is_current(renamed)
    assert not index.is_current(mini_bank.questions[:-1])  # a question removed


# -- searching ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("Why does randomly switching off neurons while training help a model generalize?", "dropout"),
    ("How does standardizing activations with mini-batch statistics make optimization faster?", "batch-norm"),
    ("How do tokens weigh each other using queries, keys and values?", "attention"),
    ("My loss explodes after a few steps: is the step size too big?", "learning-rate"),
])
def test_paraphrased_query_finds_its_question_first(built_index, query, expected):
    """A query that shares few words with the question still ranks a chunk of that question first."""
    hits = built_index.search(query, k=3)
    assert hits[0].question_id == expected, [h.question_id for h in hits]


def test_search_hits_carry_text_metadata_and_a_similarity(built_index, mini_bank):
    """Hits come back best first with the chunk's stored text and metadata and a cosine score in [-1, 1]."""
    chunks = {c.id: c for c in bank_chunks(mini_bank.questions)}
    hits = built_index.search("dropout regularization", k=4)
    assert len(hits) == 4
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        chunk = chunks[hit.chunk_id]
        assert (hit.text, hit.question_id, hit.topic, hit.difficulty, hit.source, hit.kind, hit.style) == (
            chunk.text, chunk.question_id, chunk.topic, chunk.difficulty, chunk.source, chunk.kind, chunk.style)
        assert -1.0 <= hit.score <= 1.0 + 1e-6


def test_exact_chunk_text_scores_near_one(built_index, mini_bank):
    """Scores are cosine similarities: querying with a chunk's own embedding text returns it with score ~1."""
    chunk = question_chunks(mini_bank.get("attention"))[0]
    best = built_index.search(chunk.embedding_text, k=1)[0]
    assert best.chunk_id == chunk.id
    assert best.score == pytest.approx(1.0, abs=1e-3)


def test_topic_filter_restricts_results(built_index):
    """A dropout query limited to one topic only returns chunks of that topic."""
    hits = built_index.search("dropout prevents overfitting", k=10, topics=["Optimization"])
    assert hits and {h.topic for h in hits} == {"Optimization"}


def test_several_topics_filter_restricts_results(built_index):
    """With several topics, hits come from those topics only, and from each of them when k is large."""
    wanted = {"Normalization", "Convolutional Networks"}
    hits = built_index.search("dropout prevents overfitting", k=50, topics=sorted(wanted))
    assert {h.topic for h in hits} == wanted


def test_question_id_filter_restricts_results(built_index, mini_bank):
    """With question_id, only that question's chunks come back, however unrelated the query."""
    hits = built_index.search("self-attention in transformers", k=50, question_id="cnn-pooling")
    assert {h.chunk_id for h in hits} == {c.id for c in question_chunks(mini_bank.get("cnn-pooling"))}


def test_search_before_any_build_asks_to_run_index(open_index, mini_bank, recorder):
    """No collection yet: a clear IndexUnavailableError telling the user what to run, not a chromadb error."""
    index = open_index(mini_bank, recorder)
    with pytest.raises(IndexUnavailableError, match="run 'interviewer index'"):
        index.search("dropout")
    assert index.count() == 0


def test_index_reopened_from_disk_still_finds_chunks(open_index, mini_bank, recorder, built_index):
    """The embedded store persists on disk.

    After the first client is closed, a new index on the same INTERVIEWER_HOME is current and searchable.
    """
    expected_count = built_index.count()
    built_index.client.close()

    reopened = open_index(mini_bank, recorder)
    assert reopened.client is not built_index.client
    assert reopened.count() == expected_count
    assert reopened.is_current(mini_bank.questions)
    recorder.encoded.clear()
    assert reopened.sync(mini_bank.questions).added == 0
    assert recorder.encoded == []
    assert reopened.search("What does pooling do in a CNN?", k=1)[0].question_id == "cnn-pooling"


def test_two_banks_with_the_same_file_name_keep_separate_collections(tmp_path, isolated_home, embedder):
    """``a/bank.jsonl`` and ``b/bank.jsonl`` must not overwrite each other's chunks."""
    first = QuestionBank(list(QUESTIONS[:2]), tmp_path / "a" / "bank.jsonl")
    second = QuestionBank(list(QUESTIONS[2:4]), tmp_path / "b" / "bank.jsonl")
    index_a = ReferenceIndex.for_bank(first, embedder=embedder)
    index_b = ReferenceIndex.for_bank(second, embedder=embedder)
    assert index_a.collection_name != index_b.collection_name
    index_a.sync(first.questions)
    index_b.sync(second.questions)
    assert index_a.is_current(first.questions) and index_b.is_current(second.questions)
