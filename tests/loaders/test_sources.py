"""loaders.sources: reading files, directories, JSON Lines and stdin into Articles or Skipped."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.model import Article, Skipped, content_id
from loaders.sources import list_inputs, read_articles, read_input

STORY = "Bridge reopens in Lisbon\n\nThe bridge reopened on Monday after repairs.\nTraffic resumed at noon.\n"


def _articles(records):
    return [r for r in records if isinstance(r, Article)]


def _skipped(records):
    return [r for r in records if isinstance(r, Skipped)]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "z.txt").write_text(STORY.replace("Lisbon", "Porto"), encoding="utf-8")
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b" / "deep" / "c.jsonl").write_text(
        json.dumps({"id": "c-1", "title": "Dam opens", "text": "The dam opened on Friday."}) + "\n", encoding="utf-8"
    )
    (tmp_path / "b" / "notes.md").write_text("# not an input\n", encoding="utf-8")
    (tmp_path / ".secret.txt").write_text("Hidden story text here.", encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden story text here.", encoding="utf-8")
    return tmp_path


def test_list_inputs_walks_directories_sorted_without_hidden_or_other_files(tree):
    assert list_inputs([tree]) == [str(tree / "a.txt"), str(tree / "b" / "deep" / "c.jsonl"), str(tree / "z.txt")]


def test_list_inputs_keeps_stdin_and_given_order_and_drops_duplicates(tree):
    assert list_inputs([tree / "z.txt", "-", tree / "z.txt", tree / "a.txt"]) == [
        str(tree / "z.txt"),
        "-",
        str(tree / "a.txt"),
    ]


def test_read_articles_from_a_directory_recursively(tree):
    articles = list(read_articles([tree]))
    assert [a.title for a in articles] == ["Bridge reopens in Lisbon", "Dam opens", "Bridge reopens in Porto"]
    assert all(isinstance(a, Article) for a in articles)
    assert articles[1].source == str(tree / "b" / "deep" / "c.jsonl")


def test_text_file_article_has_title_first_and_content_id(tree):
    (article,) = read_articles([tree / "a.txt"])
    assert article.title == "Bridge reopens in Lisbon"
    assert article.text == "Bridge reopens in Lisbon\n\nThe bridge reopened on Monday after repairs.\n\nTraffic resumed at noon."
    assert article.id == content_id(article.text)
    assert article.source == str(tree / "a.txt")


def test_missing_path_raises_input_error_naming_it_before_reading(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError) as info:
        read_articles([tmp_path, missing])  # raised at the call, not on iteration
    message = str(info.value)
    assert str(missing) in message and "\n" not in message


def test_empty_directory_is_reported_as_skipped(tmp_path):
    (tmp_path / "empty").mkdir()
    assert list(read_articles([tmp_path / "empty"])) == [Skipped(str(tmp_path / "empty"), "directory holds no .txt or .jsonl files")]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("x.bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8 text (byte 0x89 at offset 0)"),
        ("latin.txt", "Caf\u00e9 owners protested on Monday.".encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 3)"),
        ("nul.txt", b"Some text\x00\x01\x02 more", "binary file (NUL byte at offset 9)"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t\n", "empty file"),
    ],
)
def test_unusable_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    assert list(read_articles([path])) == [Skipped(str(path), reason)]


def test_one_bad_file_does_not_stop_the_batch(tmp_path):
    bad = tmp_path / "a_bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    good = tmp_path / "b_good.txt"
    good.write_text(STORY, encoding="utf-8")
    records = list(read_articles([tmp_path]))
    assert [type(r).__name__ for r in records] == ["Skipped", "Article"]


def test_text_with_nothing_but_boilerplate_is_skipped(tmp_path):
    path = tmp_path / "furniture.txt"
    path.write_text("Sign up for our newsletter\nComments (0)\nMost read\n", encoding="utf-8")
    (skipped,) = read_articles([path])
    assert isinstance(skipped, Skipped) and skipped.reason.startswith("no article text left after cleaning")


@pytest.mark.parametrize("content", ["Russia attacks Kharkiv", "Russia attacks Kharkiv\nComments (4)\n"])
def test_headline_only_input_becomes_a_headline_only_article(tmp_path, content):
    path = tmp_path / "one-line.txt"
    path.write_text(content, encoding="utf-8")
    (article,) = read_articles([path])
    assert (article.title, article.text) == ("Russia attacks Kharkiv", "Russia attacks Kharkiv")


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff".encode("utf-8") + STORY.encode("utf-8"))
    (article,) = read_articles([path])
    assert article.title == "Bridge reopens in Lisbon"


JSONL = "\n".join(
    [
        json.dumps(
            {
                "id": "r1",
                "title": "Talks resume",
                "text": "Talks resume\n\nNegotiators met in Doha on Nov. 8.\nBoth sides spoke of progress.",
                "url": "https://example.org/r1",
                "published": "2024-11-09T10:00:00Z",
            }
        ),
        json.dumps({"id": "r2", "title": "No body"}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"title": "Quiet day", "text": "Nothing happened on Sunday, officials said."}),
    ]
)


@pytest.fixture
def jsonl_records(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(JSONL + "\n", encoding="utf-8")
    return path, list(read_articles([path]))


def test_jsonl_good_record_keeps_id_url_and_date(jsonl_records):
    path, records = jsonl_records
    first = records[0]
    assert first == Article(
        id="r1",
        title="Talks resume",
        text="Talks resume\n\nNegotiators met in Doha on Nov. 8.\n\nBoth sides spoke of progress.",
        source=str(path),
        date=dt.date(2024, 11, 9),
        url="https://example.org/r1",
    )


def test_jsonl_bad_lines_are_skipped_with_their_line_number(jsonl_records):
    path, records = jsonl_records
    skipped = {s.source: s.reason for s in _skipped(records)}
    assert skipped[f"{path}:2"] == "record has no text"
    assert skipped[f"{path}:3"].startswith("malformed JSON line (")
    assert skipped[f"{path}:5"] == "JSON line is a list, not an object"
    assert len(skipped) == 3


def test_jsonl_record_without_id_gets_a_content_id(jsonl_records):
    _, records = jsonl_records
    last = _articles(records)[-1]
    assert last.title == "Quiet day"
    assert last.id == content_id(last.text)
    assert last.text == "Quiet day\n\nNothing happened on Sunday, officials said."


def test_jsonl_record_text_without_sentences_is_kept_rather_than_lost(tmp_path):
    path = tmp_path / "short.jsonl"
    path.write_text(json.dumps({"id": "s", "text": "Russia attacks Kharkiv"}) + "\n", encoding="utf-8")
    (article,) = read_articles([path])
    assert article.text == "Russia attacks Kharkiv"


def test_stdin_text_is_read_with_dash_as_source():
    (article,) = read_articles(["-"], stdin=io.StringIO(STORY))
    assert article.source == "-"
    assert article.title == "Bridge reopens in Lisbon"


def test_stdin_json_lines_are_detected():
    stream = io.StringIO(json.dumps({"id": "in-1", "text": "The port reopened on Tuesday."}) + "\n")
    (article,) = read_input("-", stdin=stream)
    assert (article.id, article.source, article.text) == ("in-1", "-", "The port reopened on Tuesday.")


def test_empty_stdin_is_skipped():
    assert list(read_articles(["-"], stdin=io.StringIO(""))) == [Skipped("-", "empty input")]


def test_non_utf8_stdin_is_skipped():
    stream = io.TextIOWrapper(io.BytesIO(b"Caf\xe9 news."), encoding="utf-8")
    (skipped,) = read_articles(["-"], stdin=stream)
    assert skipped == Skipped("-", "not UTF-8 text (byte 0xe9 at offset 3)")


# --- the seed files -------------------------------------------------------------------

SEED_STORY_COUNTS = {
    "000_0c95aa836001924e.txt": 1,
    "001_657ca9b6c8cd3b2e.txt": 1,
    "002_228dee5f7ed06285.txt": 1,
    "003_fe6cc361229522df.txt": 10,
    "004_2797c17a782a17bc.txt": 1,
}


@pytest.fixture(scope="module")
def seed_records(seeds_dir):
    return list(read_articles([seeds_dir]))


def test_seed_directory_gives_articles_only_with_expected_counts(seed_records):
    assert not _skipped(seed_records)
    counts: dict[str, int] = {}
    for article in seed_records:
        counts[Path(article.source).name] = counts.get(Path(article.source).name, 0) + 1
    assert counts == SEED_STORY_COUNTS


def test_seed_articles_have_distinct_content_ids(seed_records):
    ids = [a.id for a in seed_records]
    assert len(set(ids)) == len(ids)
    assert all(a.id == content_id(a.text) for a in seed_records)


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("000_0c95aa836001924e.txt", dt.date(2024, 11, 4)),  # inferred: latest day mentioned
        ("001_657ca9b6c8cd3b2e.txt", None),  # no year anywhere
        ("002_228dee5f7ed06285.txt", None),
        ("004_2797c17a782a17bc.txt", dt.date(2024, 10, 30)),  # dateline
    ],
)
def test_seed_single_story_dates(seed_records, name, date):
    (article,) = [a for a in seed_records if a.source.endswith(name)]
    assert article.date == date


def test_seed_digest_story_dates_never_pass_the_digest_date(seed_records):
    digest = [a for a in seed_records if a.source.endswith("003_fe6cc361229522df.txt")]
    dates = [a.date for a in digest]
    assert all(d is not None and dt.date(2024, 11, 1) <= d <= dt.date(2024, 11, 8) for d in dates)
    assert dates.count(dt.date(2024, 11, 8)) >= 5
