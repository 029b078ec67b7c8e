"""The documentation, served from the source tree when there is one.

The Markdown files (``README.md`` and ``docs/*.md``) are not part of the
installed package. When the server runs from a checkout of the repository
they are beside the package, and ``/docs/{name}`` serves them as they are,
as plain text (no Markdown rendering); the home page links them. When they
are absent (an installed wheel), the home page says where the docs are
instead, and ``/docs/…`` is a 404.
"""

from __future__ import annotations

import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

#: The checkout holding the package, if it is one.
SOURCE_ROOT = Path(__file__).resolve().parents[2]
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\.md")


def doc_files(root: Path | None = None) -> dict[str, Path]:
    """``README.md`` then ``docs/*.md`` by name, those present under ``root`` (default: the checkout)."""
    root = SOURCE_ROOT if root is None else root
    found: dict[str, Path] = {}
    readme = root / "README.md"
    if readme.is_file() and (root / "graph" / "api").is_dir():
        found["README.md"] = readme
    folder = root / "docs"
    if folder.is_dir() and (root / "graph" / "api").is_dir():
        for path in sorted(folder.glob("*.md")):
            if _NAME.fullmatch(path.name) and path.name not in found:
                found[path.name] = path
    return found


async def doc(request: Request) -> Response:
    """``/docs/{name}``: one Markdown file of the source tree, as plain text."""
    name = request.path_params["name"]
    path = doc_files().get(name) if _NAME.fullmatch(name) else None
    if path is None:
        return PlainTextResponse(f"no document {name!r} here (the docs are served from a source checkout only)\n", status_code=404)
    return PlainTextResponse(path.read_text(encoding="utf-8"), media_type="text/plain; charset=utf-8")
