"""The explorer pages over the SPARQL samples: what they show comes from the graph, and every minted IRI dereferences."""

from __future__ import annotations

import dataclasses
import json
import re
import warnings
from urllib.parse import unquote

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


def _recount(knowledge, catalog) -> dict:
    """The home page's figures counted again from the whole mirror graph and the store."""
    graph = knowledge.mirror.graph
    entities = [key for key, kind in graph.nodes(data="type") if kind != "QUANTITY"]
    days = sorted(d.get("date") or d.get("article_date") for *_, d in graph.edges(data=True) if d.get("date") or d.get("article_date"))
    dated = {info.id: info.date for info in catalog.by_ids(knowledge.mirror.article_ids()).values()}
    return {
        "articles": len(knowledge.mirror.article_ids()),
        "entities": len(entities),
        "relations": graph.number_of_edges(),
        "dates": (days[0], days[-1]) if days else None,
        "top": sorted(entities, key=lambda key: (-graph.degree(key), key))[:15],
        "recent": sorted(dated, key=lambda a: (dated[a].isoformat() if dated[a] else "", a), reverse=True)[:10],
    }


def _shown(page: str) -> dict:
    def count(name: str) -> int:
        return int(re.search(rf'id="count-{name}">(\d+)<', page).group(1))

    dates = re.search(r"<dt>dates</dt><dd>([0-9-]+) – ([0-9-]+)</dd>", page)
    return {
        "articles": count("articles"),
        "entities": count("entities"),
        "relations": count("relations"),
        "dates": dates.groups() if dates else None,
        "top": re.findall(r'<li><a href="/entity/([^"]+)">', page.split('<ol class="entities">', 1)[1].split("</ol>", 1)[0]),
        "recent": [unquote(a) for a in re.findall(r'<li><a href="/article/([^"]+)">', page.split('<ul class="articles">', 1)[1])],
    }


def test_home_figures_equal_a_full_recount_after_ingests_and_removals():
    from graph.api.app import create_app
    from graph.api.graphql.articles import ArticleCatalog
    from graph.knowledge import KnowledgeGraph
    from tests.checks import assert_figures_agree
    from tests.factories import graphql_extractions, synthetic_article

    graph = KnowledgeGraph.open(None)
    catalog = ArticleCatalog(graph.store)
    with TestClient(create_app(graph)) as client:
        steps = [
            lambda: graph.ingest(sparql_extractions()),
            lambda: graph.ingest([synthetic_article(n, triples=n + 1) for n in range(12)]),
            lambda: graph.remove_article("kyiv-strike"),
            lambda: graph.ingest(graphql_extractions()),
            lambda: graph.remove_article("syn-11"),  # the most statements: the top entities change
            lambda: graph.ingest([synthetic_article(3, triples=1)]),  # a shorter version
            lambda: [graph.remove_article(a) for a in graph.mirror.article_ids()[::2]],
        ]
        for step in steps:
            step()
            assert _shown(_html(client, "/").text) == _recount(graph, catalog)
            held = {i.id: (i.date.isoformat() if i.date else None) for i in catalog.by_ids(graph.mirror.article_ids()).values()}
            assert_figures_agree(graph.mirror, held)
        assert _shown(_html(client, "/").text)["top"]  # not vacuous
    graph.close()


@pytest.fixture
def hub(monkeypatch):
    """A knowledge graph where actor-0 has 12 CONSULT relations, 2 shown per category and 5 per page."""
    from graph.api import browse
    from graph.knowledge import KnowledgeGraph
    from tests.factories import synthetic_article

    monkeypatch.setattr(browse, "ROWS_PER_CATEGORY", 2)
    monkeypatch.setattr(browse, "ROWS_PER_PAGE", 5)
    graph = KnowledgeGraph.open(None)
    graph.ingest([synthetic_article(n) for n in range(3)])
    yield graph
    graph.close()


def _row_ids(page: str) -> list[str]:
    table = page.split('<table class="relations">', 1)[1].split("</table>", 1)[0]
    return [f"{unquote(a)}/{n}" for a, n in re.findall(r'class="evidence" href="/article/([^"#]+)#s(\d+)"', table)]


