"""Scraped news text → clean stories: title plus body paragraphs.

Scraped pages and e-mail digests carry much that is not the story: repeated
headlines, subheadings, photo captions, embedded posts, teasers for other
stories glued onto the end of this one, and site furniture (notification and
donation appeals, comment counters, login notices, shop links). The rules here
judge a line by its *shape*, never by site-specific strings:

* body text is made of sentences: a line that does not end like a sentence
  (headline, subheading, byline, dateline, label, stand-alone caption) is not
  body text; the first headline-shaped line at the top is the title;
* a digest is split where a bulleted headline starts a line (``• Title``), or,
  without bullets, where a headline is repeated straight away;
* a line repeating the story's title, or repeated in another story of the same
  file, is a teaser or furniture; so is a line with words glued across a
  missing space ("causeElon", "war.Russia") that does not end as a sentence or
  carries a title;
* a caption ends with a credit in parentheses ("(Name / AFP)", "(… via Getty
  Images)") or starts with "Photo:";
* an embedded post holds a ``pic.twitter.com`` link, hashtags and @handles, or
  is signed "— Name (@handle) date";
* a call to action speaks to the reader about the site (subscribe, register,
  notifications, log in, donate, "your support", "support us", comments
  counter, shop): such lines go, and so do the few lines enclosed between two
  of them (the body of an appeal);
* a paragraph contained in another one (a pull quote) goes.

Text is never lost for want of a full stop: a paragraph whose last sentence
has none is kept when it holds a sentence break or is longer than any
headline, and a story that would be left with no body at all keeps its
sentence-like lines (four words or more, not a byline) whatever their ending.

The body is returned as paragraphs; ``Story.text`` joins title and paragraphs
with blank lines, so sentence offsets into it are stable.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

__all__ = [
    "Story",
    "clean_document",
    "clean_story",
    "ends_like_sentence",
    "has_glued_words",
    "is_call_to_action",
    "is_caption",
    "is_embedded_post",
    "looks_like_headline",
    "normalize_text",
    "strip_credit",
]

_BULLET_RE = re.compile(r"^[•●▪■◆►‣∙◦]\s*")
_CLOSERS = "\"'”’»)]›"
_URL_RE = re.compile(r"https?://\S+|\bwww\.\S+|\b[\w-]+\.(?:com|org|net|co\.uk|ua|ru)/\S*", re.IGNORECASE)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_HANDLE_RE = re.compile(r"(?<![\w.])@\w{2,15}\b")
_HASHTAG_RE = re.compile(r"(?<![\w&])#[A-Za-z]\w+")
_EMBED_LINK_RE = re.compile(r"\bpic\.twitter\.com/|\btwitter\.com/\w+/status|\bx\.com/\w+/status|\bt\.co/|instagram\.com/p/", re.IGNORECASE)
_SIGNATURE_RE = re.compile(r"^[—–-]\s*[^()]{1,80}\(@\w{1,15}\)")
_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_CALL_TO_ACTION_RE = re.compile(
    r"\b(?:subscribe\b|subscribing\s+to\s+(?:us|our)|(?:our|the|free|daily|weekly)\s+newsletter|^newsletters?\b"
    r"|notifications?|sign\s+up\b|sign\s+in\s+(?:to|with|here)\b|log(?:ged|ging)?\s+in\b"
    r"|refresh\s+(?:the|your|this)\s+(?:page|browser)|thank\s+you\s+for\s+(?:registering|reading|subscribing|signing)"
    r"|your\s+(?:support|donation|contribution|subscription|inbox|browser)|support(?:ing)?\s+(?:us|our\s+\w+|independent\s+journalism)\b"
    r"|donate\s+(?:now|today)|make\s+a\s+donation|join\s+(?:us|our\s+community)\b|follow\s+(?:us\b|our\b|\S+\s+coverage)"
    r"|shop\s+now|official\s+merch|comments?\s*\(\d+\)|share\s+(?:this\s+(?:article|story|page|post)|on\s+(?:facebook|twitter|x))|click\s+here"
    r"|all\s+rights\s+reserved|privacy\s+policy|terms\s+of\s+(?:use|service)|cookies?\s+(?:policy|settings))",
    re.IGNORECASE,
)
_CREDIT_RE = re.compile(
    r"\((?P<credit>[^()]{2,120})\)\s*$",
)
_CREDIT_WORDS_RE = re.compile(
    r"/|\bvia\b|\b(?:photo|photos|photograph|image|images|getty|afp|reuters|ap|epa|pool|shutterstock|credit|courtesy)\b",
    re.IGNORECASE,
)
_CAPTION_PREFIX_RE = re.compile(r"^(?:photo|photograph|image|picture|credit|caption)s?\s*(?:by\b|:)", re.IGNORECASE)
#: Two words glued across a missing space or sentence break: "causeElon", "war.Russia", "Selydove“The".
_GLUE_RE = re.compile(r"[a-z][’'”\"]?[A-Z](?:[a-z]|\.[A-Z])|[a-z][“‘][A-Z]|[a-z]{2}[.!?][“\"‘’”]?[A-Z][a-z]")
_WORD_RE = re.compile(r"[\w’'-]+")
#: A sentence ends inside the line: "… on Monday. Officials said …".
_INNER_SENTENCE_END_RE = re.compile(r"[a-z0-9%)\]][.!?…][\"'”’»)\]]?\s+[\"'“‘«(]?[A-Z0-9]")
_BYLINE_RE = re.compile(r"^(?:by|from|with|reporting\s+by|written\s+by)\s", re.IGNORECASE)
#: Lines longer than this (in words) are not headings, whatever their ending.
_HEADING_WORDS = 30
#: A story with no body left keeps its unpunctuated lines of at least this many words.
_MIN_RESCUED_WORDS = 4
#: At most this many lines between two calls to action are part of the appeal.
_APPEAL_SPAN = 2
#: A line ending in one of these words runs on into the next line.
_RUN_ON_WORDS = frozenset(
    "a an the and or but nor of in on at to for from by with as than that which who whose whom "
    "into onto over under after before about against between during without within".split()
)
_PREFIX_CHARS = 60
#: A line shorter than this (in words) that holds a link or e-mail address is furniture.
_LINK_LINE_WORDS = 25


@dataclass(frozen=True)
class Story:
    """One story of a document: its title, clean body paragraphs, and its original lines."""

    title: str
    paragraphs: tuple[str, ...]
    raw: str = ""  # the story's lines as found (for datelines and debugging)
    dropped: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # (line, reason)

    @property
    def text(self) -> str:
        """Title and paragraphs separated by blank lines (the article text)."""
        parts = ([self.title] if self.title else []) + list(self.paragraphs)
        return "\n\n".join(parts)


def normalize_text(text: str) -> str:
    """Unicode NFC, plain newlines and spaces, no zero-width characters, trimmed lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]", " ", text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def ends_like_sentence(line: str) -> bool:
    """True when the line ends with sentence punctuation (closing quotes and brackets aside)."""
    stripped = line.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in ".!?…"


