"""GraphQL over HTTP: media types, status codes and operation selection as the specification asks."""

from __future__ import annotations

import pytest

from graph.api.graphql.http_rules import GRAPHQL_RESPONSE, prefers_graphql_response

TWO_OPERATIONS = "query Path { __typename } query Overview { __typename }"


@pytest.fixture(scope="module")
def server(serve, tmp_path_factory):
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph

    knowledge = KnowledgeGraph.open(tmp_path_factory.mktemp("graphql-http") / "store")
    yield serve(create_app(knowledge))


def _post(server, body: dict, accept: str | None = None):
    headers = {"Accept": accept} if accept else {}
    return server.post("/graphql", json=body, headers=headers)


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, False),
        ("application/json", False),
        ("*/*", False),
        (GRAPHQL_RESPONSE, True),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", True),
        (f"{GRAPHQL_RESPONSE};q=0.5, application/json", False),
        (f"{GRAPHQL_RESPONSE};q=0", False),
    ],
)
def test_accept_negotiation(accept, expected):
    assert prefers_graphql_response(accept) is expected


@pytest.mark.e2e
def test_graphql_response_json_is_answered_when_accepted(server):
    response = _post(server, {"query": "{ __typename }"}, GRAPHQL_RESPONSE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert response.json() == {"data": {"__typename": "Query"}}
    plain = _post(server, {"query": "{ __typename }"}, "application/json")
    assert plain.headers["content-type"].startswith("application/json")


@pytest.mark.e2e
@pytest.mark.parametrize(
    "body",
    [
        {"query": "{"},
        {"query": "{ noSuchField }"},
        {"qeury": "{ __typename }"},
        {"query": "{ __typename }", "variables": "x"},
        {"query": "{ __typename }", "operationName": 0},
    ],
    ids=["syntax", "validation", "missing query", "variables string", "operationName number"],
)
def test_request_errors_are_400_without_data_for_graphql_response_json(server, body):
    response = _post(server, body, GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    document = response.json()
    assert "data" not in document and document["errors"][0]["message"]


@pytest.mark.e2e
@pytest.mark.parametrize("body", [{"query": "{"}, {"query": "{ noSuchField }"}], ids=["syntax", "validation"])
def test_document_errors_stay_200_for_application_json(server, body):
    response = _post(server, body, "application/json")
    assert response.status_code == 200
    assert response.json()["errors"]


@pytest.mark.e2e
def test_field_errors_keep_200_and_data(server):
    response = _post(server, {"query": "{ entity { name } }"}, GRAPHQL_RESPONSE)
    assert response.status_code == 200
    document = response.json()
    assert "data" in document and document["errors"][0]["path"] == ["entity"]


@pytest.mark.e2e
@pytest.mark.parametrize("accept", [None, GRAPHQL_RESPONSE])
def test_several_operations_need_an_operation_name(server, accept):
    response = _post(server, {"query": TWO_OPERATIONS}, accept)
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert "Path" in message and "Overview" in message and "operationName" in message
    chosen = _post(server, {"query": TWO_OPERATIONS, "operationName": "Overview"}, accept)
    assert chosen.status_code == 200 and chosen.json()["data"] == {"__typename": "Query"}


@pytest.mark.e2e
def test_unknown_operation_name_is_a_json_error(server):
    response = _post(server, {"query": TWO_OPERATIONS, "operationName": "Nope"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert "Nope" in response.json()["errors"][0]["message"]


@pytest.mark.e2e
def test_graphiql_page_is_still_served_to_browsers(server):
    response = server.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
