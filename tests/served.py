"""Servers in processes of their own (a crash there is a dead process, not a dead test run):
``newsgraph serve`` (``ServedProcess``) and ``oxigraph serve``, the SPARQL endpoint of a shared store (``OxigraphServer``)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.live import free_port

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "import sys; from graph.cli.app import main; sys.exit(main())"]


class _Background:
    """A server in a process of its own, its standard error in a file (a pipe nobody reads would
    fill up and stall it)."""

    name = "server"

    def __init__(self, command: list[str], env: dict[str, str] | None = None) -> None:
        self._log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=self._log, text=True)

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read()

    def _wait_until(self, answers: Callable[[], bool], timeout: float, pause: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.process.returncode}: {self.log()}")
            try:
                if answers():
                    return
            except httpx.HTTPError:
                pass
            time.sleep(pause)
        raise AssertionError(f"{self.name} did not come up: {self.log()}")

    def _stop(self, sig: int, timeout: float) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class ServedProcess(_Background):
    name = "newsgraph serve"

    def __init__(self, store: Path | str, *options: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        super().__init__([*CLI, "serve", "--store", str(store), "--create", "--port", str(self.port), *options], env)

    def wait_ready(self, timeout: float = 60.0) -> ServedProcess:
        self._wait_until(lambda: httpx.get(self.url + "/health", timeout=2).status_code == 200, timeout, 0.2)
        return self

    def assert_alive(self) -> None:
        assert self.process.poll() is None, f"the server died with exit code {self.process.returncode}"
        assert httpx.get(self.url + "/health", timeout=5).status_code == 200

    def stop(self) -> str:
        """Stop the server; its standard error."""
        self._stop(signal.SIGINT, 30)
        return self.log()


#: The ``oxigraph`` binary the ``oxigraph`` package installs beside this Python (the ``test`` extra pins it).
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


class OxigraphServer(_Background):
    """``oxigraph serve`` over a fresh directory, on a free loopback port; ``.url`` is what ``--store`` takes."""

    name = "oxigraph"

    def __init__(self, location: Path) -> None:
        assert OXIGRAPH is not None, "no oxigraph binary: pip install -e '.[test]'"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        super().__init__([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"])

    def wait_ready(self, timeout: float = 30.0) -> OxigraphServer:
        """Wait until the endpoint answers a query."""
        headers = {"Content-Type": "application/sparql-query"}

        def answers() -> bool:
            return httpx.post(self.url + "query", content="ASK {}", headers=headers, timeout=2).status_code == 200

        self._wait_until(answers, timeout, 0.1)
        return self

    def stop(self) -> None:
        self._stop(signal.SIGTERM, 10)
        self._log.close()
