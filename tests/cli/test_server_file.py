"""server.json is private and checked by connecting; the token can stay off the command line."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess

import httpx
import pytest

from graph.cli.remote import SERVER_FILE, ServerInfo, read_server_info, write_server_info
from graph.cli.server_file import is_loopback, listening, read_token_file
from graph.errors import InputError
from tests.live import free_port
from tests.served import CLI, ROOT, ServedProcess


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_server_json_is_rewritten_0600_over_a_0644_file(tmp_path):
    path = tmp_path / SERVER_FILE
    path.write_text('{"url": "http://old", "token": "old"}', encoding="utf-8")
    os.chmod(path, 0o644)
    write_server_info(tmp_path, ServerInfo(url="http://127.0.0.1:1", token="secret", pid=os.getpid()))
    assert _mode(path) == 0o600
    assert json.loads(path.read_text(encoding="utf-8"))["token"] == "secret"
    assert [p.name for p in tmp_path.iterdir()] == [SERVER_FILE]  # no temporary file left behind


def test_stale_server_json_with_a_live_pid_is_ignored(tmp_path):
    """The PID is alive (it is ours), but nothing listens at the URL: not a server."""
    url = f"http://127.0.0.1:{free_port()}"
    write_server_info(tmp_path, ServerInfo(url=url, token="t", pid=os.getpid()))
    assert read_server_info(tmp_path) is None


def test_server_json_of_a_listening_server_is_used(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        write_server_info(tmp_path, ServerInfo(url=url, token="t", pid=os.getpid()))
        assert listening(url)
        info = read_server_info(tmp_path)
    assert info is not None and info.url == url and info.token == "t"


def test_token_file_first_line_and_errors(tmp_path):
    good = tmp_path / "token"
    good.write_text("  abc123  \nignored\n", encoding="utf-8")
    assert read_token_file(good) == "abc123"
    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_token_file(empty)
    with pytest.raises(InputError, match="can't be read"):
        read_token_file(tmp_path / "missing")


@pytest.mark.parametrize(
    "host, expected",
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host, expected):
    assert is_loopback(host) is expected


@pytest.mark.e2e
def test_serve_takes_its_token_from_a_file_and_writes_server_json_0600(tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("file-token-42\n", encoding="utf-8")
    os.chmod(token_file, 0o600)
    from graph.knowledge import KnowledgeGraph

    store = tmp_path / "store"
    KnowledgeGraph.open(store).close()
    (store / SERVER_FILE).write_text("{}", encoding="utf-8")
    os.chmod(store / SERVER_FILE, 0o644)
    server = ServedProcess(store, "--token-file", str(token_file)).wait_ready()
    try:
        assert "file-token-42" not in " ".join(server.process.args)
        assert _mode(store / SERVER_FILE) == 0o600
        assert json.loads((store / SERVER_FILE).read_text(encoding="utf-8"))["token"] == "file-token-42"
        auth = {"Authorization": "Bearer file-token-42"}
        response = httpx.post(server.url + "/ingest", json={"extractions": []}, headers=auth, timeout=30)
        assert response.status_code == 200, response.text
        wrong = httpx.post(server.url + "/ingest", json={"extractions": []}, headers={"Authorization": "Bearer x"}, timeout=30)
        assert wrong.status_code == 401
    finally:
        server.stop()


def test_serve_on_a_non_loopback_host_warns_that_ingest_is_exposed(tmp_path):
    """The store is held here, so serve stops right after the warning (nothing is bound)."""
    from graph.knowledge import KnowledgeGraph

    store = tmp_path / "store"
    holder = KnowledgeGraph.open(store)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        result = subprocess.run(
            [*CLI, "serve", "--store", str(store), "--host", "0.0.0.0", "--port", str(free_port())],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.close()
    assert "warning: listening on 0.0.0.0" in result.stderr and "/ingest" in result.stderr
    assert result.returncode == 5


def test_token_and_token_file_together_are_refused(tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("a\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [*CLI, "serve", "--store", str(tmp_path / "s"), "--token", "b", "--token-file", str(token_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "not both" in result.stderr
