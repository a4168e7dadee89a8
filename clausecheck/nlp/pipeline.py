"""The spaCy backbone: a blank English tokenizer with a case-insensitive lookup lemmatizer and
a sentence segmenter that knows legal text.

Everything loads offline from registry packages (spacy, spacy-lookups-data). Components are
plain ``Doc -> Doc`` callables. spaCy's classes come through ``spacy_loader`` (without
``spacy.language`` and the pipeline registry, see there).
"""

from __future__ import annotations

import functools
import re

import numpy

from clausecheck.nlp import spacy_loader

_ENGLISH = spacy_loader.english()  # first: loads the Cython classes the lean way when it can

# isort: split
from spacy.matcher import Matcher, PhraseMatcher  # noqa: E402, F401 - re-exported for detect
from spacy.tokens import Doc  # noqa: E402

# Tokens after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "u.s",
    "u.k",
    "inc",
    "ltd",
    "co",
    "corp",
    "no",
    "nos",
    "e.g",
    "i.e",
    "etc",
    "sec",
    "art",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "vs",
    "v",
    "approx",
    "para",
    "cl",
    "sch",
    "ex",
    "fig",
    "jr",
    "sr",
    "n.v",
    "b.v",
    "s.a",
    "l.l.c",
    "l.p",
    "p.c",
    "s.p.a",
    "pty",
    "plc",
    "llc",
    "dept",
    "est",
    "u.s.c",
    "c.f.r",
    "cf",
    "viz",
    "incl",
    "govt",
    "int'l",
    "intl",
    "assn",
    "bros",
}
_ENUM = re.compile(r"^\(?([a-z]{1,3}|[ivxl]{1,6}|[A-Z]|\d{1,2})\)$")
_LEMMA_FIXES = {
    "shall": "shall",
    "will": "will",
    "may": "may",
    "labor": "labour",
    "labour": "labour",
    "audits": "audit",
    "audited": "audit",
    "auditing": "audit",
}


@functools.lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    """spacy-lookups-data's English lemma table as a plain dict of strings.

    spaCy's ``Table`` hashes all 41,000 keys on load (0.14 s, a tenth of a cold start); the
    lemmatizer only ever looks words up by string, so the raw mapping is read instead.
    """
    from spacy.util import load_language_data
    from spacy_lookups_data import en

    return dict(load_language_data(en["lemma_lookup"]))


_SMALL_DOC = 16


def lemmatize(doc: Doc) -> Doc:
    """Lookup lemmas on the lower-cased form (the stock lookup table is case-sensitive).

    Vectorised over the document's distinct word forms: one lookup per form, one array write.
    """
    if not len(doc):
        return doc
    table = _lemma_table()
    if len(doc) <= _SMALL_DOC:  # cue phrases: the array round trip costs more than it saves
        for token in doc:
            low = token.lower_
            token.lemma_ = _LEMMA_FIXES.get(low) or table.get(low, low)
        return doc
    strings = doc.vocab.strings
    lower = doc.to_array("LOWER")
    forms, inverse = numpy.unique(lower, return_inverse=True)
    lemmas = numpy.empty(len(forms), dtype=numpy.uint64)
    for i, h in enumerate(forms):
        low = strings[int(h)]
        lemma = _LEMMA_FIXES.get(low) or table.get(low, low)
        lemmas[i] = strings.add(lemma)
    doc.from_array(["LEMMA"], lemmas[inverse.reshape(-1)])
    return doc


