"""The vector index of reference answers (chromadb), kept in step with the question bank."""

from interviewer.index.chunks import Chunk, bank_chunks, question_chunks
from interviewer.index.vector_store import ReferenceIndex, SearchHit, SyncReport, open_client

__all__ = ["Chunk", "ReferenceIndex", "SearchHit", "SyncReport", "bank_chunks", "open_client", "question_chunks"]
