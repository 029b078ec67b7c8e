"""newsgraph: a knowledge graph of who did what to whom in the news.

The ``graph`` package holds the data model shared by every stage, the RDF
store, the networkx mirror and the serving side. Importing it is cheap: no
spaCy model, no store and no server is touched until a caller asks for one.
"""

__version__ = "0.1.0"
