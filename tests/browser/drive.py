"""Chromium driven by Playwright, offline: Debian's /usr/bin/chromium, never a downloaded build.

``launch(playwright)`` starts it headless; ``guard(context, host)`` lets requests
to the test server through and aborts (and records) every other one.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright):
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def guard(context, host: str = "127.0.0.1") -> list[str]:
    """Abort every request of the browser context that would leave ``host``; the list returned fills with their URLs."""
    outside: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if urlsplit(url).hostname == host:
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    return outside
