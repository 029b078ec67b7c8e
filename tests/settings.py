"""Where the tests find things, and the settings of the servers they start."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DOCS = ROOT / "docs"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "eval" / "seeds.gold.jsonl"
#: The Node packages the GEXF tests parse with (graphology-gexf).
JS_DIR = ROOT / "tests" / "js"

#: Ingest token of the servers the tests start.
INGEST_TOKEN = "test-ingest-token"
#: Time limit of the test SPARQL endpoint: short, so the timeout test stays quick.
TEST_TIMEOUT = 1.5
