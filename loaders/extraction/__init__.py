"""Extraction: articles in, actor–relation–actor triples out.

``extract_article(nlp, article)`` and ``extract_articles(nlp, articles)``
return graph.model.ArticleExtraction records; no spaCy object leaves here.
"""

from loaders.extraction.pipeline import extract_article, extract_articles

__all__ = ["extract_article", "extract_articles"]
