"""A full disk under a running server: the failed ingest says what was committed, /health
reports the failure while it lasts, and writes work again once space returns (no restart)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.model import ArticleExtraction
from tests.factories import KYIV, RUSSIA, ArticleBuilder
from tests.served import ServedProcess

pytestmark = pytest.mark.e2e

TOKEN = "disk-full-token"
ARTICLE_BYTES = 10_000
BATCH = 100


def extraction(article_id: str) -> ArticleExtraction:
    """An article with incompressible text (so the disk fills as fast as it is written)."""
    noise = " ".join(secrets.token_hex(8) for _ in range(ARTICLE_BYTES // 17))
    builder = ArticleBuilder(article_id, f"Report {article_id}", dt.date(2024, 11, 2), ["Russia attacked Kyiv.", noise + "."])
    builder.says(0, builder.mention(RUSSIA), "attacked", "ASSAULT", builder.mention(KYIV))
    return builder.build()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB tmpfs (root only): skipped, with the reason, where it can't be mounted."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"can't mount a tmpfs: {done.stderr.strip() or done.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def post(client: httpx.Client, url: str, extractions: list[ArticleExtraction]) -> httpx.Response:
    body = {"extractions": [e.to_record() for e in extractions]}
    return client.post(url + "/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)


def test_a_full_disk_is_reported_and_survived(small_disk: Path) -> None:
    server = ServedProcess(small_disk / "store", "--token", TOKEN).wait_ready()
    try:
        filler = small_disk / "filler"
        free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
        filler.write_bytes(b"\0" * max(0, free - 3 * 1024 * 1024))  # leave about 3 MB
        committed: list[str] = []
        failed = None
        with httpx.Client() as client:
            for round_ in range(40):
                ids = [f"r{round_}-{n}" for n in range(BATCH)]
                response = post(client, server.url, [extraction(i) for i in ids])
                if response.status_code == 200:
                    assert response.json()["result"]["article_ids"] == ids
                    committed += ids
                    continue
                failed = response
                break
            assert failed is not None, "the disk never filled"
            assert failed.status_code == 503, failed.text
            answer = failed.json()
            assert answer["attempted"] == BATCH
            assert answer["committed"] < BATCH
            assert answer["committed_ids"] == ids[: answer["committed"]]  # in order, exactly those
            assert f"{answer['committed']} of {BATCH} articles committed" in answer["error"]
            committed += answer["committed_ids"]

            health = client.get(server.url + "/health")
            assert health.status_code == 503
            assert health.json()["status"] == "write_failed"
            assert health.json()["articles"] == len(committed)

            filler.unlink()  # space returns
            after = post(client, server.url, [extraction("after-1"), extraction("after-2")])
            assert after.status_code == 200, after.text
            assert after.json()["result"]["article_ids"] == ["after-1", "after-2"]
            health = client.get(server.url + "/health")
            assert health.status_code == 200, health.text
            assert health.json()["status"] == "ok"
            assert health.json()["articles"] == len(committed) + 2
    finally:
        log = server.stop()
    assert "Traceback" not in log, log
