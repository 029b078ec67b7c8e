"""SPARQL: the query engine with a time limit, result formats, the service description."""
