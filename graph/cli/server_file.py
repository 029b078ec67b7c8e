"""The files around a running server: ``server.json`` written privately, checked by connecting.

* ``write_private`` writes a file through a temporary sibling created with
  mode 0600 and renamed over the target, so the result is 0600 whatever
  file was there before (and readers never see half a file);
* ``listening`` tells whether something accepts connections at a URL's host
  and port (a PID alone can be reused by an unrelated process);
* ``read_token_file`` reads an ingest token from a file, so it need not be
  given on the command line, where ``ps`` shows it;
* ``is_loopback`` tells a loopback host from one reachable over the network.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import stat
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from graph.errors import InputError


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` with mode 0600, replacing any existing file atomically."""
    path = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return path


def listening(url: str, *, timeout: float = 2.0) -> bool:
    """True when a TCP connection to the URL's host and port succeeds."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            return True
    except OSError:
        return False


def read_token_file(path: Path) -> str:
    """The token in a file (its first line, stripped); InputError when missing or empty."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--token-file {path}: can't be read ({getattr(exc, 'strerror', None) or exc})") from None
    token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not token:
        raise InputError(f"--token-file {path}: the file is empty")
    return token


def readable_by_others(path: Path) -> bool:
    try:
        return bool(os.stat(path).st_mode & (stat.S_IRGRP | stat.S_IROTH))
    except OSError:
        return False


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