def test_a_hub_lists_the_newest_rows_and_pages_through_a_category(hub):
    from graph.api.app import create_app

    graph = hub.mirror.graph
    incident = sorted({k for *_, k in graph.out_edges("actor-0", keys=True)} | {k for *_, k in graph.in_edges("actor-0", keys=True)})
    day = {k: d.get("date") or d.get("article_date") or "" for *_, k, d in graph.edges(keys=True, data=True)}
    newest_first = sorted(incident, key=lambda k: (day[k], k), reverse=True)
    assert len(incident) == 12
    with TestClient(create_app(hub)) as client:
        page = _html(client, "/entity/actor-0").text
        assert 'CONSULT <span class="muted">(12)</span>' in page
        assert "The newest 2 of 12" in page
        assert _row_ids(page) == newest_first[:2]
        more = re.search(r'<a class="more" href="([^"]+)"', page).group(1).replace("&amp;", "&")
        assert more == "/entity/actor-0?category=CONSULT#relations"
        seen, path, pages = [], more, 0
        while path:
            page = _html(client, path).text
            pages += 1
            assert f"page {pages} of 3" in page
            seen += _row_ids(page)
            found = re.search(r'<a rel="next" href="([^"]+)"', page)
            path = found.group(1).replace("&amp;", "&") if found else None
        assert pages == 3 and seen == newest_first  # 5 + 5 + 2, newest first, each once
        assert "Rows 11–12 of 12" in page and 'rel="prev" href="/entity/actor-0?category=CONSULT&amp;page=2#relations"' in page
        assert _row_ids(_html(client, "/entity/actor-0?category=CONSULT&page=99").text) == newest_first[10:]  # the last page
        assert _row_ids(_html(client, "/entity/actor-0?category=CONSULT&page=x").text) == newest_first[:5]
        assert _html(client, "/entity/actor-0?category=ASSAULT").status_code == 404


def test_the_home_page_says_the_graph_is_loading_instead_of_waiting_for_it(tmp_path, monkeypatch):
    import threading

    from graph.api import browse
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph
    from graph.mirror import Mirror
    from graph.saved import MANIFEST

    with KnowledgeGraph.open(tmp_path / "store") as graph:
        graph.ingest(sparql_extractions())
    (tmp_path / "store" / MANIFEST).unlink()  # no saved mirror: it is built from the store
    release = threading.Event()
    build = Mirror.from_store.__func__

    def slow(cls, store):
        release.wait(30)
        return build(cls, store)

    monkeypatch.setattr(Mirror, "from_store", classmethod(slow))
    monkeypatch.setattr(browse, "MIRROR_WAIT", 0.05)
    graph = KnowledgeGraph.open(tmp_path / "store")
    with TestClient(create_app(graph)) as client:
        page = _html(client, "/")
        assert page.status_code == 200 and 'id="loading"' in page.text and "count-articles" not in page.text
        release.set()
        graph.warm_mirror().join(30)
        page = _html(client, "/").text
        assert 'id="loading"' not in page and f'id="count-articles">{len(sparql_extractions())}<' in page
    graph.close()


def test_the_home_page_never_waits_for_the_export_sizes(monkeypatch):
    import threading

    from graph.api.app import create_app
    from graph.exports import sizes as sizes_module
    from graph.knowledge import KnowledgeGraph

    release = threading.Event()
    measure = sizes_module.export_sizes

    def slow(knowledge):
        release.wait(30)
        return measure(knowledge)

    monkeypatch.setattr(sizes_module, "export_sizes", slow)
    graph = KnowledgeGraph.open(None)
    graph.ingest(sparql_extractions())
    with TestClient(create_app(graph)) as client:
        assert 'class="muted size"' not in _html(client, "/").text  # measuring in the background
        release.set()
        assert "written on download" not in _html(client, "/export").text
        assert 'class="muted size"' in _html(client, "/").text
        graph.ingest([dataclasses.replace(sparql_extractions()[0], triples=())])  # a new version is measured again
        assert "written on download" not in _html(client, "/export").text
    graph.close()


def test_search_follows_ingests_and_removals():
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph
    from tests.factories import aid_article, war_article

    graph = KnowledgeGraph.open(None)
    graph.ingest([aid_article()])
    with TestClient(create_app(graph)) as client:
        assert 'href="/entity/vitali-klitschko"' not in _html(client, "/search?q=klitschko").text
        graph.ingest([war_article()])
        assert 'href="/entity/vitali-klitschko"' in _html(client, "/search?q=klitschko").text
        graph.remove_article("a1")
        assert 'href="/entity/vitali-klitschko"' not in _html(client, "/search?q=klitschko").text
    graph.close()
