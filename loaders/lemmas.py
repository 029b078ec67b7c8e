"""Lemmas remembered: spaCy's lemmatizer, asked once per word form.

spaCy's rule lemmatizer works a token out in Python each time it meets it: it
builds the token, reads its part of speech and morphology, and for a base form
(a singular noun, an infinitive, a positive adjective: most tokens of news)
decides afresh, since only inflected forms go into its cache; and it tells a
known lemma by looking it up in a list of tens of thousands of words, so each
new inflected form costs a tenth of a millisecond. In a fresh process that is
about a tenth of the time of parsing the first few hundred stories. Yet its
answer depends only on the token's text, part of speech and morphology (in
``rule`` mode; on the text alone in ``lookup`` mode). ``RememberingLemmatizer``
asks a copy of the pipeline's own lemmatizer, its word lists made sets, once per
such triple and reads the rest from a table, a doc at a time as arrays: the
same lemmas. As in spaCy, a token that already has a lemma (one the attribute
ruler set) keeps it unless the lemmatizer overwrites.

``remember_lemmas(nlp)`` swaps it in for a pipeline's ``lemmatizer`` when that
is spaCy's lemmatizer, or its English one, in ``rule`` or ``lookup`` mode (other
languages' and custom modes may read more of the token; the pipeline is then
left as it is);
``tests/loaders/test_lemmas.py`` checks the lemmas equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loaders.components import put_in_place, register

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

FACTORY = "newsgraph_lemmatizer"

#: Modes whose answer depends only on a token's text, part of speech and morphology.
MODES = frozenset({"rule", "lookup"})


class RememberingLemmatizer:
    """A pipeline component: ``lemmatizer``'s lemmas, each worked out once per
    (text, part of speech, morphology)."""

    def __init__(self, lemmatizer: Lemmatizer, name: str = FACTORY):
        self.lemmatizer = lemmatizer
        self.name = name
        self._known: dict[tuple[int, int, int], str] = {}  # (orth, pos, morph) → lemma
        self._asking: Lemmatizer | None = None  # made on first use, once the tables are loaded

    def _ask(self, token: Any) -> str:
        asking = self._asking
        if asking is None:
            asking = self._asking = _with_word_sets(self.lemmatizer)
        return asking.lemmatize(token)[0]

    def _forget(self) -> None:
        self._known.clear()
        self._asking = None

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = doc.to_array(["ORTH", "POS", "MORPH", "LEMMA"])
        lemmas = columns[:, 3]
        overwrite = self.lemmatizer.overwrite
        known = self._known
        add = doc.vocab.strings.add  # each time: a string first added in a memory zone goes with it
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            word = known.get(key)
            if word is None:
                word = known[key] = self._ask(doc[i])
            found = add(word)
            if found != lemma:
                lemmas[i] = found
                changed = True
        if changed:
            doc.from_array(["LEMMA"], lemmas)  # type: ignore[arg-type]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None, lookups: Any = None) -> None:
        """Load the lemmatizer's tables, as spaCy's ``initialize`` does."""
        self.lemmatizer.initialize(get_examples, nlp=nlp, lookups=lookups)
        self._forget()

    # The tables are the lemmatizer's; what is remembered is rebuilt on use.
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return self.lemmatizer.to_bytes(exclude=exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> RememberingLemmatizer:
        self.lemmatizer.from_bytes(data, exclude=exclude)
        self._forget()
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.lemmatizer.to_disk(path, exclude=exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RememberingLemmatizer:
        self.lemmatizer.from_disk(path, exclude=exclude)
        self._forget()
        return self


def _with_word_sets(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A lemmatizer like ``lemmatizer``, with the same tables but its lists of known
    lemmas (``lemma_index``) made sets; it checks its tables as spaCy's does on its
    first doc."""
    from spacy.lookups import Lookups

    lemmatizer._validate_tables()
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        copy = lookups.add_table(name)
        for key, value in table.items():
            copy[key] = frozenset(value) if name == "lemma_index" else value
    asking = type(lemmatizer)(lemmatizer.vocab, lemmatizer.model, lemmatizer.name, mode=lemmatizer.mode, overwrite=lemmatizer.overwrite)
    asking.lookups = lookups
    return asking


def remember_lemmas(nlp: Language, name: str = "lemmatizer") -> bool:
    """Put a ``RememberingLemmatizer`` around ``nlp``'s ``name`` in its place.

    True when swapped; False when the pipeline has no such component, or it is not
    spaCy's lemmatizer (or its English one) in a mode whose answer depends only on the
    token's text, part of speech and morphology: the pipeline is then left as it was.
    """
    from spacy.lang.en.lemmatizer import EnglishLemmatizer  # heavy: spaCy is loaded by now
    from spacy.pipeline import Lemmatizer

    stock = nlp.get_pipe(name) if name in nlp.pipe_names else None
    # other languages' lemmatizers may read more of the token (Spanish's: where the sentence starts)
    if type(stock) not in (Lemmatizer, EnglishLemmatizer) or not isinstance(stock, Lemmatizer) or stock.mode not in MODES:
        return False
    register(FACTORY, _make, assigns=["token.lemma"], requires=["token.pos"], default_config={"mode": "rule", "overwrite": False})
    remembering = put_in_place(nlp, name, FACTORY, {"mode": stock.mode, "overwrite": stock.overwrite})
    assert isinstance(remembering, RememberingLemmatizer)
    remembering.lemmatizer = stock  # its tables, loaded
    return True


def _make(nlp: Language, name: str, mode: str, overwrite: bool) -> RememberingLemmatizer:
    lemmatizer: Any = nlp.create_pipe("lemmatizer", name=name, config={"mode": mode, "overwrite": overwrite})
    return RememberingLemmatizer(lemmatizer, name)
