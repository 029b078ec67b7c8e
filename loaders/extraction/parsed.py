"""Reads of a parsed paragraph that spaCy recomputes on every access, made once per doc.

``Token.sent`` walks the parse to find the sentence each time it is asked (a few
microseconds a call, asked hundreds of times a paragraph); ``Doc.ents`` and ``Span.ents``
make new spans and ``Doc.text`` joins every token again. The stages read these through the
functions here, which keep the answers for the paragraphs read last (a bounded number, held
with their docs: the answers hold spans, which hold the doc). A doc must not be changed
after the first read; the repairs run before any stage reads it.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token


class _Reads:
    __slots__ = ("ents", "starts", "text")

    def __init__(self) -> None:
        self.starts: list[int] | None = None
        self.text: str | None = None
        self.ents: tuple[Span, ...] | None = None


#: How many paragraphs' reads are kept: more than a batch of articles parses at once.
KEPT = 512

_READS: dict[int, tuple[Doc, _Reads]] = {}  # id(doc) -> the doc (so the id stays its) and its reads


def _reads(doc: Doc) -> _Reads:
    kept = _READS.get(id(doc))
    if kept is not None:
        return kept[1]
    if len(_READS) >= KEPT:
        del _READS[next(iter(_READS))]  # the oldest
    reads = _Reads()
    _READS[id(doc)] = (doc, reads)
    return reads


def forget_reads() -> None:
    """Drop every read kept (a batch of paragraphs has been read)."""
    _READS.clear()


def sentence_bounds(token: Token) -> tuple[int, int]:
    """(start, end) token indices of the sentence holding ``token``, as ``token.sent``'s."""
    reads = _reads(token.doc)
    starts = reads.starts
    if starts is None:
        starts = reads.starts = [s.start for s in token.doc.sents] + [len(token.doc)]
    at = bisect_right(starts, token.i) - 1
    return starts[at], starts[at + 1]


def sentence_of(token: Token) -> Span:
    """The sentence holding ``token`` (``token.sent``, without walking the parse again)."""
    start, end = sentence_bounds(token)
    return token.doc[start:end]


def text_of(doc: Doc) -> str:
    """The paragraph's text (``doc.text``, joined once)."""
    reads = _reads(doc)
    text = reads.text
    if text is None:
        text = reads.text = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Note ``text`` as the paragraph's (the text the doc was parsed from: ``doc.text``)."""
    _reads(doc).text = text


def entities(doc: Doc) -> tuple[Span, ...]:
    """The named-entity spans of the paragraph (``doc.ents``, made once)."""
    reads = _reads(doc)
    ents = reads.ents
    if ents is None:
        ents = reads.ents = tuple(doc.ents)
    return ents


def entities_within(span: Span) -> list[Span]:
    """The entity spans inside ``span``, as ``span.ents`` has them: in order, up to the
    first that starts inside and runs past its end."""
    found = []
    for ent in entities(span.doc):
        if ent.start >= span.start:
            if ent.end > span.end:
                break
            found.append(ent)
    return found


def sentence_text(token: Token) -> str:
    """The text of the sentence holding ``token`` (``token.sent.text``)."""
    start, end = sentence_bounds(token)
    doc = token.doc
    last = doc[end - 1]
    return text_of(doc)[doc[start].idx : last.idx + len(last)]
