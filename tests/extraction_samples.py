"""Hand-built ArticleExtraction records for store, mirror and export tests (no spaCy)."""

from __future__ import annotations

import datetime as dt

from graph.model import Article, ArticleExtraction, Entity, Mention, Quantity, Triple

RUSSIA = Entity("Russia", "GPE", "Russia")
RUSSIAN = Entity("Russia", "GPE", "Russian")
KHARKIV = Entity("Kharkiv", "GPE", "Kharkiv")
KYIV = Entity("Kyiv", "GPE", "Kyiv")
USA = Entity("United States", "GPE", "U.S.")
USA_LONG = Entity("United States", "GPE", "the United States")
UKRAINE = Entity("Ukraine", "GPE", "Ukraine")
KLITSCHKO = Entity("Vitali Klitschko", "PERSON", "Klitschko")


def _triple(article: Article, sentence: str, start: int, subject, predicate, category, obj, **extra) -> Triple:
    return Triple(
        subject=subject,
        predicate=predicate,
        category=category,
        object=obj,
        source=article.source,
        article=article.id,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        article_date=article.date.isoformat() if article.date else None,
        **extra,
    )


def war_article(article_id: str = "a1", *, extra_sentence: str = "") -> ArticleExtraction:
    s1 = "Russian forces attacked Kharkiv on Saturday."
    s2 = 'The U.S. pledged about $425 million in aid to Ukraine, the "Pentagon" said.'
    s3 = "Russia did not attack Kyiv."
    s4 = "Vitali Klitschko, the mayor of Kyiv, said the city might be hit again."
    text = " ".join(filter(None, (s1, s2, s3, s4, extra_sentence)))
    article = Article(
        id=article_id,
        title="Strikes on Kharkiv — aid pledged",
        text=text,
        source=f"seeds/{article_id}.txt",
        date=dt.date(2024, 11, 9),
        url=f"https://news.example.com/{article_id}?x=1&y=2",
    )
    o2, o3, o4 = text.index(s2), text.index(s3), text.index(s4)
    triples = (
        _triple(article, s1, 0, RUSSIAN, "attacked", "ASSAULT", KHARKIV, date="2024-11-09", confidence=0.9),
        _triple(
            article,
            s2,
            o2,
            USA,
            "pledged",
            "AID",
            Quantity(425_000_000.0, "USD", "$425 million", approximate="about"),
            date="2024-11-09",
            modality="reported",
            qualifiers={
                "amount": 425_000_000,
                "currency": "USD",
                "recipient": "Ukraine",
                "attribution": "Pentagon",
                "approximate": "about",
            },
            confidence=0.73,
        ),
        _triple(article, s3, o3, RUSSIA, "attacked", "ASSAULT", KYIV, polarity="negative", confidence=0.6),
        _triple(article, s4, o4, KLITSCHKO, "mayor of", "AFFILIATION", KYIV, qualifiers={"role": "mayor"}, confidence=1.0),
        _triple(
            article,
            s4,
            o4,
            Entity("Kyiv", "GPE", "the city"),
            "hit",
            "ASSAULT",
            Entity("Unknown Attacker", "OTHER", ""),
            modality="hypothetical",
            confidence=0.25,
        ),
    )
    mentions = (
        Mention(RUSSIAN, 0, 7),
        Mention(KHARKIV, s1.index("Kharkiv"), s1.index("Kharkiv") + 7),
        Mention(USA, o2 + 4, o2 + 8),
        Mention(UKRAINE, o2 + s2.index("Ukraine"), o2 + s2.index("Ukraine") + 7),
        Mention(RUSSIA, o3, o3 + 6),
        Mention(KYIV, o3 + s3.index("Kyiv"), o3 + s3.index("Kyiv") + 4),
        Mention(KLITSCHKO, o4, o4 + 16),
        Mention(KYIV, o4 + s4.index("Kyiv"), o4 + s4.index("Kyiv") + 4),
    )
    return ArticleExtraction(article=article, triples=triples, mentions=mentions, sentences=4 + bool(extra_sentence))


def aid_article(article_id: str = "b2") -> ArticleExtraction:
    """A second article sharing entities (United States, Ukraine, Kyiv) with ``war_article``."""
    s1 = "The United States sent aid to Kyiv."
    s2 = "Ukraine thanked the United States."
    text = f"{s1} {s2}"
    article = Article(id=article_id, title="Aid", text=text, source="-", date=None, url=None)
    triples = (
        _triple(article, s1, 0, USA_LONG, "sent aid to", "AID", KYIV, confidence=0.8),
        _triple(article, s2, len(s1) + 1, UKRAINE, "thanked", "SUPPORT", USA_LONG, date="2024-11-10"),
    )
    mentions = (
        Mention(USA_LONG, 0, 17),
        Mention(KYIV, s1.index("Kyiv"), s1.index("Kyiv") + 4),
        Mention(UKRAINE, len(s1) + 1, len(s1) + 8),
        Mention(USA_LONG, len(s1) + 17, len(s1) + 34),
    )
    return ArticleExtraction(article=article, triples=triples, mentions=mentions, sentences=2)


def odd_article() -> ArticleExtraction:
    """Awkward values: an id needing escapes, non-ASCII text, no triples, empty title."""
    text = "Зеленський відвідав Харків. 東京"
    article = Article(id="news/2024 11#7", title="", text=text, source="feed.jsonl")
    mentions = (Mention(Entity("Kharkiv", "GPE", "Харків"), 20, 26), Mention(Entity("東京", "GPE", "東京"), 28, 30))
    return ArticleExtraction(article=article, mentions=mentions, sentences=2)


def synthetic_article(index: int, triples: int = 20) -> ArticleExtraction:
    """A generated article with ``triples`` statements among a small pool of actors."""
    actors = [Entity(f"Actor {n}", "ORG" if n % 2 else "PERSON", f"actor {n}") for n in range(12)]
    sentences = [f"Actor {i % 12} met Actor {(i * 7 + 1) % 12} in round {i}." for i in range(triples)]
    text = " ".join(sentences)
    article = Article(id=f"syn-{index}", title=f"Synthetic {index}", text=text, source="bench", date=dt.date(2024, 1, 1))
    offset, built, mentions = 0, [], []
    for i, sentence in enumerate(sentences):
        subject, obj = actors[i % 12], actors[(i * 7 + 1) % 12]
        built.append(_triple(article, sentence, offset, subject, "met", "CONSULT", obj, confidence=0.5 + (i % 5) / 10))
        mentions += [Mention(subject, offset, offset + 7), Mention(obj, offset + 12, offset + 19)]
        offset += len(sentence) + 1
    return ArticleExtraction(article=article, triples=tuple(built), mentions=tuple(mentions), sentences=len(sentences))
