"""The one error hierarchy of newsgraph.

Code inside the project raises these; only the boundaries translate them:
the CLI into a one-line message and an exit code, the HTTP server into a
status code, the GraphQL layer into a GraphQL error.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class of every error newsgraph reports to a user."""

    exit_code = 1
    http_status = 500

    def details(self) -> dict[str, object]:
        """Fields an answer carries beside the message (none by default)."""
        return {}


class InputError(NewsgraphError):
    """An input (file, directory, record, request body) can't be used."""

    exit_code = 2
    http_status = 400


class PayloadTooLargeError(InputError):
    """A request body is over the size accepted."""

    http_status = 413


class UnsupportedMediaTypeError(InputError):
    """A request body comes in a media type that is not accepted."""

    http_status = 415


class EmptyInputError(InputError):
    """An input holds no article text at all."""


class ClusterError(InputError):
    """The Dask scheduler given with ``--cluster`` can't be reached, has no worker, or was lost."""


class ModelError(NewsgraphError):
    """The spaCy pipeline can't be loaded."""

    exit_code = 3


class StoreError(NewsgraphError):
    """The RDF store can't be opened, read or written."""

    exit_code = 4
    http_status = 503


class WriteFailedError(StoreError):
    """A write to the store failed (e.g. the disk is full); ``committed`` says which articles
    of the request were written before it, ``attempted`` how many it held."""

    def __init__(self, reason: str, *, committed: tuple[str, ...] = (), attempted: int | None = None) -> None:
        self.reason = reason
        self.committed = committed
        self.attempted = attempted
        of = f" of {attempted}" if attempted is not None else ""
        super().__init__(f"write failed: {reason}; {len(committed)}{of} articles committed")

    def details(self) -> dict[str, object]:
        return {"committed": len(self.committed), "attempted": self.attempted, "committed_ids": list(self.committed)}


class StoreLockedError(StoreError):
    """Another process holds the store."""

    exit_code = 5


class NotFoundError(NewsgraphError):
    """A named article, entity or resource does not exist."""

    exit_code = 6
    http_status = 404


class QueryError(NewsgraphError):
    """A query (SPARQL or GraphQL argument) is malformed or refused."""

    exit_code = 7
    http_status = 400


class QueryTimeoutError(QueryError):
    """A query ran past its time limit and was cancelled."""

    http_status = 503


class AuthError(NewsgraphError):
    """A write request came without the right token."""

    exit_code = 8
    http_status = 401


class IngestDisabledError(AuthError):
    """The server was started without an ingest token: writes are refused."""

    http_status = 403


class ServerError(NewsgraphError):
    """A remote newsgraph server could not be reached or refused a request."""

    exit_code = 9
    http_status = 502


class RulesError(NewsgraphError):
    """A rule table shipped with the extractor is malformed (bad row, duplicate key, unknown category)."""

    exit_code = 3
