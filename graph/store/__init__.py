"""The store: Oxigraph holding one named graph per article (on disk, in memory, or behind a SPARQL endpoint), and its dumps.

``open_store(location)`` picks the backend: an ``http://`` or ``https://`` URL
is a remote SPARQL 1.1 endpoint (:mod:`graph.store.remote`), anything else a
directory of the embedded store (:mod:`graph.store.oxigraph`; ``None``: in memory).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.rdf.vocab import Vocabulary
    from graph.store.oxigraph import Store

REMOTE_SCHEMES = ("http://", "https://")


def is_remote(location: object) -> bool:
    """Whether a ``--store`` value names a SPARQL endpoint (an http:// or https:// URL) rather than a directory."""
    return isinstance(location, str) and location.strip().lower().startswith(REMOTE_SCHEMES)


def open_store(location: str | Path | None, *, vocab: Vocabulary | None = None, read_only: bool = False) -> Store:
    """The store at ``location``: a RemoteStore for a URL, else the on-disk (or, for None, in-memory) Store."""
    # each backend loads when chosen: the HTTP client only for a URL
    if is_remote(location):
        from graph.store.remote import RemoteStore

        return RemoteStore.open(str(location).strip(), vocab=vocab, read_only=read_only)
    from graph.store.oxigraph import Store

    return Store.open(location, vocab=vocab, read_only=read_only)
