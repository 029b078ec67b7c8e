"""What the views of one application share: the knowledge graph and the server's settings.

``create_app`` (``graph.api.app``) puts one ``ApiState`` on the application;
a view reads it with ``api_state(request)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from starlette.requests import Request

from graph.knowledge import IngestResult, KnowledgeReader
from graph.model import ArticleExtraction
from graph.sparql.engine import QueryRunner


@dataclass(frozen=True)
class ApiState:
    knowledge: KnowledgeReader
    #: Writes articles (``KnowledgeGraph.ingest``); None: the server only reads.
    ingest: Callable[[Sequence[ArticleExtraction]], IngestResult] | None
    #: The bearer token ``POST /ingest`` requires; None disables the endpoint.
    ingest_token: str | None
    sparql: QueryRunner


def api_state(request: Request) -> ApiState:
    state = request.app.state.newsgraph
    assert isinstance(state, ApiState)
    return state
