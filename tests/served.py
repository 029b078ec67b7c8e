"""``newsgraph serve`` in a process of its own (a crash there is a dead process, not a dead test run)."""

from __future__ import annotations

import os
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
    def __init__(self, store: Path, *options: str) -> None:
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
