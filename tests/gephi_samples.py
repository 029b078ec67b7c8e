"""Hand-made extractions for the export tests, mirrored by the real ``graph.mirror.Mirror``.

Two articles with repeated, negated, hypothetical, undated and money statements,
an entity mentioned but never related, and names that stress XML and Unicode.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from graph.mirror import Mirror
from graph.model import Article, ArticleExtraction, Entity, Mention, Quantity, Triple

RUSSIA = Entity("Russia", "GPE", "Russia")
RUSSIAN_FEDERATION = Entity("Russia", "GPE", "Russian Federation")
KHARKIV = Entity("Kharkiv", "GPE", "Kharkiv")
KYIV = Entity("Kyiv", "GPE", "Kyiv")
ODESA = Entity("Odesa", "GPE", "Odesa")
UKRAINE = Entity("Ukraine", "GPE", "Ukraine")
UNITED_STATES = Entity("United States", "GPE", "U.S.")
ZELENSKYY = Entity("Volodymyr Zelenskyy", "PERSON", "Zelenskyy")
KLITSCHKO = Entity("Vitali Klitschko", "PERSON", "Klitschko")
NATO = Entity("NATO", "ORG", "NATO")
#: XML-special characters, Cyrillic Ё, an emoji, and the list delimiter in a surface form.
ODD = Entity("Ёлка & <Co> \"Ltd\" 'Kharkiv' 🚀", "ORG", "Ёлка|Co")
#: No ASCII letter at all: the key falls back to a hash.
ROCKET = Entity("🚀 Харків", "ORG", "🚀 Харків")

#: Every name above as the tests expect to read it back.
SPECIAL_LABELS = (ODD.label, ROCKET.label, ZELENSKYY.label, KHARKIV.label)


def _triple(
    article: str,
    subject: Entity,
    predicate: str,
    category: str,
    obj,
    *,
    date: str | None,
    sentence: str,
    confidence: float = 0.7,
    polarity: str = "positive",
    modality: str = "asserted",
    qualifiers: dict | None = None,
) -> Triple:
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


def sample_extractions() -> list[ArticleExtraction]:
    a1, a2 = "a1", "a2"
    first = ArticleExtraction(
        article=Article(a1, "Strikes and aid", "text", "a1.txt", dt.date(2024, 11, 4)),
        triples=(
            _triple(
                a1, RUSSIA, "attacked", "ASSAULT", KHARKIV, date="2024-11-04", sentence="Russia attacked Kharkiv on Monday.", confidence=0.6
            ),
            _triple(
                a1,
                UNITED_STATES,
                "pledged",
                "AID",
                Quantity(425e6, "USD", "$425 million"),
                date="2024-11-04",
                sentence="The U.S. pledged $425 million.",
                confidence=0.9,
                qualifiers={"recipient": "Ukraine"},
            ),
            _triple(
                a1,
                UNITED_STATES,
                "pledged aid to",
                "AID",
                UKRAINE,
                date="2024-11-04",
                sentence="The U.S. pledged $100 million to Ukraine.",
                qualifiers={"amount": 100e6, "currency": "USD"},
            ),
            _triple(
                a1,
                ZELENSKYY,
                "accused",
                "ACCUSE",
                RUSSIA,
                date="2024-11-04",
                sentence="Zelenskyy accused Russia \x07of terror.",
                confidence=0.8,
            ),
            _triple(
                a1,
                KLITSCHKO,
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
            _triple(
                a2, RUSSIA, "attacked", "ASSAULT", KHARKIV, date="2024-11-06", sentence="Russia attacked Kharkiv again.", confidence=0.7
            ),
            _triple(
                a2,
                RUSSIAN_FEDERATION,
                "attacked",
                "ASSAULT",
                KHARKIV,
                date="2024-11-06",
                sentence="The Russian Federation attacked Kharkiv overnight.",
                confidence=0.65,
            ),
            _triple(
                a2, RUSSIA, "attacked", "ASSAULT", KYIV, date="2024-11-06", polarity="negative", sentence="Russia did not attack Kyiv."
            ),
            _triple(
                a2, RUSSIA, "attacked", "ASSAULT", ODESA, date="2024-11-07", modality="hypothetical", sentence="Russia may attack Odesa."
            ),
            _triple(
                a2,
                ODD,
                "cooperated with",
                "COOPERATE",
                KHARKIV,
                date="2024-11-05",
                sentence='Ёлка & <Co> worked with Kharkiv "officials" 🚀.',
            ),
            _triple(a2, ROCKET, "supported", "SUPPORT", ODD, date="2024-11-05", sentence="🚀 Харків supported Ёлка."),
        ),
        mentions=(Mention(RUSSIA, 0, 6), Mention(KHARKIV, 16, 23)),
        sentences=6,
    )
    return [first, second]


def sample_graph() -> nx.MultiDiGraph:
    """The mirror graph of the two sample articles, built by the real Mirror."""
    return Mirror.from_extractions(sample_extractions()).graph
