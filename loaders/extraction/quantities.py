"""Money and counts: "$425 million" -> 425000000 USD, "at least 15 people" ->
15 people (at least). Number words go through text2num (text_to_num)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token
from text_to_num import alpha2digit

from graph.model import Quantity
from loaders.extraction.parsed import text_of
from loaders.extraction.tables import word_list

#: Prizes counted ("won five awards") are no quantity of the deed.
PRIZE_NOUNS = word_list("prize_nouns")

CURRENCY_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "HK$": "HKD",
    "C$": "CAD",
    "A$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "R$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₴": "UAH",
    "₽": "RUB",
    "₹": "INR",
}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "gbp": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "hryvnas": "UAH",
    "ruble": "RUB",
    "rubles": "RUB",
    "roubles": "RUB",
    "rouble": "RUB",
    "rupee": "INR",
    "rupees": "INR",
    "shekel": "ILS",
    "shekels": "ILS",
    "francs": "CHF",
    "franc": "CHF",
    "won": "KRW",
    "lira": "TRY",
    "zloty": "PLN",
}
SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
APPROXIMATE = (
    "at least",
    "more than",
    "over",
    "about",
    "around",
    "nearly",
    "almost",
    "up to",
    "some",
    "roughly",
    "approximately",
    "at most",
    "fewer than",
    "less than",
    "an estimated",
    "as many as",
    "close to",
)
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)")


def number_in(text: str) -> float | None:
    """The number a phrase states ("8,000", "fifteen", "1.5 billion", "a dozen")."""
    text = text.replace("a dozen", "12").replace("dozens", "24")
    if not _NUMBER.search(text):
        text = alpha2digit(text, "en", threshold=0)
    match = _NUMBER.search(text)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    after = text[match.end() :].strip().lower().split()
    if after and after[0].rstrip(".") in SCALES:
        value *= SCALES[after[0].rstrip(".")]
    else:
        tail = re.match(r"([a-z]+)", text[match.end() :].lower())
        if tail and tail.group(1) in ("bn", "m", "tn", "mln"):
            value *= SCALES[tail.group(1)]
    return value


def approximate_marker(words: str) -> str | None:
    """The at-least/about marker in the words before a number, if any."""
    low = " " + words.lower().strip() + " "
    for marker in APPROXIMATE:
        if low.endswith(" " + marker + " ") or low.endswith(" " + marker + "  "):
            return marker
    return None


def money_in(text: str, before: str = "") -> Quantity | None:
    """A money Quantity from a MONEY phrase ("$425 million", "€50bn", "10 million euros")."""
    currency = None
    stripped = text.strip()
    for symbol, code in sorted(CURRENCY_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        if symbol in stripped:
            currency = code
            break
    if currency is None:
        for word in re.findall(r"[A-Za-z]+", stripped):
            if word.lower() in CURRENCY_WORDS:
                currency = CURRENCY_WORDS[word.lower()]
                break
    value = number_in(stripped.replace("$", " ").replace("€", " ").replace("£", " "))
    if value is None or currency is None:
        return None
    if re.search(r"\b(cents?|pence)\b", stripped.lower()):
        value = value / 100  # "40 euro cents": hundredths of the currency named
    marker = approximate_marker(before)
    for m in APPROXIMATE:
        if stripped.lower().startswith(m + " "):
            marker = m
    return Quantity(value=value, unit=currency, text=stripped, approximate=marker)


def count_in(number_text: str, unit: str, before: str = "") -> Quantity | None:
    """A count Quantity ("62", "drones") with an approximate marker from the words before."""
    value = number_in(number_text)
    if value is None:
        return None
    marker = approximate_marker(before)
    for m in APPROXIMATE:
        if number_text.lower().startswith(m + " "):
            marker = m
    return Quantity(value=value, unit=unit.lower(), text=f"{number_text} {unit}".strip(), approximate=marker)


# -- quantities in a parse -----------------------------------------------------

CASUALTY_VERBS = {"injure": "injured", "wound": "injured", "kill": "killed", "hurt": "injured"}


def quantity_qualifiers(quantity: Quantity) -> dict:
    if quantity.unit.isupper():
        out = {"amount": quantity.value, "currency": quantity.unit}
    else:
        out = {"count": quantity.value, "unit": quantity.unit}
    if quantity.approximate:
        out["approximate"] = quantity.approximate
    return out


def _words_before(token, n: int = 3) -> str:
    doc = token.doc
    return doc[max(0, token.i - n) : token.i].text


#: Money written out: a currency symbol and a number ("HK$327m", "£1.2bn"), or a number and a
#: currency word ("2.39bn rupees", "10 million euros").
_SYMBOLS = "|".join(re.escape(k) for k in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_SCALE = r"(?:\s?(?:bn|m|tn|mln|k)\b|\s(?:thousand|million|billion|trillion)\b)?"
MONEY = re.compile(
    rf"(?:(?<![A-Za-z])(?:{_SYMBOLS})\s?\d[\d,]*(?:\.\d+)?{_SCALE})"
    rf"|(?:\b\d[\d,]*(?:\.\d+)?{_SCALE}\s(?:{'|'.join(sorted(CURRENCY_WORDS, key=len, reverse=True))})\b)",
    re.IGNORECASE,
)
#: Verbs of change whose "to" phrase states the new figure ("profits rose to £5m").
CHANGE_VERBS = frozenset("rise climb jump surge soar increase grow fall drop slip slide sink decline plunge tumble shrink".split())


def money_at(doc: Doc, start: int, end: int) -> Quantity | None:
    """The first amount of money written between two character offsets of a parsed text."""
    text = text_of(doc)
    for match in MONEY.finditer(text, start, end):
        before = text[max(0, match.start() - 30) : match.start()]
        money = money_in(match.group(), before)
        if money is not None:
            return money
    return None


def _phrase_core(head: Token) -> list[Token]:
    """A noun phrase without what trails it ("5,000 jobs [following its $10bn takeover]"),
    unless the head is a bare number or measure whose amount follows ("a package of $3m")."""
    trailing = [
        c
        for c in head.rights
        if c.dep_ in ("prep", "relcl", "acl", "advcl", "appos", "conj", "cc", "punct")
        and c.lower_ not in ("of", "worth", "to", "in", "at", "by", "from")
    ]
    if not trailing or head.lower_ in ("worth", "total", "sum", "package", "deal", "loan", "bid", "fine", "payment"):
        return list(head.subtree)
    cut = min(c.left_edge.i for c in trailing)
    return [t for t in head.subtree if t.i < cut] or [head]


_DIGIT = re.compile(r"\d")


def may_state_figures(span: Span) -> bool:
    """False when ``quantity_for`` finds nothing in any of the span's verbs: money is written
    with a digit, and a count is a number the parser hangs on its noun (``nummod``)."""
    doc = span.doc
    if _DIGIT.search(text_of(doc), doc[span.start].idx, doc[span.end - 1].idx + len(doc[span.end - 1])):
        return True
    return any(t.dep_ == "nummod" for t in span)


def quantity_for(verb: Token) -> Quantity | None:
    """The money or count the verb's object phrase states ("a $300 million package", "45 drones")."""
    doc = verb.doc
    scope = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    scope += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "with", "worth") for p in c.children]
    if verb.lemma_.lower() in CHANGE_VERBS:  # "rose 6% to £280m"
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "to" and len(list(c.children)) > 1:
                # "jumped 12% to £4.1bn": the parser split the currency from its amount
                money = money_at(doc, doc[c.i + 1].idx, c.right_edge.idx + len(c.right_edge))
                if money is not None:
                    return money
        scope += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children]
    for head in scope:
        tokens = _phrase_core(head)
        if head.ent_type_ == "PERCENT" or head.text == "%" or head.lower_ in ("percent", "cent"):
            continue  # "paid 97% of the £1.3bn": a share of the amount, not the amount
        last = tokens[-1]
        if last.i + 1 < len(doc) and doc[last.i + 1].lower_ in ("m", "bn", "k", "million", "billion", "trillion"):
            last = doc[last.i + 1]  # "$1m" split into "$", "1" and "m"
        money = money_at(doc, tokens[0].idx, last.idx + len(last))
        if money is not None:
            return money
        if head.pos_ == "NOUN" and head.tag_ == "NNS" and head.lemma_.lower() not in PRIZE_NOUNS:
            # counts of things ("45 drones"), not "a 3-1 win", nor "won five awards" (the prizes are named as such)
            for c in head.children:
                if c.dep_ == "nummod" and c.ent_type_ != "MONEY" and c.ent_type_ not in ("DATE", "TIME", "PERCENT"):
                    number = doc[min(x.i for x in c.subtree) : c.i + 1].text
                    return count_in(number, head.text, _words_before(doc[min(x.i for x in c.subtree)]))
    return None


