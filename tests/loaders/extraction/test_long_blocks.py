"""A very long paragraph reaches spaCy in bounded pieces whose offsets reproduce the text."""

from __future__ import annotations

from graph.model import Article
from loaders.extraction.pipeline import MAX_BLOCK, blocks_of, extract_article

SENTENCE = "Officials in Kyiv said Russia attacked Kharkiv on Monday with drones. "


def assert_reproduces(text: str, blocks: list[tuple[str, int]], limit: int) -> None:
    for piece, offset in blocks:
        assert 0 < len(piece) <= limit
        assert text[offset : offset + len(piece)] == piece
    # in order, and what lies between two pieces is blank
    for (previous, start), (_, offset) in zip(blocks, blocks[1:], strict=False):
        assert start + len(previous) <= offset
        assert not text[start + len(previous) : offset].strip()


def test_a_long_line_comes_in_pieces_cut_after_sentences() -> None:
    line = SENTENCE * 1000  # ≈ 70,000 characters, one paragraph
    text = "Headline\n\n" + line + "\nLast paragraph.\n"
    blocks = list(blocks_of(text, limit=5_000))
    assert len(blocks) > 14
    assert_reproduces(text, blocks, 5_000)
    assert "".join(piece for piece, _ in blocks[1:-1]) == line
    assert all(piece.startswith("Officials") for piece, _ in blocks[2:-1])  # each piece after the first of the line starts a sentence


def test_a_line_without_sentence_ends_is_cut_at_whitespace_or_anywhere() -> None:
    words = "word " * 3000
    blocks = list(blocks_of(words, limit=1_000))
    assert_reproduces(words, blocks, 1_000)
    assert all(piece.endswith(" ") for piece, _ in blocks[:-1])
    solid = "x" * 2_500
    assert [(len(piece), offset) for piece, offset in blocks_of(solid, limit=1_000)] == [(1000, 0), (1000, 1000), (500, 2000)]


def test_short_lines_are_unchanged() -> None:
    text = "One.\n\n  \nTwo three.\n"
    assert list(blocks_of(text)) == [("One.", 0), ("Two three.", 9)]
    assert MAX_BLOCK == 20_000


def test_a_half_megabyte_article_is_extracted_with_offsets_in_it(nlp) -> None:
    text = "Russia attacks Kharkiv\n\n" + SENTENCE * 7_500  # ≈ 0.5 MB, one paragraph
    extraction = extract_article(nlp, Article(id="huge", title="Russia attacks Kharkiv", text=text, source="huge.txt"))
    assert extraction.triples
    late = [t for t in extraction.triples if t.start > MAX_BLOCK]
    assert late  # pieces after the first are read too
    for triple in extraction.triples:
        assert text[triple.start : triple.end] == triple.sentence
