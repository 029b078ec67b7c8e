"""The HTTP application: one route list (``app``), its views, GraphQL and the static files."""