def looks_like_headline(line: str) -> bool:
    """A headline: 3–30 words, starts upper-case, no final full stop, no link, no appeal."""
    words = _WORD_RE.findall(line)
    if not 3 <= len(words) <= 30 or len(line) > 220:
        return False
    first = line.lstrip("\"'“‘")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    stripped = line.rstrip(_CLOSERS)
    if stripped.endswith((".", ":", ";", ",", "…")):
        return False
    return not (_has_link(line) or is_call_to_action(line) or is_caption(line))


def _has_link(line: str) -> bool:
    """A web address or an e-mail address in the line (the characters each must hold tested first)."""
    if ("/" in line or "www." in line.lower()) and _URL_RE.search(line):
        return True
    return "@" in line and bool(_EMAIL_RE.search(line))


def is_caption(line: str) -> bool:
    """A photo caption: ends with a credit in parentheses, or starts with "Photo:"."""
    if _CAPTION_PREFIX_RE.match(line):
        return True
    match = _CREDIT_RE.search(line)
    if not match:
        return False
    credit = match.group("credit")
    if _CREDIT_WORDS_RE.search(credit):
        return True
    # "... in 2024. (The Harbour Times)": a bare name in brackets after a full sentence.
    before = line[: match.start()].rstrip()
    words = credit.split()
    return before.endswith((".", "!", "?")) and len(words) <= 8 and all(w[:1].isupper() for w in words)


def is_call_to_action(line: str) -> bool:
    """The site talking to its reader (subscribe, notifications, donate, log in...), quotes aside."""
    return bool(_CALL_TO_ACTION_RE.search(_QUOTED_RE.sub(" ", line)))


def is_embedded_post(line: str) -> bool:
    """A line of an embedded social-media post: a post link, a signature, or hashtags and @handles."""
    if ("/" in line and _EMBED_LINK_RE.search(line)) or _SIGNATURE_RE.match(line):
        return True
    if "@" not in line and "#" not in line:
        return False
    without_emails = _EMAIL_RE.sub(" ", line)
    return len(_HANDLE_RE.findall(without_emails)) + len(_HASHTAG_RE.findall(without_emails)) >= 2


def has_glued_words(line: str) -> bool:
    """True when two words or sentences run together without a space ("causeElon")."""
    return bool(_GLUE_RE.search(line))


