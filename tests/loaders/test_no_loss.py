"""Loaders never lose text silently: every drop is a reported skip, every repeat a warning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph.model import Article, Skipped
from loaders.cleaning import clean_document
from loaders.duplicates import sort_out_repeats
from loaders.sources import read_articles

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "import sys; from graph.cli.app import main; sys.exit(main())"]

UNPUNCTUATED = (
    "Floods cut off villages in northern Italy\n\n"
    "Heavy rain caused rivers to burst their banks on Monday. The regional government said 3,000 people "
    "had been evacuated\n"
)
LAST_SENTENCE = "The regional government said 3,000 people had been evacuated"
BOILERPLATE = (
    "Latest News And Top Stories\nSign up for our newsletter\nFollow us on Twitter\nPrivacy policy and terms of use\nAll rights reserved\n"
)


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _record(rid, text: str, title: str = "") -> str:
    return json.dumps({"id": rid, "title": title, "text": text})


# -- paragraphs without a final full stop --------------------------------------------


def test_paragraph_whose_last_sentence_lacks_a_full_stop_is_kept(tmp_path):
    path = tmp_path / "floods.txt"
    path.write_text(UNPUNCTUATED, encoding="utf-8")
    (article,) = read_articles([path])
    assert isinstance(article, Article)
    assert article.title == "Floods cut off villages in northern Italy"
    assert LAST_SENTENCE in article.text
    assert "burst their banks on Monday." in article.text


def test_story_whose_only_body_line_lacks_a_full_stop_keeps_it():
    (story,) = clean_document("Kenya sends police to Haiti\n\nKenya deployed 400 police officers to Haiti on Tuesday\n")
    assert story.paragraphs == ("Kenya deployed 400 police officers to Haiti on Tuesday",)


def test_headings_and_repeated_headlines_still_go():
    text = (
        "Floods cut off villages in northern Italy\n\nFloods cut off villages in northern Italy\n\n"
        "Heavy rain caused rivers to burst their banks on Monday.\n\nDams under pressure\n\n"
        "Engineers warned that two dams were close to capacity.\n"
    )
    (story,) = clean_document(text)
    reasons = dict(story.dropped)
    assert reasons["Dams under pressure"].startswith("not a sentence")
    assert story.text.count("Floods cut off villages") == 1


# -- JSON Lines -------------------------------------------------------------------------


def test_bad_jsonl_lines_are_skipped_with_their_number_and_the_rest_read(tmp_path):
    path = _write_jsonl(
        tmp_path / "feed.jsonl",
        [
            _record("a1", "Negotiators met in Doha on Friday."),
            "[" * 1000 + "]" * 1000,
            "[" * 100_000,
            "{not json",
            _record("a2", "Both sides spoke of progress on Saturday."),
        ],
    )
    records = list(read_articles([path]))
    articles = [r for r in records if isinstance(r, Article)]
    skipped = {s.source: s.reason for s in records if isinstance(s, Skipped)}
    assert [a.id for a in articles] == ["a1", "a2"]
    assert set(skipped) == {f"{path}:2", f"{path}:3", f"{path}:4"}
    assert all(reason.startswith("malformed JSON line") for reason in skipped.values())


@pytest.mark.parametrize("rid", [7, 1.5, True, ["a"], {"k": "v"}])
def test_record_ids_must_be_strings(tmp_path, rid):
    path = _write_jsonl(tmp_path / "ids.jsonl", [_record(rid, "Talks resumed in Doha on Friday."), _record("ok", "Talks ended.")])
    records = list(read_articles([path]))
    assert isinstance(records[0], Skipped) and records[0].source == f"{path}:1"
    assert "id must be a string" in records[0].reason
    assert isinstance(records[1], Article) and records[1].id == "ok"


# -- repeated ids and texts ---------------------------------------------------------------


def _article(aid: str, text: str, source: str) -> Article:
    return Article(id=aid, title="", text=text, source=source)


def test_repeated_ids_keep_the_last_record_and_report_the_other():
    first, second, other = (
        _article("x", "Talks resumed.", "a.jsonl"),
        _article("x", "Talks failed.", "b.jsonl"),
        _article("y", "Rain fell.", "a.jsonl"),
    )
    report = sort_out_repeats([first, second, other])
    assert report.articles == (second, other)
    (skip,) = report.skipped
    assert skip.source == "a.jsonl" and "id x is given again in b.jsonl" in skip.reason


def test_identical_copies_are_ingested_once_and_reported():
    one, copy = _article("x", "Talks resumed.", "a.txt"), _article("x", "Talks resumed.", "b.txt")
    report = sort_out_repeats([one, copy])
    assert report.articles == (one,)
    assert report.skipped[0].source == "b.txt" and "same text" in report.skipped[0].reason


def test_same_text_under_two_ids_is_kept_twice_with_a_warning():
    one, two = _article("x", "Talks resumed.", "a.jsonl"), _article("y", "Talks resumed.", "a.jsonl")
    report = sort_out_repeats([one, two])
    assert report.articles == (one, two) and report.skipped == ()
    (warning,) = report.warnings
    assert "id y" in warning and "id x" in warning


# -- boilerplate and special files -------------------------------------------------------


def test_boilerplate_only_page_is_skipped_with_a_reason(tmp_path):
    path = tmp_path / "menu.txt"
    path.write_text(BOILERPLATE, encoding="utf-8")
    (skipped,) = read_articles([path])
    assert isinstance(skipped, Skipped) and skipped.reason.startswith("boilerplate only")


def test_boilerplate_only_record_is_skipped(tmp_path):
    path = _write_jsonl(tmp_path / "feed.jsonl", [_record("m", BOILERPLATE)])
    (skipped,) = read_articles([path])
    assert isinstance(skipped, Skipped) and skipped.reason.startswith("boilerplate only")


def _read_with_deadline(paths, seconds: float = 10.0) -> list:
    result: list = []
    reader = threading.Thread(target=lambda: result.extend(read_articles(paths)), daemon=True)
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), "reading hung on a special file"
    return result


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_and_devices_are_skipped_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text("Talks resumed in Doha on Friday.\n", encoding="utf-8")
    paths = [fifo, good] + [p for p in ("/dev/zero", "/dev/null") if os.path.exists(p)]
    records = _read_with_deadline(paths)
    skipped = {str(r.source): r.reason for r in records if isinstance(r, Skipped)}
    assert "FIFO" in skipped[str(fifo)]
    if os.path.exists("/dev/zero"):
        assert "character device" in skipped["/dev/zero"]
    assert [r.source for r in records if isinstance(r, Article)] == [str(good)]


# -- the CLI ----------------------------------------------------------------------------------


def _cli(args: list[str], *, env_extra: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env_extra or {})}
    env.pop("NEWSGRAPH_SERVER", None)
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_locked_store_fails_before_the_model_loads(tmp_path):
    """With a model that does not exist, loading it first would fail with exit 3; the lock is exit 5."""
    from graph.knowledge import KnowledgeGraph

    article = tmp_path / "news.txt"
    article.write_text("Talks resumed in Doha on Friday.\n", encoding="utf-8")
    store = tmp_path / "store"
    holder = KnowledgeGraph.open(store)
    try:
        started = time.monotonic()
        result = _cli(["ingest", str(article), "--store", str(store), "--model", "no_such_model_xx"], timeout=120)
        elapsed = time.monotonic() - started
    finally:
        holder.close()
    assert result.returncode == 5, result.stderr
    assert "locked" in result.stderr
    assert elapsed < 30


@pytest.mark.slow
def test_ingest_run_stores_every_text_and_reports_every_drop(tmp_path):
    """One run over mixed inputs: what is stored is exactly the good text, every drop is reported."""
    feed = _write_jsonl(
        tmp_path / "feed.jsonl",
        [
            _record("r1", "Negotiators met in Doha on Friday. Both sides spoke of progress"),
            "[" * 1000,
            _record(["r2"], "Rebels seized the town of Goma on Sunday."),
            _record("r3", "Kenya deployed 400 police officers to Haiti on Tuesday."),
            _record("r3", "Kenya deployed 500 police officers to Haiti on Wednesday."),
            _record("r4", "Kenya deployed 500 police officers to Haiti on Wednesday."),
        ],
    )
    page = tmp_path / "floods.txt"
    page.write_text(UNPUNCTUATED, encoding="utf-8")
    menu = tmp_path / "menu.txt"
    menu.write_text(BOILERPLATE, encoding="utf-8")
    store = tmp_path / "store"
    result = _cli(["ingest", str(feed), str(page), str(menu), "--store", str(store), "--json"])
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    reasons = {s["source"]: s["reason"] for s in summary["skipped"]}
    assert reasons[f"{feed}:2"].startswith("malformed JSON line")
    assert "id must be a string" in reasons[f"{feed}:3"]
    assert "id r3 is given again" in reasons[str(feed)]
    assert reasons[str(menu)].startswith("boilerplate only")
    assert any("id r4" in w and "id r3" in w for w in summary["warnings"])
    assert "warning:" in result.stderr

    from graph.store.oxigraph import Store

    with Store.open(store, read_only=True) as opened:
        stored = {a.id: a.text for a in opened.articles()}
    assert summary["articles"] == len(stored) == 4
    assert stored["r1"] == "Negotiators met in Doha on Friday. Both sides spoke of progress"
    assert stored["r3"] == stored["r4"] == "Kenya deployed 500 police officers to Haiti on Wednesday."
    (page_text,) = [text for aid, text in stored.items() if aid not in ("r1", "r3", "r4")]
    assert LAST_SENTENCE in page_text
