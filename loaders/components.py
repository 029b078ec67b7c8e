"""newsgraph's pipeline components put where spaCy's were (``loaders.attributes``, ``loaders.lemmas``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language


def register(
    factory: str, make: Callable[..., Any], *, assigns: list[str], requires: list[str], default_config: dict | None = None
) -> None:
    """Make ``factory`` known to spaCy (once), with what it requires and assigns."""
    from spacy.language import Language  # heavy: spaCy is loaded by now

    if not Language.has_factory(factory):
        Language.factory(factory, assigns=assigns, requires=requires, default_config=default_config or {})(make)


def put_in_place(nlp: Language, name: str, factory: str, config: dict | None = None) -> Any:
    """Add a ``factory`` component just before ``name`` and take ``name`` out; the new component."""
    component = nlp.add_pipe(factory, before=name, config=config or {})
    nlp.remove_pipe(name)
    return component
