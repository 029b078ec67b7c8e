"""Cached reads of a parsed paragraph (loaders.extraction.parsed) answer as spaCy's own do."""

from __future__ import annotations

from graph.model import Article
from loaders.extraction import parsed
from loaders.extraction.parsed import entities, entities_within, forget_reads, sentence_bounds, sentence_of, sentence_text, text_of
from loaders.extraction.pipeline import extract_articles

TEXT = 'Jane Roe met the board of Acme Corp in Oslo on Monday. Did she sign? Later, in Bergen, she told reporters: "We agreed nothing."'


def test_each_read_is_spacys(nlp):
    doc = nlp(TEXT)
    assert len(list(doc.sents)) >= 3
    for token in doc:
        assert sentence_of(token) == token.sent
        assert sentence_bounds(token) == (token.sent.start, token.sent.end)
        assert sentence_text(token) == token.sent.text
    for span in doc.sents:
        assert entities_within(span) == list(span.ents)
    assert entities(doc) == doc.ents and text_of(doc) == doc.text


def test_an_entity_across_a_boundary_ends_the_spans_entities(nlp):
    doc = nlp("Ruritania and Freedonia signed. Oslo hosted them.")
    first = doc[0:4]  # cuts no entity
    cut = doc[0:2]  # "Ruritania and": Freedonia starts inside it and runs past
    assert entities_within(first) == list(first.ents)
    assert entities_within(cut) == list(cut.ents)


def test_reads_are_made_once_kept_bounded_and_dropped(nlp):
    doc = nlp(TEXT)
    assert entities(doc) is entities(doc)
    assert text_of(doc) is text_of(doc)
    assert "newsgraph" not in str(doc.user_data)  # nothing is written into the doc
    others = [nlp(f"Paragraph {n} names Oslo.") for n in range(parsed.KEPT)]
    for other in others:
        text_of(other)
    assert len(parsed._READS) == parsed.KEPT  # the oldest, doc's, made way
    assert entities(doc) == doc.ents  # read again, as spaCy has it
    forget_reads()
    assert not parsed._READS


def test_a_batch_leaves_no_reads_behind(nlp):
    forget_reads()
    list(extract_articles(nlp, [Article("p1", "", TEXT, "-", None)]))
    assert not parsed._READS


def test_the_text_noted_when_parsing_is_the_docs(nlp, monkeypatch):
    from loaders.extraction import pipeline

    noted: list[tuple[str, str]] = []

    def noting(doc, text):
        noted.append((doc.text, text))
        parsed.remember_text(doc, text)

    monkeypatch.setattr(pipeline, "remember_text", noting)
    text = "Jane Roe  met the board.\n\nBarack Obama accused   Acme of overreach.\n\n  Oslo hosted them. "
    list(extract_articles(nlp, [Article("p2", "", text, "-", None)]))
    assert len(noted) >= 2 and all(joined == given for joined, given in noted)
