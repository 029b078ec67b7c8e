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
from pathlib import Path

import httpx

from tests.live import free_port

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "import sys; from graph.cli.app import main; sys.exit(main())"]


class ServedProcess:
    def __init__(self, store: Path | str, *options: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        # The access log goes to a file: a pipe nobody reads would fill up and stall the server.
        self._log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [*CLI, "serve", "--store", str(store), "--create", "--port", str(self.port), *options],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            text=True,
        )

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read()

    def wait_ready(self, timeout: float = 60.0) -> ServedProcess:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited with {self.process.returncode}: {self.log()}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.url} did not come up")

    def assert_alive(self) -> None:
        assert self.process.poll() is None, f"the server died with exit code {self.process.returncode}"
        assert httpx.get(self.url + "/health", timeout=5).status_code == 200

    def stop(self) -> str:
        """Stop the server; its standard error."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.log()


#: The ``oxigraph`` binary the ``oxigraph`` package installs beside this Python (the ``test`` extra pins it).
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


class OxigraphServer:
    """``oxigraph serve`` over a fresh directory, on a free loopback port; ``.url`` is what ``--store`` takes."""

    def __init__(self, location: Path) -> None:
        assert OXIGRAPH is not None, "no oxigraph binary: pip install -e '.[test]'"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self._log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read()

    def wait_ready(self, timeout: float = 30.0) -> OxigraphServer:
        """Wait until the endpoint answers a query."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"oxigraph exited with {self.process.returncode}: {self.log()}")
            try:
                answer = httpx.post(self.url + "query", content="ASK {}", headers={"Content-Type": "application/sparql-query"}, timeout=2)
                if answer.status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"oxigraph at {self.url} did not come up: {self.log()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
