"""The graphql-http server audits (GraphQL over HTTP conformance) against the real /graphql."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.settings import ROOT

JS_DIR = ROOT / "tests" / "js"


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed: the graphql-http audits need Node.js")
    if not (JS_DIR / "node_modules" / "graphql-http").is_dir():
        npm = shutil.which("npm")
        assert npm, "node is installed but npm is not: can't install graphql-http"
        install = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, capture_output=True, text=True, timeout=600)
        assert install.returncode == 0, f"npm ci in {JS_DIR} failed:\n{install.stderr}"
    return found


@pytest.mark.e2e
def test_every_graphql_http_audit_passes(node, serve, tmp_path):
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph

    server = serve(create_app(KnowledgeGraph.open(tmp_path / "store")))
    run = subprocess.run(
        [node, str(JS_DIR / "audit_graphql_http.js"), server.url + "/graphql"], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert len(results) > 40  # the suite ran (graphql-http 1.23.1 has 61 server audits)
    musts = [r for r in results if r["name"].startswith("MUST")]
    shoulds = [r for r in results if r["name"].startswith("SHOULD")]
    assert musts and shoulds
    failed = [f"{r['id']} {r['name']}: {r.get('reason')}" for r in results if r["status"] != "ok"]
    assert not failed, "\n".join(failed)
