"""Talking to a running ``newsgraph serve``: the ingest endpoint and its token.

While a server runs it owns the store (Oxigraph allows one writer process).
The server writes ``server.json`` (URL and ingest token, readable only by its
owner) into the store directory, so ``newsgraph ingest`` pointed at that store
finds the server and sends its articles there instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from graph.cli.server_file import listening, write_private
from graph.errors import AuthError, ServerError
from graph.model import ArticleExtraction

SERVER_FILE = "server.json"


@dataclass(frozen=True)
class ServerInfo:
    url: str
    token: str
    pid: int | None = None


def write_server_info(store_path: Path, info: ServerInfo) -> Path:
    """Record where the server for this store listens (mode 0600, whatever file was there)."""
    path = Path(store_path) / SERVER_FILE
    return write_private(path, json.dumps({"url": info.url, "token": info.token, "pid": info.pid}))


def read_server_info(store_path: Path) -> ServerInfo | None:
    """The server recorded for this store, if its process is alive and its URL accepts connections."""
    path = Path(store_path) / SERVER_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        url, token, pid = str(data["url"]), str(data["token"]), data.get("pid")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if pid and not _process_alive(int(pid)):
        return None
    if not listening(_local_url(url)):
        return None  # a stale file whose PID was reused by another process
    return ServerInfo(url=url, token=token, pid=pid)


def _local_url(url: str) -> str:
    """A server bound to all interfaces is reached on loopback."""
    return url.replace("://0.0.0.0:", "://127.0.0.1:").replace("://[::]:", "://[::1]:")


def remove_server_info(store_path: Path) -> None:
    try:
        (Path(store_path) / SERVER_FILE).unlink()
    except OSError:
        pass


class RemoteGraph:
    """An ExtractionSink that posts extractions to a server's /ingest."""

    def __init__(self, url: str, token: str | None, *, timeout: float = 120.0) -> None:
        self.url = url.rstrip("/")
        self._token = token
        self._client = httpx.Client(timeout=timeout)

    def ingest(self, extractions: Sequence[ArticleExtraction]) -> dict:
        body = {"extractions": [e.to_record() for e in extractions]}
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        try:
            response = self._client.post(f"{self.url}/ingest", json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise ServerError(f"cannot reach the newsgraph server at {self.url}: {exc}") from exc
        if response.status_code == 401:
            raise AuthError(f"the server at {self.url} refused the ingest token (set --token or NEWSGRAPH_TOKEN)")
        if response.status_code >= 400:
            raise ServerError(f"the server at {self.url} answered {response.status_code}: {_error_text(response)}")
        return response.json()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RemoteGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _error_text(response: httpx.Response) -> str:
    try:
        return str(response.json().get("error"))
    except ValueError:
        return response.text[:200]


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