def casualties_in(sentence) -> dict:
    """injured/killed counts stated in a sentence ("injuring at least 15 people")."""
    found: dict = {}
    for token in sentence:
        key = CASUALTY_VERBS.get(token.lemma_.lower())
        if key is None or token.pos_ != "VERB":
            continue
        for c in token.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                for n in c.children:
                    if n.dep_ == "nummod":
                        first = min(x.i for x in n.subtree)
                        q = count_in(sentence.doc[first : n.i + 1].text, c.text)
                        if q is not None:
                            found[key] = q.value
    return found


#: Two small numbers joined by a dash: a score ("won 2-1", "6-4 7-5", "a 24-10 victory") or a
#: range ("2-3 a day", "20-30 people").
_PAIR = re.compile(r"(?<![\w.,/–-])\d{1,2} ?[-–] ?\d{1,2}(?![\w.,/%–-])")
#: Words before a pair that make it a range or a tally: "aged 18-24", "between 10-15", "voted 13-0".
_RANGE_LEADS = frozenset(
    {"aged", "ages", "between", "from", "about", "around", "some", "roughly", "approximately", "voted", "vote", "votes", "ballot"}
)
#: Words after a pair that make it a range of a measure: "2-3 a day", "10-15 km".
_MEASURE_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "QUANTITY", "MONEY"})
_RANGE_UNITS = frozenset(
    {"per", "a", "an", "each", "%", "percent", "km", "kilometres", "kilometers", "miles", "metres", "mile", "metre"}
    | {"minute", "hour", "day", "week", "month", "year", "vote", "votes"}  # "a 2-3 hour barrage", "a 13-0 vote"
)


def reports_score(span) -> bool:
    """Whether a span (an attack verb's phrase) writes a contest's score: a pair of small numbers that no word
    around makes a range ("aged 18-24", "2-3 a day", "20-30 people": a plural noun after)
    and the recognizer did not read as a date or a measure ("on 3-4 June")."""
    doc = span.doc
    text = text_of(doc)
    start, end = doc[span.start].idx, doc[span.end - 1].idx + len(doc[span.end - 1])
    for match in _PAIR.finditer(text, start, end):
        before = text[max(start, match.start() - 20) : match.start()].split()
        if before and before[-1].lower() in _RANGE_LEADS:
            continue
        pair = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if pair is not None and any(t.ent_type_ in _MEASURE_ENTITIES for t in pair):
            continue  # "on 3-4 June", "10-15 km": a date or a measure the recognizer read
        after = doc.char_span(match.end(), end, alignment_mode="expand")
        following = next((t for t in after if not t.is_space), None) if after is not None else None
        if following is not None and (following.tag_ in ("NNS", "NNPS") or following.lower_ in _RANGE_UNITS):
            continue
        return True
    return False
