"""The explorer in Chromium: search, an entity's graph, an article's evidence, GraphiQL and SPARQL, all offline."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from graph.api.graphql.ide import EXAMPLE_QUERY

pytestmark = pytest.mark.e2e


def _wait_drawn(page) -> int:
    page.wait_for_selector("#graph[data-drawn]", timeout=20_000)
    return int(page.get_attribute("#graph", "data-drawn"))


def _label_pixels(page) -> int:
    """Pixels sigma painted on its label layer (a 2D canvas): zero when nothing is drawn."""
    return page.evaluate(
        """() => {
          const canvas = document.querySelector('#graph canvas.sigma-labels');
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
          return painted;
        }"""
    )


def _set_query(page, query: str) -> None:
    page.evaluate("query => window.newsgraphQueryEditor.set(query)", query)


def test_search_an_entity_see_its_graph_and_reach_an_article(page):
    page.goto("/")
    assert page.locator("#count-articles").inner_text() == "6"
    page.fill("input[name=q]", "Kharkiv")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Kharkiv"))
    page.click("#hits a[href='/entity/kharkiv']")
    page.wait_for_url(re.compile(r"/entity/kharkiv$"))
    assert page.locator("h1").inner_text().startswith("Kharkiv")

    drawn = _wait_drawn(page)
    assert drawn >= 2  # Kharkiv and Russia
    assert page.locator("#graph canvas").count() >= 2
    assert _label_pixels(page) > 100

    # clicking a neighbour opens its page
    position = page.evaluate(
        """() => {
          const { renderer } = window.newsgraphDrawing;
          const box = document.getElementById('graph').getBoundingClientRect();
          const point = renderer.graphToViewport(renderer.getGraph().getNodeAttributes('russia'));
          return { x: box.left + point.x, y: box.top + point.y };
        }"""
    )
    page.mouse.click(position["x"], position["y"])
    page.wait_for_url(re.compile(r"/entity/russia$"))
    assert _wait_drawn(page) > drawn

    # the evidence sentence of a relation opens its article with the sentence highlighted
    page.click("a.evidence[href^='/article/kharkiv-accusation']")
    page.wait_for_url(re.compile(r"/article/kharkiv-accusation#s\d+$"))
    active = page.locator("#article-text .evidence.active")
    assert active.count() >= 1
    assert "Kharkiv" in " ".join(active.all_inner_texts())
    assert page.locator("#article-text a.mention[href='/entity/russia']").count() >= 1


def test_a_category_s_relations_page_by_page(page, monkeypatch):
    from graph.api import browse

    monkeypatch.setattr(browse, "ROWS_PER_CATEGORY", 1)
    monkeypatch.setattr(browse, "ROWS_PER_PAGE", 1)
    page.goto("/entity/russia")
    link = page.locator("#relations a.more").first
    category = unquote(re.search(r"category=([^#&]+)", link.get_attribute("href")).group(1))
    link.click()
    page.wait_for_url(re.compile(rf"/entity/russia\?category={category}#relations$"))
    assert "page 1 of" in page.locator("#relations .pager").inner_text()
    first = page.locator("#relations a.evidence").get_attribute("href")
    page.click("#relations a[rel=next]")
    page.wait_for_url(re.compile(rf"/entity/russia\?category={category}&page=2#relations$"))
    assert "page 2 of" in page.locator("#relations .pager").inner_text()
    assert page.locator("#relations a.evidence").count() == 1
    assert page.locator("#relations a.evidence").get_attribute("href") != first
    assert _wait_drawn(page) >= 2  # the neighbourhood is drawn on every page of the relations


def test_category_filter_redraws_the_graph(page):
    page.goto("/entity/russia")
    everything = _wait_drawn(page)
    page.select_option("#graph-controls select[name=category]", "ACCUSE")
    page.wait_for_function(f"document.getElementById('graph').dataset.drawn !== '{everything}'")
    assert int(page.get_attribute("#graph", "data-drawn")) == 2  # Russia and Ukraine


def test_graphiql_runs_the_readme_query(page):
    page.goto("/graphql")
    page.wait_for_selector(".graphiql-container", timeout=20_000)
    assert "relations" in page.locator(".graphiql-query-editor").inner_text()
    page.click(".graphiql-execute-button")
    result = page.locator(".result-window")
    result.filter(has_text="Russia").wait_for(timeout=20_000)
    assert '"predicate": "shelled"' in result.inner_text() or "shelled" in result.inner_text()
    assert EXAMPLE_QUERY.split("(")[0].strip("{ ") == "relations"


def test_sparql_pages_results_keeps_the_query_in_the_address(page):
    page.goto("/sparql")
    assert page.locator(".cm-editor .cm-lineNumbers").count() == 1  # the editor, with line numbers
    query = "SELECT * WHERE { ?s ?p ?o }"
    _set_query(page, query)
    page.click("#run")
    page.wait_for_selector("#results table")
    total = int(re.search(r"([\d,]+) results?", page.locator("#status").inner_text()).group(1).replace(",", ""))
    assert total > 200
    assert page.locator("#results tbody tr").count() == 100  # one page in the DOM, not every row
    assert page.locator("#results thead th").all_inner_texts() == ["s", "p", "o"]  # the order of the query
    first_page = page.locator("#results tbody tr").first.inner_text()
    page.click("#pager button[name=next]")
    assert page.locator("#results tbody tr").first.inner_text() != first_page
    assert "rows 101–200" in page.locator("#pager").inner_text()
    assert page.locator("#results a.iri[href^='/']").count() > 0  # the server's IRIs link to their pages

    assert unquote(page.url.split("#query=", 1)[1].replace("+", " ")) == query
    page.reload()
    page.wait_for_selector("#results table")
    assert page.locator(".cm-content").inner_text() == query
    assert page.locator(".cm-content span").count() > 0  # highlighted tokens


def test_sparql_example_and_unknown_prefix(page):
    page.goto("/sparql")
    page.select_option("#example", "1")
    page.click("#run")
    page.wait_for_function("/result/.test(document.getElementById('status').textContent)")
    assert page.locator("#status.error").count() == 0

    _set_query(page, "SELECT * WHERE { ?s foo:bar ?o }")
    page.click("#run")
    page.wait_for_selector("#status.error")
    message = page.locator("#status").inner_text()
    assert "Unknown prefix 'foo:'" in message
    assert "u{" not in message and len(message) < 200
