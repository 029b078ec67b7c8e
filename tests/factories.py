"""Sample articles and triples for the tests: one builder, and the sample sets built with it.

``ArticleBuilder`` makes one ArticleExtraction whose offsets hold (each
sentence is found in the article text, each mention at its surface form);
``make_triple`` makes a free-standing Triple. The sample sets:

* ``sparql_extractions()``: three news-like articles covering what the
  documented SPARQL examples look for (attacks inside and outside a date range,
  aid with amounts, an affiliation, casualties, a denied and a hypothetical
  claim, aliases, two articles mentioning both Russia and Ukraine);
* ``gephi_extractions()`` / ``gephi_graph()``: two articles with repeated,
  negated, hypothetical, undated and money statements, an entity mentioned but
  never related, and names that stress XML and Unicode (``ODD``, ``ROCKET``);
* ``graphql_extractions()`` / ``graphql_extra_article()``: the articles every
  GraphQL query is tried on.

Extraction samples (a war article, an aid article, an odd one, synthetic ones) are at the end.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from graph.mirror import Mirror
from graph.model import Article, ArticleExtraction, Entity, Mention, Quantity, Triple

RUSSIA = Entity("Russia", "GPE", "Russia")
RUSSIAN_FEDERATION = Entity("Russia", "GPE", "Russian Federation")
UKRAINE = Entity("Ukraine", "GPE", "Ukraine")
KYIV = Entity("Kyiv", "GPE", "Kyiv")
KHARKIV = Entity("Kharkiv", "GPE", "Kharkiv")
KURSK = Entity("Kursk", "GPE", "Kursk")
ODESA = Entity("Odesa", "GPE", "Odesa")
UNITED_STATES = Entity("United States", "GPE", "United States")
US_SHORT = Entity("United States", "GPE", "U.S.")
GERMANY = Entity("Germany", "GPE", "Germany")
NORTH_KOREA = Entity("North Korea", "GPE", "North Korea")
KLITSCHKO = Entity("Vitali Klitschko", "PERSON", "Vitali Klitschko")
KLITSCHKO_SHORT = Entity("Vitali Klitschko", "PERSON", "Klitschko")
SCHOLZ = Entity("Olaf Scholz", "PERSON", "Olaf Scholz")
ZELENSKY = Entity("Volodymyr Zelensky", "PERSON", "Volodymyr Zelensky")
ZELENSKYY = Entity("Volodymyr Zelenskyy", "PERSON", "Zelenskyy")
CHOE = Entity("Choe Son Hui", "PERSON", "Choe Son Hui")
NATO = Entity("NATO", "ORG", "NATO")
#: XML-special characters, Cyrillic Ё, an emoji, and the list delimiter in a surface form.
ODD = Entity("Ёлка & <Co> \"Ltd\" 'Kharkiv' 🚀", "ORG", "Ёлка|Co")
#: No ASCII letter at all: the key falls back to a hash.
ROCKET = Entity("🚀 Харків", "ORG", "🚀 Харків")

#: Every Gephi sample name as the tests expect to read it back.
SPECIAL_LABELS = (ODD.label, ROCKET.label, ZELENSKYY.label, KHARKIV.label)


class ArticleBuilder:
    """Builds one ArticleExtraction whose offsets hold."""

    def __init__(self, article_id: str, title: str, date: dt.date, sentences: list[str], *, url: str | None = None) -> None:
        self.sentences = sentences
        self.text = " ".join(sentences)
        self.article = Article(id=article_id, title=title, text=self.text, source=f"samples/{article_id}.txt", date=date, url=url)
        self.triples: list[Triple] = []
        self.mentions: list[Mention] = []

    def mention(self, entity: Entity, surface: str | None = None) -> Entity:
        """The entity as mentioned at ``surface`` (its own text by default), recorded as a Mention."""
        surface = surface or entity.text
        start = self.text.index(surface)
        seen = Entity(entity.label, entity.type, surface)
        self.mentions.append(Mention(seen, start, start + len(surface)))
        return seen

    def says(self, n: int, subject: Entity, predicate: str, category: str, obj: Entity | Quantity, **extra: Any) -> None:
        """A triple stated by sentence ``n`` (dated with the article unless ``date`` is given)."""
        assert self.article.date is not None
        start = self.text.index(self.sentences[n])
        extra.setdefault("date", self.article.date.isoformat())
        extra.setdefault("confidence", 0.8)
        self.triples.append(
            Triple(
                subject=subject,
                predicate=predicate,
                category=category,
                object=obj,
                source=self.article.source,
                article=self.article.id,
                sentence=self.sentences[n],
                start=start,
                end=start + len(self.sentences[n]),
                article_date=self.article.date.isoformat(),
                **extra,
            )
        )

    def build(self) -> ArticleExtraction:
        return ArticleExtraction(self.article, tuple(self.triples), tuple(self.mentions), len(self.sentences))


# -- the SPARQL samples -----------------------------------------------------------------


def sparql_extractions() -> list[ArticleExtraction]:
    first = ArticleBuilder(
        "kyiv-strike",
        "Russia strikes Kyiv as US pledges new aid",
        dt.date(2024, 11, 8),
        [
            "Russia attacked Kyiv overnight, killing 3 people and injuring 15.",
            "The United States pledged $425 million in military aid to Ukraine.",
            "Kyiv Mayor Vitali Klitschko said the Russian army did not strike the city centre.",
        ],
        url="https://news.example.com/kyiv-strike",
    )
    russia, kyiv = first.mention(RUSSIA), first.mention(KYIV)
    us = first.mention(UNITED_STATES)
    first.mention(UKRAINE)
    klitschko = first.mention(KLITSCHKO)
    army = first.mention(RUSSIA, "Russian army")
    first.says(0, russia, "attacked", "ASSAULT", kyiv, qualifiers={"killed": 3, "injured": 15})
    first.says(
        1,
        us,
        "pledged",
        "AID",
        Quantity(425_000_000, "USD", "$425 million"),
        qualifiers={"recipient": "Ukraine", "amount": 425_000_000, "currency": "USD"},
        confidence=0.9,
    )
    first.says(2, klitschko, "mayor of", "AFFILIATION", kyiv, qualifiers={"role": "mayor"})
    first.says(2, army, "struck", "ASSAULT", kyiv, polarity="negative", modality="reported", qualifiers={"attribution": "Vitali Klitschko"})

    second = ArticleBuilder(
        "berlin-talks",
        "Scholz meets Zelensky; Germany sends aid",
        dt.date(2024, 11, 12),
        [
            "Germany sent 200 million euros to Ukraine on Tuesday.",
            "Olaf Scholz met Volodymyr Zelensky in Berlin.",
            "Russia launched 62 drones at Ukraine, the air force said.",
            "Russia could attack NATO, Zelensky warned.",
        ],
        url="https://news.example.com/berlin-talks",
    )
    germany, ukraine2 = second.mention(GERMANY), second.mention(UKRAINE)
    scholz, zelensky = second.mention(SCHOLZ), second.mention(ZELENSKY)
    russia2, nato = second.mention(RUSSIA), second.mention(NATO)
    second.mention(ZELENSKY, "Zelensky")  # a second mention, by surname
    second.says(0, germany, "sent", "AID", ukraine2, date="2024-11-12", qualifiers={"amount": 200_000_000, "currency": "EUR"})
    second.says(1, scholz, "met", "CONSULT", zelensky, qualifiers={"location": "Berlin"})
    second.says(
        2,
        russia2,
        "launched drones at",
        "ASSAULT",
        ukraine2,
        modality="reported",
        qualifiers={"count": 62, "unit": "drones", "attribution": "the air force"},
    )
    second.says(3, russia2, "attacked", "ASSAULT", nato, modality="hypothetical", confidence=0.4)

    third = ArticleBuilder(
        "kharkiv-accusation",
        "Ukraine accuses Russia over Kharkiv",
        dt.date(2024, 12, 2),
        [
            "Ukraine accused Russia of shelling Kharkiv on Sunday.",
            "Russia shelled Kharkiv, wounding 4 people.",
        ],
        url="https://news.example.com/kharkiv-accusation",
    )
    ukraine3, russia3, kharkiv = third.mention(UKRAINE), third.mention(RUSSIA), third.mention(KHARKIV)
    third.says(0, ukraine3, "accused", "ACCUSE", russia3)
    third.says(1, russia3, "shelled", "ASSAULT", kharkiv, date="2024-12-01", qualifiers={"injured": 4})

    return [first.build(), second.build(), third.build()]


# -- the Gephi samples ------------------------------------------------------------------


def make_triple(
    article: str,
    subject: Entity,
    predicate: str,
    category: str,
    obj: Entity | Quantity,
    *,
    date: str | None,
    sentence: str,
    confidence: float = 0.7,
    polarity: str = "positive",
    modality: str = "asserted",
    qualifiers: dict | None = None,
) -> Triple:
    """A triple whose sentence stands alone (offsets 0 to its length), from ``<article>.txt``, undated article."""
    return Triple(
        subject=subject,
        predicate=predicate,
        category=category,
        object=obj,
        source=f"{article}.txt",
        article=article,
        sentence=sentence,
        start=0,
        end=len(sentence),
        date=date,
        article_date=None,
        polarity=polarity,
        modality=modality,
        qualifiers=qualifiers or {},
        confidence=confidence,
    )


def gephi_extractions() -> list[ArticleExtraction]:
    a1, a2 = "a1", "a2"
    first = ArticleExtraction(
        article=Article(a1, "Strikes and aid", "text", "a1.txt", dt.date(2024, 11, 4)),
        triples=(
            make_triple(
                a1, RUSSIA, "attacked", "ASSAULT", KHARKIV, date="2024-11-04", sentence="Russia attacked Kharkiv on Monday.", confidence=0.6
            ),
            make_triple(
                a1,
                US_SHORT,
                "pledged",
                "AID",
                Quantity(425e6, "USD", "$425 million"),
                date="2024-11-04",
                sentence="The U.S. pledged $425 million.",
                confidence=0.9,
                qualifiers={"recipient": "Ukraine"},
            ),
            make_triple(
                a1,
                US_SHORT,
                "pledged aid to",
                "AID",
                UKRAINE,
                date="2024-11-04",
                sentence="The U.S. pledged $100 million to Ukraine.",
                qualifiers={"amount": 100e6, "currency": "USD"},
            ),
            make_triple(
                a1,
                ZELENSKYY,
                "accused",
                "ACCUSE",
                RUSSIA,
                date="2024-11-04",
                sentence="Zelenskyy accused Russia \x07of terror.",
                confidence=0.8,
            ),
            make_triple(
                a1,
                KLITSCHKO_SHORT,
                "mayor of",
                "AFFILIATION",
                KYIV,
                date=None,
                sentence="Vitali Klitschko, the mayor of Kyiv, said...",
                confidence=0.95,
            ),
        ),
        mentions=(
            Mention(RUSSIA, 0, 6),
            Mention(RUSSIA, 40, 46),
            Mention(KHARKIV, 16, 23),
            Mention(NATO, 60, 64),
            Mention(ZELENSKYY, 70, 79),
        ),
        sentences=5,
    )
    second = ArticleExtraction(
        article=Article(a2, "More strikes", "text", "a2.txt", dt.date(2024, 11, 6)),
        triples=(
            make_triple(
                a2, RUSSIA, "attacked", "ASSAULT", KHARKIV, date="2024-11-06", sentence="Russia attacked Kharkiv again.", confidence=0.7
            ),
            make_triple(
                a2,
                RUSSIAN_FEDERATION,
                "attacked",
                "ASSAULT",
                KHARKIV,
                date="2024-11-06",
                sentence="The Russian Federation attacked Kharkiv overnight.",
                confidence=0.65,
            ),
            make_triple(
                a2, RUSSIA, "attacked", "ASSAULT", KYIV, date="2024-11-06", polarity="negative", sentence="Russia did not attack Kyiv."
            ),
            make_triple(
                a2, RUSSIA, "attacked", "ASSAULT", ODESA, date="2024-11-07", modality="hypothetical", sentence="Russia may attack Odesa."
            ),
            make_triple(
                a2,
                ODD,
                "cooperated with",
                "COOPERATE",
                KHARKIV,
                date="2024-11-05",
                sentence='Ёлка & <Co> worked with Kharkiv "officials" 🚀.',
            ),
            make_triple(a2, ROCKET, "supported", "SUPPORT", ODD, date="2024-11-05", sentence="🚀 Харків supported Ёлка."),
        ),
        mentions=(Mention(RUSSIA, 0, 6), Mention(KHARKIV, 16, 23)),
        sentences=6,
    )
    return [first, second]


def gephi_graph() -> nx.MultiDiGraph:
    """The mirror graph of the two sample articles, built by the real Mirror."""
    return Mirror.from_extractions(gephi_extractions()).graph


# -- the GraphQL samples ----------------------------------------------------------------


def graphql_extractions() -> list[ArticleExtraction]:
    a = ArticleBuilder(
        "a-kharkiv",
        "Russia strikes Kharkiv",
        dt.date(2024, 11, 4),
        [
            "Russia attacked a residential area of Kharkiv on November 3, injuring 15 people.",
            "Kyiv Mayor Vitali Klitschko said debris fell in a park.",
            "Ukraine clashed with North Korean soldiers in Kursk.",
            "Moscow did not attack Kyiv, the Kremlin said.",
        ],
    )
    russia, kharkiv = a.mention(RUSSIA), a.mention(KHARKIV)
    klitschko, kyiv = a.mention(KLITSCHKO), a.mention(KYIV)
    ukraine, nk = a.mention(UKRAINE), a.mention(NORTH_KOREA, "North Korean")
    a.says(0, russia, "attacked", "ASSAULT", kharkiv, date="2024-11-03", qualifiers={"injured": 15}, confidence=0.9)
    a.says(1, klitschko, "mayor of", "AFFILIATION", kyiv, confidence=0.8)
    a.says(2, ukraine, "clashed with", "ASSAULT", nk, confidence=0.7)
    a.says(3, a.mention(RUSSIA, "Moscow"), "attacked", "ASSAULT", kyiv, polarity="negative", modality="reported", confidence=0.6)

    b = ArticleBuilder(
        "b-aid",
        "US announces aid for Ukraine",
        dt.date(2024, 11, 1),
        [
            "The U.S. announced a $425 million military aid package for Ukraine.",
            "North Korea sent thousands of troops to Russia.",
            "Russia launched 62 drones at Kyiv overnight.",
        ],
    )
    us, ukraine_b = b.mention(UNITED_STATES, "U.S."), b.mention(UKRAINE)
    b.says(0, us, "pledged", "AID", ukraine_b, qualifiers={"amount": 425_000_000, "currency": "USD"}, confidence=0.9)
    b.says(0, us, "pledged", "AID", Quantity(425_000_000, "USD", "$425 million"), qualifiers={"recipient": "Ukraine"}, confidence=0.8)
    b.says(1, b.mention(NORTH_KOREA), "deployed", "MOBILIZE", b.mention(RUSSIA), confidence=0.85)
    b.says(2, b.mention(RUSSIA), "launched drones at", "ASSAULT", b.mention(KYIV), date="2024-10-31", confidence=0.75)

    c = ArticleBuilder(
        "c-visit",
        "North Korea's top diplomat visits Moscow",
        dt.date(2024, 10, 30),
        [
            "North Korean Foreign Minister Choe Son Hui arrived in Moscow for talks.",
            "Russia and Ukraine exchanged drone strikes.",
        ],
    )
    choe = c.mention(CHOE)
    c.says(0, choe, "foreign minister of", "AFFILIATION", c.mention(NORTH_KOREA, "North Korean"), confidence=0.8)
    c.says(0, choe, "visited", "CONSULT", c.mention(RUSSIA, "Moscow"), confidence=0.7)
    c.says(1, c.mention(RUSSIA), "struck", "ASSAULT", c.mention(UKRAINE), confidence=0.6)
    return [a.build(), b.build(), c.build()]


def graphql_extra_article(article_id: str, day: int) -> ArticleExtraction:
    w = ArticleBuilder(article_id, f"Strikes on day {day}", dt.date(2024, 11, day), [f"Russia attacked Kharkiv again on day {day}."])
    w.says(0, w.mention(RUSSIA), "attacked", "ASSAULT", w.mention(KHARKIV), confidence=0.8)
    return w.build()


RELATIONS = """
query($subject: String, $object: String, $predicate: String, $category: [Category!], $since: Date, $until: Date,
      $article: String, $minConfidence: Float, $first: Int, $after: String) {
  relations(subject: $subject, object: $object, predicate: $predicate, category: $category, since: $since,
            until: $until, article: $article, minConfidence: $minConfidence, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node {
      id predicate category date polarity modality asserted confidence qualifiers amount currency
      subject { id name }
      object { __typename ... on Entity { id name } ... on Quantity { value unit text } }
      evidence { sentence start end source subjectText article { id title date } }
    } }
  }
}"""


def relation_ids(connection: dict) -> list[str]:
    """The relation ids of a GraphQL relations connection, in order."""
    return [edge["node"]["id"] for edge in connection["edges"]]


# -- extraction samples ---------------------------------------------------------------

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
