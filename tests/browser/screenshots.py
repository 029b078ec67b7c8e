"""Screenshots of every page for the docs: ``python -m tests.browser.screenshots docs/img`` (``make docs``).

The server runs over the test samples (``tests.factories``) on loopback;
Chromium may not leave it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.browser.drive import guard, launch
from tests.factories import graphql_extractions, sparql_extractions
from tests.live import LiveServer

#: (file name, path, what to wait for)
PAGES = (
    ("home.png", "/", "#count-articles"),
    ("search.png", "/search?q=kyiv", "#hits"),
    ("entity.png", "/entity/russia", "#graph[data-drawn]"),
    ("article.png", "/article/kyiv-strike#s0", "#article-text"),
    ("graphiql.png", "/graphql", ".graphiql-container"),
    ("sparql.png", "/sparql#query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", "#results table"),
    ("exports.png", "/export", "table.exports"),
)


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph
    from graph.rdf.ontology import load_ontology

    target = Path(argv[0] if argv else "docs/img")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsgraph-shots-") as tmp:
        knowledge = KnowledgeGraph.open(Path(tmp) / "store")
        knowledge.ingest(sparql_extractions() + graphql_extractions())
        load_ontology(knowledge.store)
        server = LiveServer(create_app(knowledge))
        server.start()
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 860})
                outside = guard(context)
                page = context.new_page()
                for name, path, ready in PAGES:
                    page.goto(path)
                    page.wait_for_selector(ready, timeout=20_000)
                    if name == "graphiql.png":
                        page.click(".graphiql-execute-button")
                        page.locator(".result-window").filter(has_text="Russia").wait_for(timeout=20_000)
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(target / name))
                    print(f"wrote {target / name}", file=sys.stderr)
                browser.close()
                if outside:
                    raise SystemExit(f"requests left the machine: {outside}")
        finally:
            server.stop()
            knowledge.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
