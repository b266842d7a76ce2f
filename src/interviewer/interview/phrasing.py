"""Words an interviewer says without an LLM: follow-up questions and hints built from a key point.

A key point is a sentence from a reference answer; reading it out would give the answer away and
sound like a form. So a follow-up names only the point's *focus* (its term, or the longest run of
content words the question does not already use, trimmed of verbs) and varies its wording: it
quotes what the candidate said when that helps ("You mentioned ..., but what about ...?"), asks
about a related bank question that covers the point when there is one, and challenges a
contradiction instead of asking about a gap.
"""

from __future__ import annotations

import random
import re

from interviewer.grading.text import NEGATIONS, STOPWORDS, stem

# Words, and the punctuation that ends a phrase (a comma between list items, a bracket, a stop).
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'/+\-]*|[,;:.()\[\]!?]")
# Words that say nothing about a subject, or link or act rather than name.
FILLER = frozenset(
    "using used use uses helps help helping allows allow allowing such like eg e.g etc other different various each "
    "one two new make makes made well often can way ways also important key better improve improves improving "
    "across via within same while during after before between among through without per certain specific "
    "particular shown known called including include includes many much some several typically usually "
    "especially particularly significantly effectively rather instead thereby whereas due based given "
    "process approach technique techniques method methods idea concept type types kind form".split())
VERBS = frozenset(
    "learn learns learned train trains trained apply applies applied provide provides capture captures require "
    "requires work works lead leads prevent prevents reduce reduces increase increases split splits share shares "
    "maintain maintains mimic mimics determine determines relate relates convert converts achieve achieved "
    "focus focuses need needs scale scales enable enables compute computes aim aims tend tends remain remains "
    "become becomes produce produces store stores add adds keep keeps give gives take takes combine combines "
    "limit limits control controls sum sums select selects adjust adjusts map maps generate generates "
    "predict predicts measure measures transform transforms replace replaces ignore ignores assign assigns "
    "penalize penalizes encourage encourages force forces ensure ensures introduce introduces involve involves "
    "rely relies depend depends attempt attempts facilitate quantify clip clips hinge hinges acts act "
    "affect affects handle handles mean means classify classifies dictate dictates".split())
# Words ending like verbs ("-izes", "-ates") that are nouns.
NOUNS_LIKE_VERBS = frozenset("rates gates states estimates candidates templates aggregates coordinates".split())
NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ism", "ing", "ance", "ence", "ure", "ogy", "ics", "ers",
                 "ors", "ies", "ures", "ons", "ts", "ks", "ls")
# "Term: explanation" labels that name no subject of their own.
EMPTY_TERMS = frozenset(
    "example examples note summary definition key idea idea answer techniques methods approach approaches "
    "strategies strategy options benefits advantages why how what result results in short trade-off tradeoff "
    "pros cons".split())
# Words that make the text before a colon a clause, not a term.
CLAUSE_WORDS = frozenset("is are was were has have had can will do does it they this these there we you".split())
MAX_FOCUS_WORDS = 4
MAX_QUOTE_WORDS = 12


def _display(word: str) -> str:
    """Lower case, except acronyms and names with inner capitals or digits (CNNs, PyTorch, Word2Vec)."""
    return word if (any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word)) else word.lower()


def _eligible(word: str) -> bool:
    lower = word.lower()
    if not word[0].isalnum() or lower in STOPWORDS or lower in NEGATIONS or lower in FILLER:
        return False
    return len(lower) >= 3 or word.isupper()


def _verb_like(word: str) -> bool:
    lower = word.lower()
    if lower in VERBS or lower.endswith("ly"):
        return True
    return lower.endswith(("izes", "ises", "ifies", "ates")) and lower not in NOUNS_LIKE_VERBS


def _names_something(word: str) -> bool:
    """Whether one word can stand alone as a subject: a name, an acronym, or a noun by its ending."""
    return word[0].isupper() or any(c.isdigit() for c in word) or word.lower().endswith(NOUN_SUFFIXES)