_BOUNDARY = re.compile(
    r"""\n\s*\n\s*                                          # blank line
      | (?<=[.?!])[\"”')]*\s+(?=[A-Z(\"“\[0-9])              # sentence end
      | (?<=[;:])\s+(?=\(?(?:[a-z]{1,3}|[ivxl]{1,6}|[A-Z]|\d{1,2})\)\s) # ; (b) / : (i)
      | (?<=;)\s+(?=(?:and|or)\s+\((?:[a-z]{1,3}|[ivxl]{1,6}|[A-Z]|\d{1,2})\))  # ; and (c)
      | (?<=;)\s+(?=[A-Z])                                    # ; New sentence
    """,
    re.X,
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.']*)\.[\"”')]*$")


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start (legal-text rules, regex speed)."""
    starts = [0]
    for m in _BOUNDARY.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()]
        if before.endswith(".") or before.rstrip("\"”')").endswith("."):
            w = _WORD_BEFORE.search(before)
            if w:
                word = w.group(1).lower()
                if (
                    word in ABBREVIATIONS
                    or (len(word) == 1 and word.isalpha())
                    or (len(word) <= 4 and "." in word)
                ):
                    continue
            elif re.search(r"\d\.$", before) and not re.search(r"\s\d{1,3}\.$", before):
                continue  # "1.2." inside a reference, not a sentence end
        starts.append(m.end())
    return starts


def segment(doc: Doc) -> Doc:
    """Sentence starts for legal text.

    Splits after . ; : when the next token opens a sentence or an enumerated item; keeps
    abbreviations ("U.S.", "Inc.", "No."), section references ("Section 1.2(a)") and decimals
    together; a blank line always starts a new sentence.
    """
    return _segment(doc, doc.text)


def _segment(doc: Doc, text: str) -> Doc:
    n = len(doc)
    if n == 0:
        return doc
    idx = doc.to_array("IDX").astype(numpy.int64)
    flags = numpy.full(n, -1, dtype=numpy.int64)  # -1: not a sentence start
    positions = numpy.searchsorted(idx, numpy.array(sentence_starts(text), dtype=numpy.int64))
    flags[positions[positions < n]] = 1
    flags[0] = 1
    # Token.is_sent_start setters are O(n) each; one from_array call is O(n) in all.
    # spaCy's stubs want a 2-D array; one attribute takes a 1-D one (the documented form)
    doc.from_array(["SENT_START"], flags.view(numpy.uint64))  # type: ignore[arg-type]
    return doc


class Blank:
    """What clausecheck used of ``spacy.blank("en")`` with its two components added: the
    vocabulary, the tokenizer, ``make_doc`` (with ``Language``'s length check) and the call,
    which runs the tokenizer, ``lemmatize`` and ``segment``."""

    def __init__(self, vocab, tokenizer) -> None:
        self.vocab = vocab
        self.tokenizer = tokenizer
        self.max_length = 20_000_000
        self.pipe_names = ["cc_lemmatizer", "cc_sentences"]

    def make_doc(self, text: str) -> Doc:
        if len(text) > self.max_length:  # as Language.make_doc raises it
            from spacy.errors import Errors

            raise ValueError(Errors.E088.format(length=len(text), max_length=self.max_length))
        return self.tokenizer(text)

    def __call__(self, text: str) -> Doc:
        return segment(lemmatize(self.make_doc(text)))


@functools.lru_cache(maxsize=1)
def pipeline() -> Blank:
    """The shared blank pipeline (built once per process)."""
    return Blank(*_ENGLISH)


def _phrase_key(phrases: list[str]) -> str:
    """The data-cache key of the phrases' lemmas: the phrases, spaCy's version (its tokenizer
    rules), the lemma table's version and the lemma fixes."""
    import json

    from spacy_lookups_data import __version__ as lookups_version

    from clausecheck.data import cache

    source = [
        spacy_loader.installed_version(),
        lookups_version,
        sorted(_LEMMA_FIXES.items()),
        phrases,
    ]
    return cache.key("phrase-lemmas", json.dumps(source, ensure_ascii=False))


def phrase_lemmas(nlp: Blank, phrases: list[str]) -> list[list[int]]:
    """Each phrase's token lemmas as string hashes: the key sequence a ``PhraseMatcher`` on
    ``LEMMA`` stores for a phrase (``PhraseMatcher.add`` takes it in place of a Doc).

    Tokenising and lemmatising the 1,500 shipped cue phrases, and building a Doc for each, cost
    a fifth of a cold start's engine build; their lemmas are kept in the data cache (JSON,
    ``data.cache``), keyed by the phrases and the versions of spaCy and the lemma table."""
    from clausecheck.data import cache

    store = cache.store()
    key = _phrase_key(phrases)
    known = store.get(key)
    if not (
        isinstance(known, list)
        and len(known) == len(phrases)
        and all(isinstance(item, list) and all(isinstance(w, str) for w in item) for item in known)
    ):
        known = [[t.lemma_ for t in lemmatize(nlp.make_doc(p))] for p in phrases]
        store.put(key, known)
    strings = nlp.vocab.strings
    return [[strings.add(lemma) for lemma in lemmas] for lemmas in known]


MAX_TOKEN_CHARS = 200  # longer runs without a space are broken before spaCy sees them
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")


def break_long_runs(text: str) -> str:
    """``text`` with every run of more than ``MAX_TOKEN_CHARS`` non-space characters broken by
    a space every ``MAX_TOKEN_CHARS`` characters: one character for one, so offsets hold.

    spaCy's tokenizer looks for suffixes one character at a time over the rest of a token:
    a 40,000-character run of punctuation took minutes (quadratic). No word or URL in a
    contract is that long."""
    runs = list(_LONG_RUN.finditer(text))
    if not runs:
        return text
    chars = list(text)
    for run in runs:
        for at in range(run.start() + MAX_TOKEN_CHARS, run.end(), MAX_TOKEN_CHARS):
            chars[at] = " "
    return "".join(chars)


# Whitespace-delimited chunks whose tokenisation this process has cached (see _warm).
_WARM_LIMIT = 200_000
_warmed: set[str] = set()


def _warm(tokenizer, text: str) -> None:
    """Fill the tokenizer's chunk cache with the chunks of ``text`` it has not seen.

    spaCy's tokenizer caches how it split each whitespace-delimited chunk, but stops caching
    for the rest of a document as soon as one special case (``Inc.``, ``'s``) occurs in it, which
    in a contract is within the first lines: every later chunk then runs the prefix, suffix and
    infix regexes again (50,000 times on a 200-page contract). Tokenised alone, a chunk is
    cached unless it holds a special case itself; the document's tokenisation then reads the
    cache, the same lexemes the regexes would give (the cache is spaCy's own path for a
    document without special cases). Measured over 40 pool contracts in one process: 1.12 s
    -> 0.70 s CPU; chunks seen once are cached for the next document too. The limit bounds
    the memory a long batch worker spends on it (about 20 MB)."""
    if len(_warmed) >= _WARM_LIMIT:
        return
    if tokenizer.max_cache_size < _WARM_LIMIT:
        tokenizer.max_cache_size = _WARM_LIMIT
    new = set(text.split())
    new.difference_update(_warmed)
    for chunk in new:
        tokenizer(chunk)
    _warmed.update(new)


def parse(text: str) -> Doc:
    """``pipeline()(text)`` without rebuilding the text: ``Doc.text`` joins a Python object per
    token, a fifth of the NLP step on a 200-page contract, and the caller already holds it.
    Overlong runs are broken first (``break_long_runs``), keeping every offset."""
    text = break_long_runs(text)
    nlp = pipeline()
    _warm(nlp.tokenizer, text)
    doc = nlp.make_doc(text)
    return _segment(lemmatize(doc), text)


def sentence_offsets(doc: Doc) -> numpy.ndarray:
    """Character offsets of the sentence starts (``{s.start_char for s in doc.sents}``, from
    arrays)."""
    if not len(doc):
        return numpy.zeros(0, dtype=numpy.int64)
    arr = doc.to_array(["IDX", "SENT_START"]).astype(numpy.int64)
    return arr[arr[:, 1] == 1, 0]
