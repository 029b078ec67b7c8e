"""The SPARQL service description claims only what the endpoint does."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.rdf.vocab import Vocabulary
from graph.sparql.service import service_description

FEDERATION = ox.NamedNode("http://www.w3.org/ns/sparql-service-description#BasicFederatedQuery")


@pytest.mark.parametrize("allowed", [False, True])
def test_federation_is_claimed_only_when_some_service_is_allowed(allowed):
    triples = service_description("http://127.0.0.1/sparql", Vocabulary(), [], timeout=10, federation=allowed)
    assert any(triple.object == FEDERATION for triple in triples) is allowed
