"""The explorer: server-rendered pages for people, and RDF for clients, at the IRIs the server mints.

``/`` (what the graph holds), ``/search?q=`` (entities), ``/entity/{key}``
(relations by category, neighbourhood graph, timeline; ``?category=X&page=N``
pages through one category's relations), ``/article/{id}``
(the text with mentions and evidence highlighted, its triples), ``/export``
(the downloads), and every other minted IRI (``/statement/…``,
``/quantity/…``, ``/relation/…``, ``/category/…``). A client that asks for
Turtle, JSON-LD or N-Triples (``Accept`` or ``?format=``) gets the RDF
description instead (``graph.api.linked``). The data comes from
``graph.api.browse``; templates are in ``graph/api/templates/``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from graph.api import sparql
from graph.api.browse import SIZES_WAIT, Browser
from graph.api.docs import doc_files
from graph.api.linked import describe, iri_of_path, local_path, rdf_media_type, serialize
from graph.errors import NotFoundError
from graph.exports import EXPORT_FORMATS
from graph.exports.sizes import human_size
from graph.exports.style import CATEGORY_COLORS, UNKNOWN_COLOR
from graph.knowledge import KnowledgeReader
from graph.rdf.ontology import ontology_path, serialize_ontology


def plural(count: int, word: str) -> str:
    irregular = {"entity": "entities"}
    return f"{count} {word if count == 1 else irregular.get(word, word + 's')}"


def entity_url(key: str) -> str:
    return "/entity/" + quote(key, safe="")


def article_url(article_id: str) -> str:
    return "/article/" + quote(article_id, safe="")


class Explorer:
    """The page views over one knowledge graph; ``graph.api.app`` routes them."""

    def __init__(self, knowledge: KnowledgeReader) -> None:
        self.knowledge = knowledge
        self.browser = Browser(knowledge)
        self.templates = Environment(loader=PackageLoader("graph.api", "templates"), autoescape=select_autoescape(default=True))
        self.templates.globals.update(
            plural=plural,
            entity_url=entity_url,
            article_url=article_url,
            category_color=lambda category: CATEGORY_COLORS.get(category, UNKNOWN_COLOR),
            human_size=human_size,
        )

    def _page(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        body = self.templates.get_template(template).render(**context)
        return HTMLResponse(body, status_code=status_code, headers={"Vary": "Accept"})

    def _not_found(self, exc: NotFoundError) -> HTMLResponse:
        return self._page("not_found.html", status_code=404, message=str(exc))

    async def home(self, request: Request) -> Response:
        overview = await run_in_threadpool(self.browser.overview)
        sizes = await run_in_threadpool(self.browser.export_sizes) if overview.ready else None
        return self._page(
            "home.html",
            overview=overview,
            ontology=ontology_path(self.knowledge.vocab),
            formats=list(EXPORT_FORMATS.values()),
            sizes=sizes,
            docs=list(doc_files()),
        )

    async def search(self, request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        hits = await run_in_threadpool(self.browser.search, query)
        return self._page("search.html", query=query, hits=hits)

    async def exports(self, request: Request) -> Response:
        sizes = await run_in_threadpool(self.browser.export_sizes, SIZES_WAIT)
        return self._page("exports.html", formats=list(EXPORT_FORMATS.values()), sizes=sizes)

    async def entity(self, request: Request) -> Response:
        rdf = await self._rdf(request)
        if rdf is not None:
            return rdf
        category = request.query_params.get("category") or None
        try:
            page = int(request.query_params.get("page", "1"))
        except ValueError:
            page = 1
        try:
            view = await run_in_threadpool(self.browser.entity, request.path_params["key"], category, page)
        except NotFoundError as exc:
            return self._not_found(exc)
        return self._page("entity.html", view=view)

    async def entity_graph(self, request: Request) -> Response:
        """The neighbourhood the entity page draws: ``?depth=1|2&category=ASSAULT``."""
        try:
            depth = int(request.query_params.get("depth", "1"))
        except ValueError:
            depth = 1
        categories = [c for c in request.query_params.getlist("category") if c]
        data = await run_in_threadpool(lambda: self.browser.neighbourhood(request.path_params["key"], depth=depth, categories=categories))
        return JSONResponse(data)

    async def article(self, request: Request) -> Response:
        rdf = await self._rdf(request)
        if rdf is not None:
            return rdf
        try:
            view = await run_in_threadpool(self.browser.article, request.path_params["article_id"])
        except NotFoundError as exc:
            return self._not_found(exc)
        return self._page("article.html", view=view)

    async def resource(self, request: Request) -> Response:
        """Any other IRI the server mints: a statement, a quantity, a relation, a category."""
        rdf = await self._rdf(request)
        if rdf is not None:
            return rdf
        store = self.knowledge.store
        iri = iri_of_path(store.vocab, request.url.path)
        try:
            triples = await run_in_threadpool(describe, store, iri)
        except NotFoundError as exc:
            return self._not_found(exc)
        subject = ox.NamedNode(iri)
        rows = [(t.predicate.value, _term_text(t.object), _term_link(store.vocab, t.object)) for t in triples if t.subject == subject]
        uses = [
            (
                _term_text(t.subject),
                _term_link(store.vocab, t.subject),
                t.predicate.value,
                _term_text(t.object),
                _term_link(store.vocab, t.object),
            )
            for t in triples
            if t.subject != subject
        ]
        return self._page("resource.html", iri=iri, rows=rows, uses=uses)

    async def ontology(self, request: Request) -> Response:
        """The ontology: an HTML page to a browser that asks for HTML, else its RDF (``graph.api.sparql.ontology``)."""
        accept = request.headers.get("accept") or ""
        if "text/html" not in accept or request.query_params.get("format") or rdf_media_type(accept) is not None:
            return await sparql.ontology(request)
        vocab = self.knowledge.vocab
        turtle = serialize_ontology(vocab, ox.RdfFormat.TURTLE)
        triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
        uses = [
            (_term_text(t.subject), _term_link(vocab, t.subject), t.predicate.value, _term_text(t.object), _term_link(vocab, t.object))
            for t in triples
        ]
        return self._page("resource.html", iri=str(vocab.ontology_graph), rows=[], uses=uses)

    async def _rdf(self, request: Request) -> Response | None:
        """The RDF description when the client asks for RDF, else None (it gets the page)."""
        media_type = rdf_media_type(request.headers.get("accept"), request.query_params.get("format"))
        if media_type is None:
            return None
        store = self.knowledge.store
        iri = iri_of_path(store.vocab, request.url.path)
        try:
            triples = await run_in_threadpool(describe, store, iri)
        except NotFoundError as exc:
            return Response(f"{exc}\n", status_code=404, media_type="text/plain")
        body = await run_in_threadpool(serialize, store, triples, media_type)
        return Response(body, media_type=media_type, headers={"Vary": "Accept"})


def _term_text(term: Any) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(term)


def _term_link(vocab: Any, term: Any) -> str | None:
    return local_path(vocab, term.value) if isinstance(term, ox.NamedNode) else None