def _names_a_term(text: str) -> bool:
    """Whether the text before a colon is a term ("Step decay") rather than a clause ("LSTM has")."""
    return not any(w.lower() in CLAUSE_WORDS or _verb_like(w) for w in TOKEN.findall(text))


def _phrases(text: str) -> list[list[str]]:
    """Runs of content words, split at punctuation, function words and verbs; trailing participles dropped."""
    runs: list[list[str]] = [[]]
    for word in TOKEN.findall(text):
        if _eligible(word) and not _verb_like(word):
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    phrases = []
    for run in runs:
        while run and run[-1].lower().endswith("ed"):
            run = run[:-1]
        if run:
            phrases.append(run[:MAX_FOCUS_WORDS])
    return phrases


def focus_phrase(point: str, question: str) -> str | None:
    """What a key point is about, in a few words: its term, or its best run of words the question lacks.

    None when nothing in the point reads like a subject (the caller then words the follow-up without one).
    """
    term, _, rest = point.partition(":")
    empty_term = term.strip().lower() in EMPTY_TERMS
    if rest.strip() and 1 <= len(term.split()) <= 6 and not empty_term and _names_a_term(term):
        return " ".join(_display(w) for w in TOKEN.findall(term) if w[0].isalnum()) or None
    question_stems = {stem(w.lower()) for w in TOKEN.findall(question)}

    def new_words(run: list[str]) -> int:
        return sum(stem(w.lower()) not in question_stems for w in run)

    text = rest if rest.strip() and (empty_term or not _names_a_term(term)) else point
    phrases = [run for run in _phrases(text)
               if new_words(run) and (len(run) > 1 or _names_something(run[0]))]
    if not phrases:
        return None
    best = max(phrases, key=lambda run: (min(new_words(run), 3), len(run) <= 3, -phrases.index(run)))
    return " ".join(_display(w) for w in best)


def quote(text: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """A short quote of the candidate's words: the first ``max_words`` words, without the final stop."""
    words = text.strip().rstrip(".!?;:").split()
    clipped = " ".join(words[:max_words])
    return clipped + (" ..." if len(words) > max_words else "")


def _gist(point: str, words: int = 8) -> str:
    return quote(point, words)


def follow_up_text(point: str, question: str, rng: random.Random, *, contradicted_by: str | None = None,
                   mentioned: str | None = None, related_question: str | None = None) -> str:
    """A follow-up question aimed at ``point``.

    ``contradicted_by`` is the candidate's sentence that says the opposite, ``mentioned`` one they
    got right (to build on), ``related_question`` a bank question that covers the point.
    """
    focus = focus_phrase(point, question)
    options: list[str] = []
    if contradicted_by:
        said = quote(contradicted_by)
        options.append(f"I want to come back to something you said: \"{said}\". Is that right? Walk me through it again.")
        if focus:
            options += [f"You said \"{said}\". Are you sure about that? How does {focus} actually behave here?",
                        f"Let me challenge one thing: \"{said}\". Think about {focus} again: what really happens?"]
        return rng.choice(options)
    if related_question:
        options += [f"Let's stay on this a little longer. {related_question}",
                    f"A related question, then: {related_question}"]
        if mentioned:
            options.append(f"You mentioned \"{quote(mentioned)}\". Building on that: {related_question}")
    if focus:
        options += [f"You didn't bring up {focus}. What role does it play here?",
                    f"What about {focus}? How does it fit into your answer?",
                    f"One thing I didn't hear was {focus}. Can you say something about it?",
                    f"Suppose we turned to {focus}: what would you add?"]
        if mentioned:
            options.append(f"You mentioned \"{quote(mentioned)}\", but what about {focus}? Where does it come in?")
    if not options:
        options = ["Can you go one level deeper? What did your answer leave out?",
                   "What else would you add, say, about how this works in practice?"]
    return rng.choice(options)


def hint_text(point: str, question: str, rng: random.Random) -> str:
    """A nudge towards ``point`` that names its subject without stating it."""
    focus = focus_phrase(point, question)
    if focus:
        return rng.choice([f"Think about {focus}.", f"Consider what {focus} has to do with it.",
                           f"A strong answer would say something about {focus}."])
    return f"Think about this: {_gist(point)}"
