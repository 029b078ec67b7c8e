"""A real server over a small store built from the factories, and Chromium pages that may not leave it."""

from __future__ import annotations

import pytest

from tests.browser.drive import guard, launch
from tests.factories import graphql_extractions, sparql_extractions


@pytest.fixture(scope="module")
def explorer_server(serve, tmp_path_factory):
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph
    from graph.rdf.ontology import load_ontology

    knowledge = KnowledgeGraph.open(tmp_path_factory.mktemp("explorer") / "store")
    knowledge.ingest(sparql_extractions() + graphql_extractions())
    load_ontology(knowledge.store)
    yield serve(create_app(knowledge))
    knowledge.close()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture()
def page(chromium, explorer_server):
    """A fresh page; the test fails if any request left 127.0.0.1."""
    context = chromium.new_context(base_url=explorer_server.url, viewport={"width": 1280, "height": 900})
    outside = guard(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert outside == [], f"requests left the machine: {outside}"
    assert errors == [], f"script errors: {errors}"
