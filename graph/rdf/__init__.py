"""RDF: the vocabulary, writing and reading article graphs, the ontology."""