def clean_document(text: str, *, split: bool = True, keep_captions: bool = True) -> list[Story]:
    """The stories of a document (one, or several for a digest), cleaned.

    With ``split=False`` the document is one story whatever its shape. With
    ``keep_captions=True`` photo captions stay in the body, their credit cut
    off (they often state facts: who met whom, what was hit).
    Stories left without any body paragraph are still returned (with no
    paragraphs) so that the caller can report them.
    """
    blocks = _blocks(normalize_text(text))
    units = [(b, unit) for b, block in enumerate(blocks) for unit in block]
    starts = _story_starts(units) if split else []
    if len(starts) < 2:
        return [_clean_units(units, title=None, shared=frozenset(), titles=(), keep_captions=keep_captions)]
    segments = []
    preamble = units[: starts[0][0]]
    for n, (index, title) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(units)
        segments.append((title, units[index + 1 : end], units[index:end]))
    shared = _repeated_across(segments)
    titles = tuple(_key(title) for title, _, _ in segments)
    stories = []
    if preamble:
        story = _clean_units(preamble, title="", shared=shared, titles=titles, keep_captions=keep_captions)
        if story.paragraphs:
            stories.append(story)
    for title, body, raw in segments:
        story = _clean_units(body, title=title, shared=shared, titles=titles, keep_captions=keep_captions)
        stories.append(Story(story.title, story.paragraphs, _raw(raw), story.dropped))
    return stories


def clean_story(text: str, *, title: str | None = None, keep_captions: bool = True) -> Story:
    """One story's text cleaned; ``title`` when known (else the headline at the top, if any)."""
    blocks = _blocks(normalize_text(text))
    units = [(b, unit) for b, block in enumerate(blocks) for unit in block]
    return _clean_units(units, title=title, shared=frozenset(), titles=(), keep_captions=keep_captions)


def strip_credit(caption: str) -> str:
    """A caption without its "Photo:" label or trailing credit, ending as a sentence."""
    text = _CAPTION_PREFIX_RE.sub("", caption)
    match = _CREDIT_RE.search(text)
    if match:
        text = text[: match.start()]
    text = text.strip()
    return text if not text or ends_like_sentence(text) else text + "."


# --- internals ---------------------------------------------------------------


def _blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks of lines, with hard-wrapped lines joined back."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line:
            if current:
                blocks.append(current)
                current = []
            continue
        if current and _runs_on(current[-1], line):
            current[-1] = f"{current[-1]} {line}"
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _runs_on(previous: str, line: str) -> bool:
    """True when ``line`` continues ``previous`` (a hard-wrapped paragraph)."""
    if ends_like_sentence(previous) or previous.endswith(":"):
        return False
    last_word = previous.rsplit(" ", 1)[-1].lower()
    return line[:1].islower() or (last_word in _RUN_ON_WORDS and " " in previous)


def _key(line: str) -> str:
    """A comparison key: case, quotes, punctuation and spacing ignored."""
    folded = line.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.findall(r"[^\W_]+", folded))


