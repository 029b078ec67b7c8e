"""``/assets/{folder}/{name}``: the scripts and style sheets the pages load, served from the package.

Every page works offline: what it loads is vendored under ``graph/api/static/``
(GraphiQL, the explorer's graph drawing) and served here, never from a CDN.
Only the files of ``ASSET_FOLDERS`` with a known suffix are served.
"""

from __future__ import annotations

from importlib import resources

from starlette.requests import Request
from starlette.responses import Response

from graph.errors import NotFoundError

#: The folders of ``graph/api/static/`` served under ``/assets/``.
ASSET_FOLDERS = ("graphiql", "explorer")
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".txt": "text/plain; charset=utf-8"}


def asset_url(folder: str, name: str) -> str:
    """The path a page loads ``graph/api/static/<folder>/<name>`` from."""
    return f"/assets/{folder}/{name}"


def read_asset(folder: str, name: str) -> tuple[bytes, str]:
    """The bytes and media type of one asset; NotFoundError for anything else."""
    suffix = name[name.rfind(".") :] if "." in name else ""
    if folder not in ASSET_FOLDERS or "/" in name or name.startswith(".") or suffix not in MEDIA_TYPES:
        raise NotFoundError(f"no asset {folder}/{name}")
    resource = resources.files("graph.api").joinpath("static", folder, name)
    if not resource.is_file():
        raise NotFoundError(f"no asset {folder}/{name}")
    return resource.read_bytes(), MEDIA_TYPES[suffix]


async def asset(request: Request) -> Response:
    body, media_type = read_asset(request.path_params["folder"], request.path_params["name"])
    return Response(body, media_type=media_type, headers={"Cache-Control": "max-age=86400"})
