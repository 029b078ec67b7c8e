"""docs/extraction.md and lang/en stay in step with the stages and the tables."""

from __future__ import annotations

from importlib import resources

import pytest

from loaders.extraction import tables
from loaders.extraction.article_stages import ARTICLE_STAGES
from loaders.extraction.stages import STAGES
from tests.settings import DOCS


def test_every_stage_is_documented_in_order():
    text = (DOCS / "extraction.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip().strip("`").split("`")[0] for line in text.splitlines() if line.startswith("| `")]
    assert rows == [s.name for s in STAGES] + [s.name for s in ARTICLE_STAGES]


def test_every_table_a_stage_reads_exists():
    lang = resources.files("loaders.extraction").joinpath("lang")
    for stage in STAGES:
        for item in stage.reads:
            if item.startswith("lang/"):
                assert lang.joinpath(item.removeprefix("lang/")).is_file(), f"{stage.name} reads missing {item}"


def test_tables_load_and_validate():
    assert len(tables.verb_senses()) > 1500
    assert tables.event_nouns() and tables.role_words() and tables.descriptions() and tables.nominalizations()
    assert tables.national_titles()["home secretary"] == "United Kingdom"
    assert {"speech_verbs", "non_relations", "honorifics"} <= set(tables.word_lists())


@pytest.mark.parametrize(
    "text, message",
    [
        ("lemma\tparticle\tnoun\tcategory\tpredicate\ttargets\trecipients\nsue\t\t\tLAWSUIT\tsued\t\t\n", "category 'LAWSUIT'"),
        (
            "lemma\tparticle\tnoun\tcategory\tpredicate\ttargets\trecipients\nsue\t\t\tACCUSE\tsued\t\t\nsue\t\t\tOTHER\tsued\t\t\n",
            "duplicate key",
        ),
        ("lemma\tnoun\n", "header"),
    ],
)
def test_a_bad_table_is_an_error_at_load(tmp_path, monkeypatch, text, message):
    from graph.errors import RulesError

    (tmp_path / "lang" / "xx").mkdir(parents=True)
    (tmp_path / "lang" / "xx" / "verbs.tsv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(tables.resources, "files", lambda package: tmp_path)
    with pytest.raises(RulesError, match=message):
        tables.verb_senses.__wrapped__("xx")


def test_a_word_twice_in_a_list_is_an_error(tmp_path, monkeypatch):
    from graph.errors import RulesError

    (tmp_path / "lang" / "xx").mkdir(parents=True)
    (tmp_path / "lang" / "xx" / "word_lists.json").write_text('{"speech_verbs": {"doc": "", "words": ["say", "Say"]}}', encoding="utf-8")
    monkeypatch.setattr(tables.resources, "files", lambda package: tmp_path)
    with pytest.raises(RulesError, match="more than once"):
        tables.word_lists.__wrapped__("xx")
