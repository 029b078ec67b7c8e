"""GraphiQL for a browser at ``/graphql``, loaded from the package (no CDN), opening on an example.

The bundle is built from pinned npm packages by ``tools/build-graphiql.sh`` and
served by ``graph.api.assets``.
"""

from __future__ import annotations

import html
from importlib import resources

#: The query GraphiQL opens with (the README's GraphQL example; a test keeps them equal).
EXAMPLE_QUERY = """{ relations(object: "Kharkiv", category: ASSAULT, first: 5) {
    edges { node { subject { name } predicate date evidence { sentence } } } } }"""


def graphiql_html(*, endpoint: str = "/graphql", example: str = EXAMPLE_QUERY) -> str:
    """The GraphiQL page: the vendored bundle, the endpoint and the example as data attributes."""
    template = resources.files("graph.api").joinpath("static", "graphiql", "graphiql.html").read_text(encoding="utf-8")
    return template.replace("{{ENDPOINT}}", html.escape(endpoint, quote=True)).replace("{{EXAMPLE}}", html.escape(example, quote=True))
