"""Counting filler words in a transcript, from the words and the punctuation Whisper puts around them.

Counted (the keys of the result):

- hesitation sounds ``um`` (um, umm), ``uh`` (uh, uhh), ``er`` (er, erm), ``hmm`` (hmm, hm, mm);
- ``basically``, always;
- ``like`` only when Whisper sets it off with a comma after it ("it's, like, random"), and never
  after would/feel/look/seem/sound ("I'd like, ..." and "looks like, ..." are not fillers);
- ``you know`` when followed by a comma or the end of a sentence ("the network, you know, ..."),
  but not after do/did/if/as/what/how ("as you know, ..." is meant);
- ``I mean`` when followed by a comma, or opening a sentence or clause without "that/it/to/what"
  after it ("I mean, if it is too large" counts; "what I mean is" and "I mean that" do not);
- ``sort of`` and ``kind of`` as hedges ("it kind of averages"), not after a determiner ("a kind
  of regularization", "what sort of model").

Heuristics, so they miss a filler written without commas and can count a rare meant use. Whisper
leaves out most hesitation sounds unless prompted (see ``transcriber.FILLER_PROMPT``), so "um" and
"uh" counts are lower bounds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

FILLERS = ("um", "uh", "er", "hmm", "like", "you know", "I mean", "sort of", "kind of", "basically")

HESITATIONS = {"um": re.compile(r"^u+m+$"), "uh": re.compile(r"^u+h+$"), "er": re.compile(r"^e+r+m*$"),
               "hmm": re.compile(r"^(?:h+m+|m{2,})$")}
LIKE_IS_MEANT_AFTER = {"would", "i'd", "you'd", "we'd", "they'd", "he'd", "she'd", "feel", "feels", "felt",
                       "look", "looks", "looked", "seem", "seems", "seemed", "sound", "sounds", "sounded"}
YOU_KNOW_IS_MEANT_AFTER = {"do", "does", "did", "don't", "doesn't", "didn't", "if", "as", "what", "how",
                           "whether"}
I_MEAN_IS_MEANT_BEFORE = {"that", "it", "to", "what"}
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "what", "which", "some", "any", "every",
               "each", "one", "same", "different", "other", "another", "no", "whatever", "all", "what's",
               "that's", "this's", "of", "my", "your", "our", "their", "its", "his", "her"}
PUNCTUATION = " \t\"'“”‘’()[]"
CLAUSE_MARKS = ",;:…-—"
SENTENCE_MARKS = ".!?"


@dataclass(frozen=True)
class Token:
    """One word, lower-cased without punctuation, and whether punctuation follows or precedes it."""

    word: str
    pause_after: bool  # a comma, dash or ellipsis follows
    ends_sentence: bool  # . ! ? follows
    opens_clause: bool  # first word, or the previous word ended with punctuation


def tokenize(words: list[str]) -> list[Token]:
    """Tokens for Whisper's words (each may carry punctuation, e.g. ``"Umm,"`` or ``"know."``)."""
    tokens: list[Token] = []
    for text in words:
        stripped = text.strip(PUNCTUATION)
        core = stripped.strip(CLAUSE_MARKS + SENTENCE_MARKS).lower()
        if not core:
            continue
        tail = stripped[len(stripped.rstrip(CLAUSE_MARKS + SENTENCE_MARKS)):]
        ellipsis = "..." in tail or "…" in tail
        tokens.append(Token(core, pause_after=ellipsis or any(mark in tail for mark in CLAUSE_MARKS),
                            ends_sentence=not ellipsis and any(mark in tail for mark in SENTENCE_MARKS),
                            opens_clause=not tokens or tokens[-1].pause_after or tokens[-1].ends_sentence))
    return tokens


def count_fillers(words: list[str]) -> dict[str, int]:
    """How often each filler of :data:`FILLERS` occurs in ``words`` (only those that occur, most first)."""
    tokens = tokenize(words)
    counts: Counter[str] = Counter()
    index = 0
    while index < len(tokens):
        filler, width = _filler_at(tokens, index)
        if filler:
            counts[filler] += 1
            index += width
        else:
            index += 1
    return dict(counts.most_common())


def _filler_at(tokens: list[Token], index: int) -> tuple[str | None, int]:
    """The filler starting at ``tokens[index]`` and how many tokens it spans, else (None, 1)."""
    token = tokens[index]
    previous = tokens[index - 1].word if index > 0 else ""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    for name, pattern in HESITATIONS.items():
        if pattern.match(token.word):
            return name, 1
    if token.word == "basically":
        return "basically", 1
    if token.word == "like" and token.pause_after and previous not in LIKE_IS_MEANT_AFTER:
        return "like", 1
    if following is None:
        return None, 1
    pair = (token.word, following.word)
    if pair == ("you", "know") and previous not in YOU_KNOW_IS_MEANT_AFTER \
            and (following.pause_after or following.ends_sentence):
        return "you know", 2
    if pair == ("i", "mean"):
        after = tokens[index + 2].word if index + 2 < len(tokens) else ""
        if following.pause_after or (token.opens_clause and not following.ends_sentence
                                     and after not in I_MEAN_IS_MEANT_BEFORE):
            return "I mean", 2
    if pair in {("sort", "of"), ("kind", "of")} and previous not in DETERMINERS:
        return f"{token.word} of", 2
    return None, 1
