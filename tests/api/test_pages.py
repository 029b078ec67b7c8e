"""The explorer pages over the SPARQL samples: what they show comes from the graph, and every minted IRI dereferences."""

from __future__ import annotations

import json
import re
import warnings

import pyoxigraph as ox
import pytest

from tests.factories import sparql_extractions

with warnings.catch_warnings():  # starlette's test client warns about httpx, which is what it uses here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture(scope="module")
def knowledge():
    from graph.knowledge import KnowledgeGraph

    graph = KnowledgeGraph.open(None)
    graph.ingest(sparql_extractions())
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def client(knowledge):
    from graph.api.app import create_app

    with TestClient(create_app(knowledge)) as test_client:
        yield test_client


def _html(client, path: str):
    response = client.get(path, headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.headers["content-type"].startswith("text/html"), path
    return response


def test_home_shows_the_counts_of_the_graph(client, knowledge):
    page = _html(client, "/")
    assert page.status_code == 200
    summary = knowledge.summary()
    assert f'id="count-articles">{summary["articles"]}<' in page.text
    assert f'id="count-relations">{summary["statements"]}<' in page.text
    assert f'id="count-entities">{summary["entities"]}<' in page.text
    assert "2024-11-08" in page.text and "2024-12-02" in page.text  # the date range
    for link in ('href="/graphql"', 'href="/sparql"', 'href="/export"', 'href="/entity/russia"', 'href="/article/kharkiv-accusation"'):
        assert link in page.text


def test_search_finds_an_entity_by_alias(client):
    page = _html(client, "/search?q=klitschko")
    hits = re.findall(r'<ol class="entities" id="hits">(.*?)</ol>', page.text, re.S)[0]
    assert 'href="/entity/vitali-klitschko"' in hits
    assert 'href="/entity/russia"' not in hits


def test_entity_page_groups_relations_by_category_with_evidence(client):
    page = _html(client, "/entity/kyiv")
    assert page.status_code == 200
    assert "<h3>" in page.text and "ASSAULT" in page.text and "AFFILIATION" in page.text
    assert 'href="/entity/vitali-klitschko"' in page.text  # the counterpart
    assert 'href="/article/kyiv-strike#s0"' in page.text  # the evidence links to its sentence
    assert "Russia attacked Kyiv overnight" in page.text
    assert 'data-src="/entity/kyiv/graph.json"' in page.text
    assert re.findall(r"<title>([\d-]+): (\d+) relations?</title>", page.text) == [("2024-11-08", "3")]  # the timeline


def test_entity_graph_is_the_neighbourhood_coloured_by_category(client):
    data = client.get("/entity/kyiv/graph.json").json()
    keys = {node["key"] for node in data["nodes"]}
    assert {"kyiv", "russia", "vitali-klitschko"} <= keys
    assert all(edge["source"] in keys and edge["target"] in keys for edge in data["edges"])
    from graph.exports.style import CATEGORY_COLORS

    assert {edge["color"] for edge in data["edges"] if edge["category"] == "ASSAULT"} == {CATEGORY_COLORS["ASSAULT"]}
    only = client.get("/entity/kyiv/graph.json?category=AFFILIATION").json()
    assert {edge["category"] for edge in only["edges"]} == {"AFFILIATION"}
    deeper = client.get("/entity/kyiv/graph.json?depth=2").json()
    assert len(deeper["nodes"]) > len(data["nodes"])


def test_article_page_highlights_mentions_and_evidence(client):
    page = _html(client, "/article/kharkiv-accusation")
    assert page.status_code == 200
    assert "Ukraine accuses Russia over Kharkiv" in page.text
    assert "https://news.example.com/kharkiv-accusation" in page.text
    evidence = re.findall(r'class="mention evidence" href="/entity/([a-z-]+)" data-statements="(\d+)"', page.text)
    assert ("kharkiv", "0") in evidence  # mentioned inside the sentence of statement 0
    assert re.search(r'<mark class="evidence" data-statements="0">[^<]*accused', page.text)
    assert re.search(r'<mark class="evidence" data-statements="1">[^<]*shelled Kharkiv, wounding', page.text)
    assert page.text.count('<li id="s') == 2


@pytest.mark.parametrize("path", ["/entity/atlantis", "/article/nope"])
def test_unknown_pages_are_404_pages(client, path):
    page = _html(client, path)
    assert page.status_code == 404
    assert "Not found" in page.text


@pytest.mark.parametrize(
    ("accept", "parse_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_entity_iri_dereferences_to_rdf(client, knowledge, accept, parse_format):
    response = client.get("/entity/russia", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    triples = list(ox.parse(response.content, format=parse_format))
    iri = str(knowledge.vocab.entity("russia"))
    assert triples and all(t.subject == ox.NamedNode(iri) for t in triples)


def test_every_minted_iri_dereferences(client, knowledge):
    from graph.api.linked import local_path

    minted = set()
    for quad in knowledge.store.oxigraph.quads_for_pattern(None, None, None, None):
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(knowledge.vocab.base):
                minted.add(term.value)
            if isinstance(quad.predicate, ox.NamedNode) and quad.predicate.value.startswith(knowledge.vocab.base):
                minted.add(quad.predicate.value)  # relation IRIs
    kinds = {local_path(knowledge.vocab, iri).split("/")[1] for iri in minted}
    assert {"entity", "article", "statement", "relation", "quantity"} <= kinds
    for iri in sorted(minted):
        path = local_path(knowledge.vocab, iri).split("#")[0]
        page = client.get(path, headers={"accept": "text/html"})
        assert page.status_code == 200, iri
        assert page.headers["content-type"].startswith("text/html"), iri
        rdf = client.get(path, headers={"accept": "text/turtle"})
        assert rdf.status_code == 200 and rdf.headers["content-type"].startswith("text/turtle"), iri
        assert list(ox.parse(rdf.content, format=ox.RdfFormat.TURTLE)), iri


def test_format_parameter_wins_over_accept(client):
    response = client.get("/article/kyiv-strike?format=jsonld", headers={"accept": "text/html"})
    assert response.headers["content-type"].startswith("application/ld+json")
    assert json.loads(response.content)


@pytest.mark.parametrize("path", ["/export", "/export/"])
def test_export_index_lists_every_format(client, path):
    from graph.exports import EXPORT_FORMATS

    page = _html(client, path)
    assert page.status_code == 200
    for fmt in EXPORT_FORMATS.values():
        assert f'href="/export/graph.{fmt.suffixes[0]}"' in page.text


def test_recent_articles_come_newest_first(client):
    page = _html(client, "/").text
    order = [page.index(f'href="/article/{a}"') for a in ("kharkiv-accusation", "berlin-talks", "kyiv-strike")]
    assert order == sorted(order)


def test_home_follows_new_articles():
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph

    first, *rest = sparql_extractions()
    graph = KnowledgeGraph.open(None)
    graph.ingest([first])
    with TestClient(create_app(graph)) as client:
        assert 'id="count-articles">1<' in _html(client, "/").text
        graph.ingest(rest)
        assert f'id="count-articles">{1 + len(rest)}<' in _html(client, "/").text
    graph.close()


def test_entity_page_lists_the_newest_rows_of_a_big_category(client, monkeypatch):
    from graph.api import browse

    monkeypatch.setattr(browse, "ROWS_PER_CATEGORY", 1)
    page = _html(client, "/entity/russia").text
    assault = page.split("ASSAULT", 1)[1].split("</table>", 1)[0]
    assert "The newest 1 of" in assault
    assert assault.count("<tr class=") == 1
    assert "Russia shelled Kharkiv" in assault  # 2024-12-01, the newest


def test_only_web_addresses_become_links():
    import datetime as dt

    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph
    from tests.factories import KYIV, RUSSIA, ArticleBuilder

    builder = ArticleBuilder("odd-url", "Odd", dt.date(2024, 1, 1), ["Russia attacked Kyiv."], url="javascript:alert(1)")
    builder.says(0, builder.mention(RUSSIA), "attacked", "ASSAULT", builder.mention(KYIV))
    graph = KnowledgeGraph.open(None)
    graph.ingest([builder.build()])
    with TestClient(create_app(graph)) as client:
        page = _html(client, "/article/odd-url").text
    graph.close()
    assert 'href="javascript:' not in page


def test_exports_are_listed_with_the_size_of_their_download(client):
    from graph.exports import EXPORT_FORMATS
    from graph.exports.sizes import human_size

    page = _html(client, "/export").text
    shown = dict(re.findall(r'<td class="size" data-format="([a-z]+)">([^<]+)</td>', page))
    assert set(shown) == set(EXPORT_FORMATS)
    for name, fmt in EXPORT_FORMATS.items():
        download = client.get(f"/export/graph.{fmt.suffixes[0]}")
        assert download.status_code == 200
        assert shown[name] == human_size(len(download.content)), name
    home = _html(client, "/").text
    assert dict(re.findall(r'<span class="muted size" data-format="([a-z]+)">([^<]+)</span>', home)) == shown


def test_a_big_graph_is_not_measured_on_a_page_view(knowledge, monkeypatch):
    from graph.api import browse
    from graph.api.app import create_app

    monkeypatch.setattr(browse, "SIZES_UP_TO", 1)
    with TestClient(create_app(knowledge)) as fresh:
        page = _html(fresh, "/export").text
    assert "written on download" in page and "kB" not in page


def test_home_links_the_docs_of_the_source_tree_served_as_plain_text(client):
    from graph.api.docs import SOURCE_ROOT

    page = _html(client, "/")
    assert 'href="/docs/README.md"' in page.text and 'href="/docs/gephi.md"' in page.text
    readme = client.get("/docs/README.md")
    assert readme.status_code == 200 and readme.headers["content-type"].startswith("text/plain")
    assert readme.text == (SOURCE_ROOT / "README.md").read_text(encoding="utf-8")
    assert client.get("/docs/gephi.md").text.startswith("# Exports for Gephi")


@pytest.mark.parametrize("name", ["nothing.md", "pyproject.toml", "..%2Fpyproject.toml", ".hidden.md", "cli"])
def test_only_the_markdown_docs_are_served(client, name):
    assert client.get(f"/docs/{name}").status_code == 404


def test_without_a_source_tree_the_home_page_says_where_the_docs_are(client, monkeypatch, tmp_path):
    import graph.api.docs

    monkeypatch.setattr(graph.api.docs, "SOURCE_ROOT", tmp_path)
    page = _html(client, "/")
    assert 'href="/docs/' not in page.text and "holds no copy" in page.text
    assert client.get("/docs/README.md").status_code == 404
