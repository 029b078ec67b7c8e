"""Input files → ``Article`` records (or ``Skipped`` ones, with the reason).

Inputs are ``.txt`` files (one story, or a digest of several), JSON Lines files
of ``{"id", "title", "text", "url", "published"}`` records, directories
(searched recursively for ``*.txt`` and ``*.jsonl``, hidden files and folders
left out, in sorted order) and ``-`` for standard input (JSON Lines when it
starts with ``{``, else text).

A story with a headline but no body sentence is kept as its headline alone
(a one-line input such as "Russia attacks Poltava" is still news).

A path that does not exist is an ``InputError`` raised before anything is
read. Everything else that is wrong with one input — not a regular file (a
FIFO, a device such as ``/dev/zero``: never opened), not UTF-8, binary, empty,
a malformed or too deeply nested JSON line, a record without text or whose id
is not a string, a page of site furniture only, a story with no body left
after cleaning — becomes a ``Skipped`` record and reading goes on.

``list_inputs`` gives the files up front (for a progress bar); ``read_input``
reads one of them; ``read_articles`` reads them all, in order (the files
possibly in other processes: ``mapper``; what comes out is the same).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from graph.errors import InputError
from graph.model import Article, Skipped, content_id
from loaders.cleaning import Story, clean_document, clean_story, normalize_text
from loaders.dates import find_dateline, find_publication_date, resolve_date

__all__ = ["STDIN", "InputMapper", "list_inputs", "read_articles", "read_file", "read_input"]

STDIN = "-"
TEXT_SUFFIXES = frozenset({".txt"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_BINARY_PROBE = 8192

Record = Article | Skipped

#: ``map`` over input files, results in order (e.g. on worker processes): ``mapper(read, names)``.
InputMapper = Callable[[Callable[[str], list[Record]], Sequence[str]], Iterable[list[Record]]]


def list_inputs(paths: Sequence[str | Path]) -> list[str]:
    """The input files named by ``paths`` (directories expanded), as strings; ``-`` kept.

    Raises ``InputError`` naming the first path that does not exist.
    """
    inputs: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        name = str(raw)
        if name == STDIN:
            inputs.append(STDIN)
            continue
        path = Path(name)
        if not path.exists():
            raise InputError(f"no such file or directory: {name}")
        files = _directory_inputs(path) if path.is_dir() else [path]
        for file in files:
            resolved = str(file.resolve())
            if resolved not in seen:
                seen.add(resolved)
                inputs.append(str(file))
    return inputs


def read_articles(
    paths: Sequence[str | Path],
    *,
    stdin: TextIO | None = None,
    keep_captions: bool = True,
    mapper: InputMapper | None = None,
) -> Iterator[Record]:
    """Every article of every input, in order, with a ``Skipped`` for each unusable input.

    Paths are checked at once (``InputError`` for a missing one), before the
    returned iterator reads anything. ``keep_captions`` keeps photo captions
    (credit cut off) in the article text. ``mapper`` reads the files (not
    standard input), e.g. on worker processes; the records are the same.
    """
    inputs = list_inputs(paths)
    empty_dirs = [str(p) for p in paths if str(p) != STDIN and Path(p).is_dir() and not _directory_inputs(Path(p))]
    return _read_all(inputs, empty_dirs, stdin, keep_captions, mapper)


def read_input(name: str, *, stdin: TextIO | None = None, keep_captions: bool = True) -> Iterator[Record]:
    """The articles of one input file (or ``-``), as listed by ``list_inputs``."""
    if name == STDIN:
        yield from _read_stdin(stdin if stdin is not None else sys.stdin, keep_captions)
        return
    path = Path(name)
    try:
        kind = _special_kind(os.stat(path).st_mode)
        if kind:
            yield Skipped(name, f"not a regular file ({kind}): not read")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(name, f"can't be read ({exc.strerror or exc})")
        return
    text = _decode(name, data)
    if isinstance(text, Skipped):
        yield text
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(name, text, keep_captions)
    else:
        yield from _read_text(name, text, keep_captions)


# --- internals ---------------------------------------------------------------


def read_file(name: str, keep_captions: bool = True) -> list[Record]:
    """The records of one input file (not ``-``), as a list: what a ``mapper`` is given to run."""
    return list(read_input(name, keep_captions=keep_captions))


def _read_all(
    inputs: list[str], empty_dirs: list[str], stdin: TextIO | None, keep_captions: bool, mapper: InputMapper | None
) -> Iterator[Record]:
    for directory in empty_dirs:
        yield Skipped(directory, "directory holds no .txt or .jsonl files")
    files = [name for name in inputs if name != STDIN]
    mapped: dict[str, list[Record]] = {}
    if mapper is not None and len(files) > 1:
        mapped = dict(zip(files, mapper(partial(read_file, keep_captions=keep_captions), files), strict=True))
    for name in inputs:
        if name in mapped:
            yield from mapped[name]
        else:
            yield from read_input(name, stdin=stdin, keep_captions=keep_captions)


def _special_kind(mode: int) -> str | None:
    """What a non-regular file is (reading a FIFO or a device could block or never end)."""
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a file"


def _directory_inputs(directory: Path) -> list[Path]:
    found = []
    for file in directory.rglob("*"):
        relative = file.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if file.is_file() and file.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
            found.append(file)
    return sorted(found, key=lambda f: f.relative_to(directory).parts)


def _decode(name: str, data: bytes) -> str | Skipped:
    if not data.strip():
        return Skipped(name, "empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Skipped(name, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})")
    nul = data.find(b"\x00", 0, _BINARY_PROBE)
    if nul >= 0:
        return Skipped(name, f"binary file (NUL byte at offset {nul})")
    return text


def _read_stdin(stream: TextIO, keep_captions: bool) -> Iterator[Record]:
    try:
        text = stream.read()
    except UnicodeDecodeError as exc:
        yield Skipped(STDIN, f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})")
        return
    if isinstance(text, bytes):
        decoded = _decode(STDIN, text)
        if isinstance(decoded, Skipped):
            yield decoded
            return
        text = decoded
    if not text.strip():
        yield Skipped(STDIN, "empty input")
        return
    if "\x00" in text:
        yield Skipped(STDIN, f"binary input (NUL byte at offset {text.index(chr(0))})")
        return
    if text.lstrip().startswith("{"):
        yield from _read_jsonl(STDIN, text, keep_captions)
    else:
        yield from _read_text(STDIN, text, keep_captions)


def _read_text(name: str, text: str, keep_captions: bool) -> Iterator[Record]:
    stories = clean_document(text, keep_captions=keep_captions)
    if len(stories) == 1:
        story = stories[0]
        if not story.paragraphs and not story.title:
            yield Skipped(name, _nothing_left(story))
            return
        if _furniture_only(story):
            yield Skipped(name, _furniture_reason(story))
            return
        # The whole file is evidence here: dropped lines (captions, datelines) carry dates too.
        date = find_dateline(story.raw) or find_publication_date(story.raw)
        yield _article(story, name, date)
        return
    raw = normalize_text(text)
    digest_date = find_dateline(raw) or find_publication_date(raw)
    for number, story in enumerate(stories, 1):
        if not story.paragraphs and not story.title:
            yield Skipped(name, f"story {number}: {_nothing_left(story)}")
            continue
        if _furniture_only(story):
            yield Skipped(name, f"story {number}: {_furniture_reason(story)}")
            continue
        date = find_dateline(story.raw) or find_publication_date(story.text, default=digest_date)
        yield _article(story, name, date)


def _article(story: Story, source: str, date: dt.date | None) -> Article:
    text = story.text
    return Article(id=content_id(text), title=story.title, text=text, source=source, date=date)


def _nothing_left(story: Story) -> str:
    return f"no article text left after cleaning ({len(story.dropped)} lines of headings, captions or boilerplate)"


#: Site furniture: lines that are about the site, not the story.
_FURNITURE_REASONS = ("call to action", "link or address", "embedded post", "repeated in other stories")
#: A story without body text whose dropped lines hold this many furniture lines is a page of furniture.
_FURNITURE_LINES = 3


def _furniture_only(story: Story) -> bool:
    """No body text, only a heading amid site furniture (menus, appeals, footers)."""
    if story.paragraphs:
        return False
    furniture = sum(1 for _, reason in story.dropped if reason.startswith(_FURNITURE_REASONS))
    return furniture >= _FURNITURE_LINES


def _furniture_reason(story: Story) -> str:
    furniture = sum(1 for _, reason in story.dropped if reason.startswith(_FURNITURE_REASONS))
    return f"boilerplate only: no body text, {furniture} lines of site furniture (appeals, links, footers)"


def _read_jsonl(name: str, text: str, keep_captions: bool) -> Iterator[Record]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"malformed JSON line ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield Skipped(where, "malformed JSON line (nested too deeply)")
            continue
        except ValueError as exc:  # numbers too long to convert, and the like
            yield Skipped(where, f"malformed JSON line ({exc})")
            continue
        if not isinstance(record, dict):
            yield Skipped(where, f"JSON line is a {type(record).__name__}, not an object")
            continue
        yield _record_article(name, where, record, keep_captions)


def _record_article(name: str, where: str, record: Mapping[str, Any], keep_captions: bool) -> Record:
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return Skipped(where, "record has no text")
    given_id = record.get("id")
    if given_id is not None and not isinstance(given_id, str):
        return Skipped(where, f"record id must be a string, not a JSON {_json_type(given_id)}")
    given_title = record.get("title")
    title = " ".join(given_title.split()) if isinstance(given_title, str) and given_title.strip() else None
    story = clean_story(body, title=title, keep_captions=keep_captions)
    if _furniture_only(story):
        return Skipped(where, _furniture_reason(story))
    if story.paragraphs:
        text = story.text
    else:  # a record says what its text is: keep it rather than lose it
        plain = "\n\n".join(p for p in normalize_text(body).split("\n") if p)
        text = f"{title}\n\n{plain}" if title and not plain.startswith(title) else plain
    date = _record_date(record.get("published") or record.get("date"))
    if date is None:
        date = find_dateline(story.raw) or find_publication_date(text)
    url = record.get("url")
    return Article(
        id=str(given_id) if given_id not in (None, "") else content_id(text),
        title=story.title or "",
        text=text,
        source=name,
        date=date,
        url=url if isinstance(url, str) and url else None,
    )


def _json_type(value: Any) -> str:
    names = {bool: "boolean", int: "number", float: "number", list: "array", dict: "object"}
    return names.get(type(value), type(value).__name__)


def _record_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return resolve_date(value, None)
