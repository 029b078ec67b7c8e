"""Hand-made ArticleExtractions for the SPARQL tests: news-like, with offsets that hold.

Three articles cover what the documented example queries look for: attacks
inside and outside a date range, aid with amounts (as a quantity object and
as qualifiers), an affiliation, casualties, a denied and a hypothetical
claim, aliases, and two articles that mention both Russia and Ukraine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.model import Article, ArticleExtraction, Entity, Mention, Quantity, Triple

RUSSIA = Entity("Russia", "GPE", "Russia")
UKRAINE = Entity("Ukraine", "GPE", "Ukraine")
KYIV = Entity("Kyiv", "GPE", "Kyiv")
KHARKIV = Entity("Kharkiv", "GPE", "Kharkiv")
UNITED_STATES = Entity("United States", "GPE", "United States")
GERMANY = Entity("Germany", "GPE", "Germany")
KLITSCHKO = Entity("Vitali Klitschko", "PERSON", "Vitali Klitschko")
SCHOLZ = Entity("Olaf Scholz", "PERSON", "Olaf Scholz")
ZELENSKY = Entity("Volodymyr Zelensky", "PERSON", "Volodymyr Zelensky")
NATO = Entity("NATO", "ORG", "NATO")


class _ArticleBuilder:
    def __init__(self, article_id: str, title: str, date: dt.date, sentences: list[str]) -> None:
        self.text = " ".join(sentences)
        self.article = Article(
            id=article_id,
            title=title,
            text=self.text,
            source=f"samples/{article_id}.txt",
            date=date,
            url=f"https://news.example.com/{article_id}",
        )
        self.triples: list[Triple] = []
        self.mentions: list[Mention] = []
        self.sentences = sentences

    def sentence_span(self, index: int) -> tuple[int, int]:
        sentence = self.sentences[index]
        start = self.text.index(sentence)
        return start, start + len(sentence)

    def mention(self, entity: Entity, surface: str | None = None) -> Entity:
        surface = surface or entity.text
        start = self.text.index(surface)
        seen = Entity(entity.label, entity.type, surface)
        self.mentions.append(Mention(seen, start, start + len(surface)))
        return seen

    def triple(
        self,
        sentence: int,
        subject: Entity,
        predicate: str,
        category: str,
        obj: Entity | Quantity,
        *,
        date: str | None = None,
        polarity: str = "positive",
        modality: str = "asserted",
        qualifiers: dict[str, Any] | None = None,
        confidence: float = 0.8,
    ) -> None:
        start, end = self.sentence_span(sentence)
        self.triples.append(
            Triple(
                subject=subject,
                predicate=predicate,
                category=category,
                object=obj,
                source=self.article.source,
                article=self.article.id,
                sentence=self.sentences[sentence],
                start=start,
                end=end,
                date=date or self.article.date.isoformat(),
                article_date=self.article.date.isoformat(),
                polarity=polarity,
                modality=modality,
                qualifiers=qualifiers or {},
                confidence=confidence,
            )
        )

    def build(self) -> ArticleExtraction:
        return ArticleExtraction(
            article=self.article,
            triples=tuple(self.triples),
            mentions=tuple(self.mentions),
            sentences=len(self.sentences),
        )


def sample_extractions() -> list[ArticleExtraction]:
    first = _ArticleBuilder(
        "kyiv-strike",
        "Russia strikes Kyiv as US pledges new aid",
        dt.date(2024, 11, 8),
        [
            "Russia attacked Kyiv overnight, killing 3 people and injuring 15.",
            "The United States pledged $425 million in military aid to Ukraine.",
            "Kyiv Mayor Vitali Klitschko said the Russian army did not strike the city centre.",
        ],
    )
    russia, kyiv = first.mention(RUSSIA), first.mention(KYIV)
    us = first.mention(UNITED_STATES)
    first.mention(UKRAINE)
    klitschko = first.mention(KLITSCHKO)
    army = first.mention(RUSSIA, "Russian army")
    first.triple(0, russia, "attacked", "ASSAULT", kyiv, qualifiers={"killed": 3, "injured": 15})
    first.triple(
        1,
        us,
        "pledged",
        "AID",
        Quantity(425_000_000, "USD", "$425 million"),
        qualifiers={"recipient": "Ukraine", "amount": 425_000_000, "currency": "USD"},
        confidence=0.9,
    )
    first.triple(2, klitschko, "mayor of", "AFFILIATION", kyiv, qualifiers={"role": "mayor"})
    first.triple(
        2, army, "struck", "ASSAULT", kyiv, polarity="negative", modality="reported", qualifiers={"attribution": "Vitali Klitschko"}
    )

    second = _ArticleBuilder(
        "berlin-talks",
        "Scholz meets Zelensky; Germany sends aid",
        dt.date(2024, 11, 12),
        [
            "Germany sent 200 million euros to Ukraine on Tuesday.",
            "Olaf Scholz met Volodymyr Zelensky in Berlin.",
            "Russia launched 62 drones at Ukraine, the air force said.",
            "Russia could attack NATO, Zelensky warned.",
        ],
    )
    germany, ukraine2 = second.mention(GERMANY), second.mention(UKRAINE)
    scholz, zelensky = second.mention(SCHOLZ), second.mention(ZELENSKY)
    russia2, nato = second.mention(RUSSIA), second.mention(NATO)
    second.mention(ZELENSKY, "Zelensky")  # a second mention, by surname
    second.triple(0, germany, "sent", "AID", ukraine2, date="2024-11-12", qualifiers={"amount": 200_000_000, "currency": "EUR"})
    second.triple(1, scholz, "met", "CONSULT", zelensky, qualifiers={"location": "Berlin"})
    second.triple(
        2,
        russia2,
        "launched drones at",
        "ASSAULT",
        ukraine2,
        modality="reported",
        qualifiers={"count": 62, "unit": "drones", "attribution": "the air force"},
    )
    second.triple(3, russia2, "attacked", "ASSAULT", nato, modality="hypothetical", confidence=0.4)

    third = _ArticleBuilder(
        "kharkiv-accusation",
        "Ukraine accuses Russia over Kharkiv",
        dt.date(2024, 12, 2),
        [
            "Ukraine accused Russia of shelling Kharkiv on Sunday.",
            "Russia shelled Kharkiv, wounding 4 people.",
        ],
    )
    ukraine3, russia3, kharkiv = third.mention(UKRAINE), third.mention(RUSSIA), third.mention(KHARKIV)
    third.triple(0, ukraine3, "accused", "ACCUSE", russia3)
    third.triple(1, russia3, "shelled", "ASSAULT", kharkiv, date="2024-12-01", qualifiers={"injured": 4})

    return [first.build(), second.build(), third.build()]
