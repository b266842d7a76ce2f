"""The question bank: its schema, the Markdown parser, duplicate merging and loading."""

from interviewer.bank.build import build_bank, build_bank_from_sources, parse_documents, source_documents
from interviewer.bank.question_bank import QuestionBank, load_bank, read_jsonl, write_jsonl
from interviewer.bank.schema import Question, Reference, Source

__all__ = [
    "Question", "QuestionBank", "Reference", "Source", "build_bank", "build_bank_from_sources",
    "load_bank", "parse_documents", "read_jsonl", "source_documents", "write_jsonl",
]
