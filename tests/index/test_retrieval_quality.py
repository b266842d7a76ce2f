"""Retrieval quality on the committed bank: a question's own text must find that question's chunks.

The whole bank is embedded once per test session (the shared ``indexed_home`` fixture).
"""

from __future__ import annotations

import pytest

from interviewer.config import Settings
from interviewer.index import ReferenceIndex

pytestmark = pytest.mark.slow

MIN_RECALL_AT_3 = 0.95


@pytest.fixture(scope="module")
def full_index(bank, embedder, indexed_home):
    """The index of every question in corpus/bank.jsonl, built in a fresh embedded store."""
    index = ReferenceIndex.for_bank(bank, Settings(home=indexed_home, chroma_url=None), embedder)
    yield index
    index.client.close()


def test_full_bank_index_is_complete(full_index, bank):
    """After one sync the index holds every chunk of the bank and nothing else."""
    assert full_index.is_current(bank.questions)


def test_question_text_retrieves_its_own_chunks(full_index, bank, record_property):
    """recall@3 >= 0.95: queried with its own text, an answered question has one of its chunks in the top 3."""
    answered = [q for q in bank.questions if q.has_references]
    assert answered, "the committed bank has no answered questions"
    ranks = []
    for question in answered:
        ids = [hit.question_id for hit in full_index.search(question.question, k=3)]
        ranks.append(ids.index(question.id) + 1 if question.id in ids else None)
    recall_1 = sum(rank == 1 for rank in ranks) / len(ranks)
    recall_3 = sum(rank is not None for rank in ranks) / len(ranks)
    record_property("recall_at_1", round(recall_1, 4))
    record_property("recall_at_3", round(recall_3, 4))
    missed = [q.id for q, rank in zip(answered, ranks) if rank is None]
    assert recall_3 >= MIN_RECALL_AT_3, (
        f"recall@3 = {recall_3:.3f} (< {MIN_RECALL_AT_3}), recall@1 = {recall_1:.3f} over {len(ranks)} "
        f"questions; missed: {missed[:10]}")
