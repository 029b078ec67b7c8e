"""Scoring rules of loaders.evaluation, on hand-built triples and gold items."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from graph.errors import InputError
from graph.model import Entity, Quantity, Triple
from loaders.evaluation import (
    GoldItem,
    GoldQuantity,
    evaluate,
    format_report,
    is_junk_end,
    load_gold,
    normalize_name,
    states_evidence,
    triple_matches,
)

DOC = "000_attack.txt"
OTHER_DOC = "001_aid.txt"
SENTENCE = "On Sunday Russia attacked a residential area in the Shevchenkivskyi district of Kharkiv, officials said."


def item(
    id="000-01",
    *,
    doc=DOC,
    kind="core",
    subject=("Russia", "Russian forces", "the Kremlin"),
    category=("ASSAULT",),
    object=("Kharkiv", "Shevchenkivskyi district"),
    evidence="Russia attacked a residential area in the Shevchenkivskyi district of Kharkiv",
) -> GoldItem:
    return GoldItem(
        id=id,
        doc=doc,
        kind=kind,
        subject=tuple(subject),
        category=tuple(category),
        object=object if isinstance(object, GoldQuantity) else tuple(object),
        evidence=evidence,
    )


def triple(
    subject="Russia",
    obj: str | Quantity = "Kharkiv",
    *,
    category="ASSAULT",
    source=f"/data/seeds/{DOC}",
    sentence=SENTENCE,
    subject_text="",
    object_text="",
    polarity="positive",
    modality="asserted",
    qualifiers=None,
) -> Triple:
    node = obj if isinstance(obj, Quantity) else Entity(label=obj, type="GPE", text=object_text or obj)
    return Triple(
        subject=Entity(label=subject, type="GPE", text=subject_text or subject),
        predicate="attacked",
        category=category,
        object=node,
        source=source,
        article="a1",
        sentence=sentence,
        start=0,
        end=len(sentence),
        polarity=polarity,
        modality=modality,
        qualifiers=qualifiers or {},
    )


# --- names -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Kharkiv", "kharkiv"),
        ("the Kremlin", "kremlin"),
        ("The Kremlin's", "kremlin"),
        ("Ukraine’s air force", "ukraine air force"),
        ("U.S.", "us"),
        ("G-7", "g7"),
        ("  Group of Seven (G7)  ", "group of seven g7"),
        ("Theodore", "theodore"),  # only the word "the" is dropped
    ],
)
def test_normalize_name(name, expected):
    assert normalize_name(name) == expected


@pytest.mark.parametrize(
    "subject, obj, matches",
    [
        ("Russia", "Kharkiv", True),
        ("RUSSIA", "kharkiv.", True),  # case and punctuation
        ("The Kremlin's", "Kharkiv", True),  # leading "the", possessive
        ("Russian Federation", "Kharkiv", False),  # not an acceptable name
        ("Kharkiv", "Russia", False),  # direction matters
        ("Russia", "Kyiv", False),
    ],
)
def test_names_and_direction(subject, obj, matches):
    assert triple_matches(triple(subject, obj), item()) is matches


def test_surface_text_or_label_may_match():
    gold = item()
    assert triple_matches(triple("Russian Federation", subject_text="Russian forces"), gold)
    assert triple_matches(triple(obj="Kharkiv Oblast", object_text="Shevchenkivskyi district"), gold)
    assert not triple_matches(triple(obj="Kharkiv Oblast"), gold)
    assert not triple_matches(triple("Russian Federation", subject_text="Putin"), gold)


@pytest.mark.parametrize(
    "categories, category, matches",
    [(("ASSAULT",), "ASSAULT", True), (("OTHER", "ASSAULT"), "ASSAULT", True), (("ASSAULT",), "OTHER", False)],
)
def test_category_must_be_acceptable(categories, category, matches):
    assert triple_matches(triple(category=category), item(category=categories)) is matches


def test_same_article_file_by_basename():
    gold = item()
    assert triple_matches(triple(source=DOC), gold)
    assert triple_matches(triple(source=f"seeds/{DOC}"), gold)
    assert not triple_matches(triple(source=f"seeds/{OTHER_DOC}"), gold)


# --- quantities --------------------------------------------------------------

USD_425M = GoldQuantity(value=425_000_000, unit="USD", kind="amount")
DRONES_62 = GoldQuantity(value=62, unit="drones", kind="count")


@pytest.mark.parametrize(
    "value, matches",
    [(425_000_000, True), (428_000_000, True), (421_000_000, True), (430_000_000, False), (42_500_000, False)],
)
def test_quantity_object_within_one_percent(value, matches):
    gold = item(subject=["United States"], category=["AID"], object=USD_425M)
    t = triple("United States", Quantity(value=value, unit="USD", text="$425 million"), category="AID")
    assert triple_matches(t, gold) is matches


def test_quantity_from_qualifiers():
    amount = item(subject=["United States"], category=["AID"], object=USD_425M)
    count = item(subject=["Russia"], category=["ASSAULT"], object=DRONES_62)
    assert triple_matches(triple("United States", "Ukraine", category="AID", qualifiers={"amount": 4.25e8}), amount)
    assert not triple_matches(triple("United States", "Ukraine", category="AID", qualifiers={"amount": 5e8}), amount)
    assert not triple_matches(triple("United States", "Ukraine", category="AID"), amount)
    assert triple_matches(triple("Russia", "Ukraine", qualifiers={"count": 62}), count)
    assert not triple_matches(triple("Russia", "Ukraine", qualifiers={"amount": 62}), count)


# --- evidence ----------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, holds",
    [
        (SENTENCE, True),
        ("RUSSIA  attacked a residential area in the Shevchenkivskyi district of Kharkiv.", True),
        # 9 of 10 evidence words (the sentence was split elsewhere): enough
        ("Russia attacked a residential area in the Shevchenkivskyi district.", True),
        ("Russia attacked a residential area in the district of the city.", True),
        ("Russia attacked Kharkiv again.", False),
        ("Kharkiv was quiet on Monday.", False),
    ],
)
def test_sentence_states_evidence(sentence, holds):
    assert states_evidence(sentence, "Russia attacked a residential area in the Shevchenkivskyi district of Kharkiv") is holds


def test_seventy_percent_boundary():
    evidence = "one two three four five six seven eight nine ten"
    assert states_evidence("one two three four five six seven", evidence)
    assert not states_evidence("one two three four five six", evidence)
    # a word repeated in the evidence must be repeated in the sentence as often
    assert not states_evidence("one two three four", "one one one one one one one two three four")


# --- recall, negatives, precision ----------------------------------------------


def test_recall_needs_matching_triple_from_evidence_sentence():
    gold = [item()]
    assert evaluate([triple()], gold).overall.found == 1
    elsewhere = triple(sentence="Russia also attacked Kharkiv last week, the mayor said.")
    report = evaluate([elsewhere], gold)
    assert report.overall.found == 0
    assert report.missed == tuple(gold)
    # ...although the triple still counts as matched for precision
    assert report.overall.matched == 1
    assert report.overall.precision == 1.0


def test_non_asserted_triples_are_ignored():
    gold = [item(), item("000-02", kind="negative", subject=["Ukraine"], object=["Russia"], evidence="Ukraine did not attack Russia")]
    negated = triple(polarity="negative")
    hypothetical = triple("Ukraine", "Russia", modality="hypothetical", sentence="Ukraine did not attack Russia, officials said.")
    report = evaluate([negated, hypothetical], gold)
    assert report.overall.found == 0
    assert report.overall.violated == 0
    assert report.asserted == 0
    assert report.triples == 2
    # reported speech is still asserted
    assert evaluate([triple(modality="reported")], gold).overall.found == 1


def test_negative_violated_only_from_its_evidence_sentence():
    negative = item("000-09", kind="negative", subject=["Ukraine"], object=["Russia"], evidence="Ukraine did not attack Russia")
    in_sentence = triple("Ukraine", "Russia", sentence="Kyiv said Ukraine did not attack Russia on Sunday.")
    elsewhere = triple("Ukraine", "Russia", sentence="Ukraine attacked Russia in August.")
    report = evaluate([in_sentence], [negative])
    assert report.overall.negatives == 1 and report.overall.violated == 1
    assert report.violations[0].item == negative and report.violations[0].triple == in_sentence
    assert evaluate([elsewhere], [negative]).overall.violated == 0


def test_precision_judges_only_triples_between_known_actors():
    gold = [item(), item("000-02", subject=["Ukraine"], category=["AID"], object=["Kyiv"], evidence="Ukraine funded Kyiv")]
    matched = triple()
    wrong_category = triple(category="CONSULT")  # known actors, no item: false positive
    between_known = triple("Ukraine", "Kharkiv")  # known actors, no item: false positive
    one_unknown = triple("Russia", "Belarus")  # Belarus unknown to the gold: not judged
    both_unknown = triple("Poland", "Hungary")
    quantity_end = triple("Russia", Quantity(value=3, unit="missiles", text="three missiles"))
    report = evaluate([matched, wrong_category, between_known, one_unknown, both_unknown, quantity_end], gold)
    assert report.overall.matched == 1
    assert report.overall.false_positives == 2
    assert report.false_positives == (wrong_category, between_known)
    assert report.overall.precision == pytest.approx(1 / 3)


def test_triple_matching_only_a_negative_is_a_false_positive():
    gold = [item(kind="negative")]
    report = evaluate([triple()], gold)
    assert report.overall.matched == 0
    assert report.overall.false_positives == 1
    assert report.overall.precision == 0.0


def test_optional_items_count_for_precision_not_recall():
    report = evaluate([triple()], [item(kind="optional")])
    assert report.overall.core == 0 and report.overall.recall is None
    assert report.overall.matched == 1 and report.overall.precision == 1.0


# --- junk ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "label, text, junk",
    [
        ("he", "he", True),
        ("They", "They", True),
        ("officials", "officials", True),
        ("the residential area", "the residential area", True),
        ("Jane Roe", "he", False),  # a pronoun resolved to its actor
        ("Kharkiv", "Kharkiv", False),
        ("the Kremlin", "the Kremlin", False),
        ("US", "US", False),  # an acronym, not "us"
        ("I", "I", True),
    ],
)
def test_junk_end(label, text, junk):
    assert is_junk_end(Entity(label=label, type="OTHER", text=text)) is junk


def test_junk_share_over_asserted_triples():
    triples = [
        triple(),
        triple("he", "Kharkiv"),
        triple("Russia", "civilians"),
        triple("Russia", Quantity(value=62, unit="drones", text="62 drones")),
        triple("they", "them", polarity="negative"),  # not asserted: not counted
    ]
    report = evaluate(triples, [item()])
    assert (report.junk, report.asserted) == (2, 4)
    assert report.junk_share == 0.5


# --- breakdown, subsets, report -----------------------------------------------


def test_per_category_breakdown():
    gold = [
        item("000-01"),
        item("000-02", category=["AID", "SUPPORT"], subject=["United States"], object=["Ukraine"], evidence="The US sent aid to Ukraine"),
        item("000-03", category=["CONSULT"], subject=["Zelensky"], object=["Trump"], evidence="Zelensky met Trump"),
    ]
    triples = [
        triple(),
        triple("United States", "Ukraine", category="SUPPORT", sentence="The US sent aid to Ukraine on Friday."),
        triple("Trump", "Zelensky", category="CONSULT", sentence="Zelensky met Trump."),  # reversed: false positive
    ]
    report = evaluate(triples, gold)
    cats = report.by_category
    assert (cats["ASSAULT"].core, cats["ASSAULT"].found, cats["ASSAULT"].matched) == (1, 1, 1)
    # recall under the item's first category, precision under the triple's category
    assert (cats["AID"].core, cats["AID"].found, cats["AID"].matched) == (1, 1, 0)
    assert (cats["SUPPORT"].core, cats["SUPPORT"].matched, cats["SUPPORT"].precision) == (0, 1, 1.0)
    assert (cats["CONSULT"].found, cats["CONSULT"].false_positives, cats["CONSULT"].precision) == (0, 1, 0.0)
    assert report.overall.recall == pytest.approx(2 / 3)
    assert report.overall.precision == pytest.approx(2 / 3)
    assert [m.id for m in report.missed] == ["000-03"]


def test_only_documents_among_evaluated_sources_are_scored():
    gold = [item(), item("001-01", doc=OTHER_DOC, subject=["United States"], category=["AID"], object=["Ukraine"], evidence="aid")]
    report = evaluate([triple()], gold)
    assert report.docs == (DOC,)
    assert report.overall.core == 1 and report.overall.recall == 1.0
    # naming the sources explicitly brings in an article that yielded no triple
    both = evaluate([triple()], gold, sources=[f"seeds/{DOC}", f"seeds/{OTHER_DOC}", "seeds/new.txt"])
    assert both.docs == (DOC, OTHER_DOC)
    assert both.unknown_sources == ("new.txt",)
    assert both.overall.core == 2 and both.overall.recall == 0.5
    assert evaluate([], gold).overall.core == 0


def test_format_report_lists_figures_and_details():
    gold = [item(), item("000-02", subject=["Ukraine"], object=["Russia"], evidence="Ukraine struck Russia")]
    fp = triple("Russia", "Ukraine", sentence="Russia hit Ukraine.")
    report = evaluate([triple(), fp], gold)
    text = format_report(report)
    assert "ASSAULT" in text and "overall" in text and "50.0%" in text
    assert "Missed core items" not in text
    detailed = format_report(report, details=True)
    assert "000-02" in detailed and "Russia hit Ukraine." in detailed
    assert "Negatives violated (0)" in detailed


# --- gold file -----------------------------------------------------------------


def test_load_gold_reports_bad_line(tmp_path):
    good = {
        "id": "x-1",
        "doc": "a.txt",
        "kind": "core",
        "subject": ["A"],
        "category": ["AID"],
        "object": {"amount": 5, "currency": "USD"},
        "evidence": "A gave $5",
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(good) + "\n\n" + json.dumps({**good, "id": "x-2", "kind": "maybe"}) + "\n")
    with pytest.raises(InputError, match=r"gold.jsonl:3: kind"):
        load_gold(path)
    path.write_text(json.dumps(good) + "\n{not json\n")
    with pytest.raises(InputError, match=r":2: not valid JSON"):
        load_gold(path)
    path.write_text(json.dumps({**good, "category": ["WAR"]}) + "\n")
    with pytest.raises(InputError, match=r":1: unknown categories"):
        load_gold(path)
    path.write_text(json.dumps({**good, "object": {"currency": "USD"}}) + "\n")
    with pytest.raises(InputError, match=r":1: a quantity object"):
        load_gold(path)
    with pytest.raises(InputError, match="not found"):
        load_gold(tmp_path / "missing.jsonl")
    path.write_text(json.dumps(good) + "\n")
    (loaded,) = load_gold(path)
    assert loaded.object == GoldQuantity(value=5.0, unit="USD", kind="amount")


def test_load_real_gold_file(gold_path):
    records = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = load_gold(gold_path)
    assert Counter(i.kind for i in items) == Counter(r["kind"] for r in records)
    assert {i.kind for i in items} == {"core", "optional", "negative"}
    assert len({i.doc for i in items}) == 5
    quantities = [i for i in items if isinstance(i.object, GoldQuantity)]
    assert quantities and all(q.object.kind in ("amount", "count") for q in quantities)


# --- causes of misses, several sets ---------------------------------------------


def _extraction(triples, mentions):
    from graph.model import Article, ArticleExtraction, Mention

    article = Article(id="a1", title="", text=SENTENCE, source=f"/data/seeds/{DOC}")
    return ArticleExtraction(
        article,
        tuple(triples),
        tuple(Mention(Entity(label=n, type="GPE", text=n), SENTENCE.index(n), SENTENCE.index(n) + len(n)) for n in mentions),
        1,
    )


@pytest.mark.parametrize(
    "mentions, triples, cause",
    [
        ((), [], "neither actor recognized in the sentence"),
        (("Kharkiv",), [], "subject not recognized in the sentence"),
        (("Russia",), [], "object not recognized in the sentence"),
        (("Russia", "Kharkiv"), [], "both actors recognized, no triple between them"),
        (("Russia", "Kharkiv"), [triple(category="OTHER")], "triple found with another category"),
        (("Russia", "Kharkiv"), [triple(polarity="negative")], "triple found but not asserted"),
    ],
)
def test_miss_causes(mentions, triples, cause):
    report = evaluate(triples, [item()], sources=[DOC], extractions=[_extraction(triples, mentions)])
    assert [i.id for i in report.missed] == ["000-01"]
    assert report.causes == {"000-01": cause}
    assert f"{cause} (1):" in format_report(report, details=True)


def test_missed_quantity_is_its_own_cause():
    gold = item(object=GoldQuantity(425_000_000, "USD", "amount"))
    report = evaluate([], [gold], sources=[DOC], extractions=[_extraction([], ("Russia",))])
    assert report.causes == {"000-01": "quantity not read"}


def test_summary_has_a_line_per_set():
    from loaders.evaluation import format_summary

    found = evaluate([triple()], [item()], sources=[DOC])
    missed = evaluate([], [item(), item("000-02", kind="negative")], sources=[DOC])
    summary = format_summary([("first", found), ("second", missed)]).splitlines()
    assert summary[2].split()[:6] == ["first", "1", "1", "1", "100.0%", "100.0%"]
    assert summary[3].split()[:5] == ["second", "1", "1", "0", "0.0%"]
    assert "0/1" in summary[3]
