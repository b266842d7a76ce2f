"""The reference index: chunks embedded with sentence-transformers, stored in chromadb.

Embedded by default (``chromadb.PersistentClient`` under ``INTERVIEWER_HOME/index``), or a Chroma
server when ``INTERVIEWER_CHROMA_URL`` is set (``chromadb.HttpClient``).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

from interviewer.bank.schema import Question
from interviewer.bank.taxonomy import slugify
from interviewer.config import Settings
from interviewer.embeddings import Embedder, shared_embedder
from interviewer.errors import IndexUnavailableError
from interviewer.index.chunks import Chunk, bank_chunks

COLLECTION_PREFIX = "interviewer-"
# Chunks are embedded in slices of this size so a progress bar can move; within a slice the
# encoder batches by length.
EMBED_SLICE = 256
# A chunk is embedded from its first 128 word pieces (question included): the model was trained
# on 128-token inputs, and recall is the same. Chunks are embedded in bfloat16 where the CPU has it.
CHUNK_MAX_TOKENS = 128

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SyncReport:
    """What a sync did: chunks embedded and added, removed, left as they were."""

    added: int
    removed: int
    unchanged: int
    rebuilt: bool
    seconds: float

    @property
    def total(self) -> int:
        return self.added + self.unchanged


@dataclass(frozen=True)
class SearchHit:
    """One retrieved chunk; ``score`` is the cosine similarity to the query (1 is identical)."""

    chunk_id: str
    text: str
    score: float
    question_id: str
    topic: str
    difficulty: str
    source: str
    kind: str
    style: str


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


def open_client(settings: Settings):
    """A chromadb client for ``settings``: the Chroma server if a URL is set, else the embedded store."""
    import chromadb

    if settings.chroma_url:
        url = settings.chroma_url
        parts = urlsplit(url if "://" in url else f"http://{url}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise IndexUnavailableError(f"INTERVIEWER_CHROMA_URL={url!r} is not an http(s)://host:port URL")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 8000)
            client = chromadb.HttpClient(host=parts.hostname, port=port, ssl=parts.scheme == "https",
                                         settings=_chroma_settings())
            client.heartbeat()
        except Exception as error:  # chromadb raises several types for a refused or failed connection
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise IndexUnavailableError(f"cannot reach the Chroma server at {url}: {reason}") from None
        return client
    try:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.index_dir), settings=_chroma_settings())
    except Exception as error:
        raise IndexUnavailableError(f"cannot open the index in {settings.index_dir}: {error}") from None


def collection_name_for(bank) -> str:
    """``/home/me/corpus/bank.jsonl`` -> ``interviewer-bank-3f9a1c``: each bank file keeps its own collection.

    The hash of the file's full path keeps two banks with the same file name apart.
    """
    path = getattr(bank, "path", None)
    if path is None:
        return COLLECTION_PREFIX + "bank"
    digest = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:6]
    stem = (slugify(Path(path).stem) or "bank")[:80]
    return f"{COLLECTION_PREFIX}{stem}-{digest}"


class ReferenceIndex:
    """Reference chunks of a bank in a chromadb collection, kept in step with the bank by :meth:`sync`."""

    def __init__(self, client, collection_name: str, embedder: Embedder | None = None, location: str = ""):
        self.client = client
        self.collection_name = collection_name
        self.embedder = embedder or shared_embedder()
        self.location = location

    @classmethod
    def for_bank(cls, bank, settings: Settings | None = None, embedder: Embedder | None = None) -> "ReferenceIndex":
        """The index of ``bank`` (one collection per bank file name) in the configured store."""
        settings = settings or Settings.from_environment()
        location = settings.chroma_url or str(settings.index_dir)
        return cls(open_client(settings), collection_name_for(bank), embedder, location)

    @classmethod
    def current(cls, bank, settings: Settings | None = None, embedder: Embedder | None = None,
                progress: Progress | None = None, on_update=None) -> "ReferenceIndex":
        """:meth:`for_bank`, brought up to date first when it is missing or stale (``on_update`` is called then)."""
        index = cls.for_bank(bank, settings, embedder)
        if not index.is_current(bank.questions):
            if on_update:
                on_update()
            index.sync(bank.questions, progress=progress)
        return index

    # -- the collection -------------------------------------------------------------------------
    def _existing_collection(self):
        names = {getattr(c, "name", c) for c in self.client.list_collections()}
        return self.client.get_collection(self.collection_name) if self.collection_name in names else None

    def _create_collection(self):
        return self.client.create_collection(
            self.collection_name,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": self.embedder.name},
        )

    def _collection(self):
        collection = self._existing_collection()
        if collection is None:
            raise IndexUnavailableError("the index has not been built yet: run 'interviewer index'")
        return collection

    def count(self) -> int:
        collection = self._existing_collection()
        return collection.count() if collection is not None else 0

    # -- keeping it current ---------------------------------------------------------------------
    def pending_changes(self, questions: Iterable[Question]) -> tuple[list[Chunk], list[str], bool]:
        """Chunks to embed, ids to delete, and whether the whole index must be rebuilt (model changed)."""
        chunks = bank_chunks(questions)
        collection = self._existing_collection()
        if collection is None or (collection.metadata or {}).get("embedding_model") != self.embedder.name:
            return chunks, [], collection is not None
        existing = set(collection.get(include=[])["ids"])
        wanted = {chunk.id for chunk in chunks}
        return [c for c in chunks if c.id not in existing], sorted(existing - wanted), False

    def is_current(self, questions: Iterable[Question]) -> bool:
        to_add, to_remove, rebuild = self.pending_changes(questions)
        return not (to_add or to_remove or rebuild)

    def sync(self, questions: list[Question], progress: Progress | None = None) -> SyncReport:
        """Embed what is new, delete what is gone; a changed embedding model rebuilds everything."""
        started = time.perf_counter()
        to_add, to_remove, rebuild = self.pending_changes(questions)
        if rebuild:
            self.client.delete_collection(self.collection_name)
        collection = self._existing_collection() or self._create_collection()
        if to_remove:
            collection.delete(ids=to_remove)
        unchanged = collection.count()  # what is left is exactly what stays
        if progress:
            progress(0, len(to_add))
        to_add = sorted(to_add, key=lambda c: len(c.embedding_text))  # similar lengths pad least
        for start in range(0, len(to_add), EMBED_SLICE):
            batch = to_add[start:start + EMBED_SLICE]
            vectors = self.embedder.encode([c.embedding_text for c in batch], batch_size=32,
                                           max_tokens=CHUNK_MAX_TOKENS, bulk=True)
            collection.add(ids=[c.id for c in batch], embeddings=vectors.tolist(),
                           documents=[c.text for c in batch], metadatas=[c.metadata for c in batch])
            if progress:
                progress(start + len(batch), len(to_add))
        return SyncReport(added=len(to_add), removed=len(to_remove), unchanged=unchanged,
                          rebuilt=rebuild, seconds=time.perf_counter() - started)

    # -- retrieval ------------------------------------------------------------------------------
    def search(self, query: str, k: int = 5, topics: list[str] | None = None,
               question_id: str | None = None) -> list[SearchHit]:
        """The ``k`` chunks nearest to ``query``, optionally only of some topics or of one question."""
        collection = self._collection()
        where = None
        if question_id is not None:
            where = {"question_id": question_id}
        elif topics:
            where = {"topic": topics[0]} if len(topics) == 1 else {"topic": {"$in": list(topics)}}
        vector = self.embedder.encode([query])[0]
        result = collection.query(query_embeddings=[vector.tolist()], n_results=max(1, k), where=where,
                                  include=["documents", "metadatas", "distances"])
        hits = []
        for chunk_id, text, metadata, distance in zip(result["ids"][0], result["documents"][0],
                                                      result["metadatas"][0], result["distances"][0]):
            hits.append(SearchHit(chunk_id=chunk_id, text=text, score=1.0 - float(distance),
                                  question_id=metadata["question_id"], topic=metadata["topic"],
                                  difficulty=metadata["difficulty"], source=metadata["source"],
                                  kind=metadata["kind"], style=metadata["style"]))
        return hits