def _story_starts(units: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Where digest stories start: bulleted headlines, else headlines repeated straight away."""
    bulleted = []
    for i, (_, line) in enumerate(units):
        if _BULLET_RE.match(line):
            rest = _BULLET_RE.sub("", line)
            if looks_like_headline(rest):
                bulleted.append((i, rest))
    if len(bulleted) >= 2:
        return bulleted
    repeated = []
    for i in range(len(units) - 1):
        line = units[i][1]
        if looks_like_headline(line) and _key(units[i + 1][1]) == _key(line):
            if i > 0 and _key(units[i - 1][1]) == _key(line):
                continue  # the second copy of the same headline
            repeated.append((i, line))
    return repeated


def _repeated_across(segments) -> frozenset[str]:
    """Keys (and long-line prefixes) of lines found in more than one story of a document."""
    counts: Counter[str] = Counter()
    for _, body, _ in segments:
        keys = set()
        for _, line in body:
            key = _key(line)
            keys.add(key)
            if len(key) >= _PREFIX_CHARS:
                keys.add("prefix:" + key[:_PREFIX_CHARS])
        counts.update(keys)
    return frozenset(key for key, n in counts.items() if n > 1)


def _raw(units: list[tuple[int, str]]) -> str:
    return "\n".join(line for _, line in units)


def _drop_reason(line: str, key: str, title_key: str, shared: frozenset[str], titles: tuple[str, ...]) -> str | None:
    if title_key and key == title_key:
        return "repeated headline"
    if key in shared or (len(key) >= _PREFIX_CHARS and "prefix:" + key[:_PREFIX_CHARS] in shared):
        return "repeated in other stories"
    if is_caption(line):
        return "caption"
    if is_embedded_post(line):
        return "embedded post"
    if is_call_to_action(line):
        return "call to action"
    if _has_link(line) and len(_WORD_RE.findall(line)) < _LINK_LINE_WORDS:
        return "link or address"
    if has_glued_words(line) and (not ends_like_sentence(line) or "…" in line or any(t and t in key for t in (*titles, title_key))):
        return "glued teaser"
    if not ends_like_sentence(line) and not _is_unpunctuated_paragraph(line):
        return "not a sentence (heading, byline, label)"
    if len(_WORD_RE.findall(line)) < 2:
        return "too short"
    return None


def _is_unpunctuated_paragraph(line: str) -> bool:
    """Body text whose last sentence lacks its full stop: sentences before it, or too long for a heading."""
    return bool(_INNER_SENTENCE_END_RE.search(line)) or len(_WORD_RE.findall(line)) > _HEADING_WORDS


def _rescue_body(units: list[tuple[int, str]], reasons: list[str | None]) -> None:
    """A story left without body keeps its sentence-like lines that only lacked a final full stop."""
    if any(reason is None for reason in reasons):
        return
    for i, (_, line) in enumerate(units):
        if (
            reasons[i] == "not a sentence (heading, byline, label)"
            and len(_WORD_RE.findall(line)) >= _MIN_RESCUED_WORDS
            and not _BYLINE_RE.match(line)
        ):
            reasons[i] = None


def _clean_units(
    units: list[tuple[int, str]],
    *,
    title: str | None,
    shared: frozenset[str],
    titles: tuple[str, ...],
    keep_captions: bool = True,
) -> Story:
    if title is None:
        title = _find_title(units)
    title_key = _key(title)
    reasons: list[str | None] = []
    for _, line in units:
        reasons.append(_drop_reason(line, _key(line), title_key, shared, titles))

    _drop_embedded_blocks(units, reasons)
    _drop_appeals(reasons)
    _drop_duplicates(units, reasons)
    _rescue_body(units, reasons)

    if keep_captions:
        units = [(b, strip_credit(line) if reason == "caption" else line) for (b, line), reason in zip(units, reasons, strict=True)]
        reasons = [None if reason == "caption" else reason for reason in reasons]
        _drop_duplicates(units, reasons)
    paragraphs = tuple(line for (_, line), reason in zip(units, reasons, strict=True) if reason is None)
    dropped = tuple((line, reason) for (_, line), reason in zip(units, reasons, strict=True) if reason is not None)
    return Story(title=title, paragraphs=paragraphs, raw=_raw(units), dropped=dropped)


def _find_title(units: list[tuple[int, str]]) -> str:
    """The first headline-shaped line before the first sentence of the body, or ""."""
    for _, line in units:
        if ends_like_sentence(line) and not is_call_to_action(line):
            return ""
        if looks_like_headline(line) and not _GLUE_RE.search(line):
            return line
    return ""


def _drop_embedded_blocks(units: list[tuple[int, str]], reasons: list[str | None], max_lines: int = 8) -> None:
    """An embedded post spans its whole (short) block, and a signature takes the block before it."""
    by_block: dict[int, list[int]] = {}
    for i, (block, _) in enumerate(units):
        by_block.setdefault(block, []).append(i)
    marked = set()
    block_ids = list(by_block)
    for n, block in enumerate(block_ids):
        lines = by_block[block]
        if any(reasons[i] == "embedded post" for i in lines) and len(lines) <= max_lines:
            marked.add(block)
            if any(_SIGNATURE_RE.match(units[i][1]) for i in lines) and len(lines) == 1 and n > 0:
                previous = by_block[block_ids[n - 1]]
                if len(previous) <= max_lines:
                    marked.add(block_ids[n - 1])
    for block in marked:
        for i in by_block[block]:
            if reasons[i] is None:
                reasons[i] = "embedded post"


def _drop_appeals(reasons: list[str | None]) -> None:
    """Body lines enclosed between two calls to action a few lines apart are part of the appeal."""
    appeals = [i for i, reason in enumerate(reasons) if reason == "call to action"]
    for left, right in zip(appeals, appeals[1:], strict=False):
        inside = [i for i in range(left + 1, right) if reasons[i] is None]
        if 0 < right - left - 1 <= _APPEAL_SPAN:
            for i in inside:
                reasons[i] = "call to action (appeal text)"


def _drop_duplicates(units: list[tuple[int, str]], reasons: list[str | None]) -> None:
    """A paragraph equal to or contained in another kept paragraph (a pull quote) goes."""
    kept = [(i, _key(units[i][1])) for i, reason in enumerate(reasons) if reason is None]
    seen: set[str] = set()
    for i, key in kept:
        if key in seen:
            reasons[i] = "repeated paragraph"
            continue
        seen.add(key)
        if any(j != i and len(other) > len(key) and key in other for j, other in kept if reasons[j] is None):
            reasons[i] = "pull quote (repeats a paragraph)"
