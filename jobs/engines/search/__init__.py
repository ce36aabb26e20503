"""Bilingual keyword search: Chinese segmented into bigrams, terms in both languages.

PostgreSQL's parser keeps a run of Chinese characters as one token
(`to_tsvector('english', '高级机器学习工程师')` is one lexeme), so a search for 工程师
would find nothing. The index text therefore carries every Chinese run also as its
overlapping character bigrams (高级 级机 机器 器学 学习 习工 工程 程师), and a Chinese
query word becomes the phrase of its bigrams (工程 <-> 程师): a phrase of adjacent
bigrams matches exactly where the word occurs as a substring. Bigrams were chosen
over a dictionary segmenter (jieba) by measured recall and speed (the README's
"Keyword search" section): they need no dictionary, so a word jieba segments
differently in the role and in the query (学习 inside 机器学习) is still found.

A query is read into groups: a word or phrase of the vocabulary (skills and the
title terms in `data/terms.csv`) is one group of all its spellings in both
languages, and a role must match one spelling of every group. So "machine
learning engineer" finds 机器学习工程师 and "ML" finds "Machine-learning engineer".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from jobs.engines.datafiles import fail, read_csv

DATA_DIR: Final = Path(__file__).resolve().parent / "data"
# CJK unified ideographs (with extension A and the compatibility block).
CJK: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A latin word: letters and digits, with a trailing + or # (C++, C#).
_WORD: Final = re.compile(r"[^\W_]+[+#]*")
MAX_GROUPS: Final = 10


def has_cjk(text: str) -> bool:
    return CJK.search(text) is not None


def bigrams(run: str) -> list[str]:
    """The overlapping character pairs of a Chinese run; a single character is kept."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_text(text: str) -> str:
    """`text` for the search vector: as written, then every Chinese run's bigrams."""
    pairs = [" ".join(bigrams(run)) for run in CJK.findall(text)]
    return " ".join([text, *pairs]) if pairs else text


def fold(text: str) -> str:
    """Case, width and separators folded: 'Machine-Learning' -> 'machine learning'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_tokens(text))


def _tokens(text: str) -> list[str]:
    """Latin words and whole Chinese runs, in order ("ML工程师" -> ml, 工程师)."""
    found: list[str] = []
    for piece in _WORD.findall(text):
        pos = 0
        for run in CJK.finditer(piece):
            if run.start() > pos:
                found.append(piece[pos : run.start()])
            found.append(run.group())
            pos = run.end()
        if pos < len(piece):
            found.append(piece[pos:])
    return found


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Folded phrase -> every folded spelling of what it names (itself included)."""

    forms: dict[str, frozenset[str]]
    longest_latin: int  # words in the longest latin phrase
    longest_cjk: int  # characters in the longest Chinese phrase


def build_vocabulary(groups: Iterable[Iterable[str]]) -> Vocabulary:
    """A vocabulary from groups of equivalent spellings (a spelling in two groups joins them)."""
    forms: dict[str, frozenset[str]] = {}
    for group in groups:
        folded = frozenset(f for f in (fold(g) for g in group) if f)
        merged = folded.union(*(forms.get(f, frozenset()) for f in folded))
        for form in merged:
            forms[form] = merged
    latin = [len(f.split()) for f in forms if not has_cjk(f)]
    cjk = [len(f) for f in forms if has_cjk(f) and " " not in f]
    return Vocabulary(forms, max(latin, default=1), max(cjk, default=1))


@cache
def load_terms(path: Path = DATA_DIR / "terms.csv") -> tuple[tuple[str, ...], ...]:
    """The title and domain terms with their Chinese equivalents (`data/terms.csv`)."""
    terms: list[tuple[str, ...]] = []
    for line, row in read_csv(path, ("term", "equivalents")):
        term = row["term"].strip()
        equivalents = tuple(
            e.strip() for e in row["equivalents"].split("|") if e.strip()
        )
        if not term or not equivalents:
            fail(path, line, "a term needs at least one equivalent")
        terms.append((term, *equivalents))
    return tuple(terms)


def query_groups(text: str, vocabulary: Vocabulary) -> list[frozenset[str]]:
    """The query as groups of alternatives; a result matches one of every group.

    Longest match first: latin words against the vocabulary's phrases, Chinese runs
    by forward maximum matching (a character no phrase starts is kept with its
    unmatched neighbours as one literal). At most `MAX_GROUPS` groups.
    """
    tokens = _tokens(unicodedata.normalize("NFKC", text).casefold())
    groups: list[frozenset[str]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if has_cjk(token):
            groups += _cjk_groups(token, vocabulary)
            i += 1
            continue
        for n in range(min(vocabulary.longest_latin, len(tokens) - i), 0, -1):
            words = tokens[i : i + n]
            if any(has_cjk(w) for w in words):
                continue
            found = _lookup(" ".join(words), vocabulary)
            if found is not None:
                groups.append(found)
                i += n
                break
        else:
            groups.append(frozenset({token}))
            i += 1
    unique = list(dict.fromkeys(groups))
    return unique[:MAX_GROUPS]


def _lookup(phrase: str, vocabulary: Vocabulary) -> frozenset[str] | None:
    """A latin phrase's spellings; a plural ("engineers") finds its singular's."""
    found = vocabulary.forms.get(phrase)
    if found is None and len(phrase) > 3 and phrase.endswith("s"):
        found = vocabulary.forms.get(phrase[:-1])
    return found


def _cjk_groups(run: str, vocabulary: Vocabulary) -> list[frozenset[str]]:
    groups: list[frozenset[str]] = []
    literal = ""
    i = 0
    while i < len(run):
        for n in range(min(vocabulary.longest_cjk, len(run) - i), 1, -1):
            if run[i : i + n] in vocabulary.forms:
                if literal:
                    groups.append(frozenset({literal}))
                    literal = ""
                groups.append(vocabulary.forms[run[i : i + n]])
                i += n
                break
        else:
            literal += run[i]
            i += 1
    if literal:
        groups.append(frozenset({literal}))
    return groups


def latin_pattern(form: str) -> str:
    """A regular expression finding a latin phrase at a word start, separators free.

    'machine learning' matches "Machine-learning engineer"; 'ml' does not match
    "HTML". A word's end is open, so 'engineer' still finds "engineers".
    """
    words = [re.escape(w) for w in form.split()]
    return r"(?<![0-9a-z])" + r"[\s\-_/.]*".join(words)


def tsquery_text(form: str) -> tuple[str, bool]:
    """A folded form as PostgreSQL phrase text, and whether it is a prefix search.

    Chinese runs become their bigrams (as `index_text` indexes them); a lone Chinese
    character has no bigram of its own, so it is searched as a bigram prefix.
    """
    if len(form) == 1 and has_cjk(form):
        return form, True
    return " ".join(
        " ".join(bigrams(t)) if has_cjk(t) else t for t in form.split()
    ), False
