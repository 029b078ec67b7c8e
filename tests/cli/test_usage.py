"""Usage mistakes through the real `newsgraph` command: one line, a hint, exit 2, no traceback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from graph.cli.commands import plural
from graph.exports.sizes import human_size
from graph.store.oxigraph import Store
from tests.cli.test_app import run
from tests.live import free_port
from tests.settings import ROOT, SEEDS


def _one_line_usage_error(result, *needles: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("error: ")
    for needle in needles:
        assert needle in line
    return line


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        ((), ("no command given", "ingest", "serve", "newsgraph --help")),
        (("ingst",), ("no such command 'ingst'", "did you mean 'ingest'", "newsgraph --help")),
        (("ingest",), ("missing argument 'PATH'", "newsgraph ingest --help")),
        (("ingest", "--bogus"), ("no such option: --bogus", "newsgraph ingest --help")),
        (("serve", "--port", "abc"), ("'--port'", "newsgraph serve --help")),
        (("evaluate",), ("missing argument 'GOLD'", "newsgraph evaluate --help")),
        (("stats", "--store", "ftp://db.internal/ds"), ("'--store'", "over http:// or https:// only", "newsgraph stats --help")),
        (("serve", "--store", "http:///ds"), ("'--store'", "names no host", "http://127.0.0.1:7878/", "newsgraph serve --help")),
        (("export", "--store", ""), ("'--store'", "a directory or the http(s):// URL", "newsgraph export --help")),
    ],
)
@pytest.mark.e2e  # starts a process
def test_usage_mistake_is_one_line_with_a_hint(argv, needles):
    _one_line_usage_error(run(*argv), *needles)


@pytest.mark.e2e  # starts a process
@pytest.mark.parametrize("command", ["stats", "ingest", "remove", "export", "serve"])
def test_a_shared_store_that_does_not_answer_is_one_line_naming_it(command, tmp_path):
    url = f"http://127.0.0.1:{free_port()}/"
    argv = {"ingest": (str(SEEDS),), "remove": ("a1",)}.get(command, ())
    result = run(command, *argv, "--store", url, *(("--port", str(free_port())) if command == "serve" else ()))
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: can't reach the SPARQL endpoint at {url}query (")
    assert line.endswith("; is `oxigraph serve` (or another SPARQL 1.1 server) running there?")


@pytest.mark.e2e  # starts a process
def test_serve_refuses_a_folder_that_is_not_a_store(tmp_path):
    typo = tmp_path / "newsgraph-dta"
    line = _one_line_usage_error(run("serve", "--store", str(typo)), "is not a newsgraph store", "--create")
    assert str(typo) in line
    assert not typo.exists()


@pytest.mark.e2e  # starts a process
def test_serve_on_a_busy_port_says_how_to_pick_another(tmp_path):
    Store.open(tmp_path / "store").close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--store", str(tmp_path / "store"), "--port", str(port))
    _one_line_usage_error(result, f"port {port}", "already in use", "--port", "make run PORT=")


@pytest.mark.e2e  # starts a process and loads the spaCy model
def test_a_missing_path_among_several_is_reported_and_the_rest_ingested(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    missing = tmp_path / "more-news"
    result = run("ingest", str(seed), str(missing), "--store", str(tmp_path / "store"), "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"skipping {missing}: no such file or directory" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["articles"] >= 1
    assert {"source": str(missing), "reason": "no such file or directory"} in summary["skipped"]

    out = tmp_path / "graph.gexf"
    exported = run("export", "--format", "gexf", "-o", str(out), "--store", str(tmp_path / "store"))
    assert exported.returncode == 0, exported.stderr
    assert exported.stderr.strip() == f"wrote {out} ({human_size(out.stat().st_size)}, gexf)"


@pytest.mark.parametrize(
    ("count", "word", "expected"), [(0, "article", "0 articles"), (1, "article", "1 article"), (2, "input", "2 inputs")]
)
def test_plural(count, word, expected):
    assert plural(count, word) == expected


def test_plural_of_entity():
    assert plural(1, "entity", "entities") == "1 entity"
    assert plural(3, "entity", "entities") == "3 entities"


@pytest.mark.parametrize(("size", "expected"), [(0, "0 B"), (999, "999 B"), (1500, "1.5 kB"), (2_340_000, "2.3 MB")])
def test_human_size(size, expected):
    assert human_size(size) == expected


@pytest.mark.e2e  # starts processes
def test_serve_on_a_store_already_served_names_the_server(tmp_path):
    store, port = tmp_path / "store", free_port()
    first = subprocess.Popen(
        [sys.executable, "-c", "import sys; from graph.cli.app import main; sys.exit(main())", "serve", "--store", str(store)]
        + ["--port", str(port), "--create"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        second = run("serve", "--store", str(store), "--port", str(free_port()))
        assert second.returncode == 0, second.stderr
        assert second.stderr.strip() == f"{store} is already served at http://127.0.0.1:{port}"
    finally:
        first.send_signal(signal.SIGINT)
        first.wait(timeout=30)
    assert "explorer http://127.0.0.1:" in first.stderr.read()
