"""GraphiQL from the package: the page loads only local assets, opens on the README's query, which runs."""

from __future__ import annotations

import re
import warnings

import pytest

with warnings.catch_warnings():  # starlette's test client warns about httpx, which is what it uses here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from graph.api.graphql.ide import EXAMPLE_QUERY
from tests.factories import sparql_extractions
from tests.settings import ROOT


@pytest.fixture(scope="module")
def client():
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph

    knowledge = KnowledgeGraph.open(None)
    knowledge.ingest(sparql_extractions())
    with TestClient(create_app(knowledge)) as test_client:
        yield test_client
    knowledge.close()


def _loaded(page: str) -> list[str]:
    return re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)


def test_graphiql_page_loads_only_assets_of_the_server(client):
    page = client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    urls = [url for url in _loaded(page.text) if url != "data:,"]  # the empty icon: no request
    assert any(url.endswith("graphiql.min.js") for url in urls)
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.headers["content-type"].startswith("text/javascript" if url.endswith(".js") else "text/css")
        assert b"sourceMappingURL" not in asset.content


def test_graphiql_opens_on_the_readme_query(client):
    page = client.get("/graphql", headers={"accept": "text/html"}).text
    assert 'data-example="{ relations(object: &quot;Kharkiv&quot;' in page
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert EXAMPLE_QUERY in readme


def test_the_example_query_runs(client):
    answer = client.post("/graphql", json={"query": EXAMPLE_QUERY}).json()
    assert "errors" not in answer
    edges = answer["data"]["relations"]["edges"]
    assert edges and all(edge["node"]["subject"]["name"] for edge in edges)


def test_licences_are_kept_beside_the_bundle(client):
    licences = client.get("/assets/graphiql/LICENSES.txt")
    assert licences.status_code == 200
    for package in ("graphiql@", "react@", "react-dom@", "graphql@"):
        assert package in licences.text


@pytest.mark.parametrize(
    "path", ["/assets/graphiql/graphiql.html", "/assets/graphiql/build", "/assets/other/x.js", "/assets/graphiql/nope.js"]
)
def test_only_assets_are_served(client, path):
    assert client.get(path).status_code == 404
