"""The CLI: docs in sync, help with examples, one-line errors, ingest/export/stats end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer.main

from graph.cli.app import app, main
from graph.cli.docs import render_cli_reference
from graph.errors import InputError
from tests.settings import ROOT

COMMANDS = sorted(typer.main.get_command(app).list_commands(click.Context(typer.main.get_command(app))))


def run(*argv: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real `newsgraph` entry point in a child process."""
    return subprocess.run(
        [sys.executable, "-c", "import sys; from graph.cli.app import main; sys.exit(main())", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"},
        timeout=600,
    )


def test_cli_reference_matches_the_commands():
    documented = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert documented == render_cli_reference(), "docs/cli.md is stale: python -m graph.cli.docs > docs/cli.md"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_with_an_example(command):
    readme_and_docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## newsgraph {command}" in readme_and_docs
    help_text = typer.main.get_command(app).get_command(click.Context(typer.main.get_command(app)), command).help
    assert "Example: newsgraph " in help_text


@pytest.mark.e2e  # starts a process
def test_missing_path_is_one_line_error(tmp_path):
    result = run("ingest", str(tmp_path / "nope.txt"), "--store", str(tmp_path / "store"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: no such file or directory: {tmp_path / 'nope.txt'}"]
    assert "Traceback" not in result.stderr


@pytest.mark.e2e  # starts a process
def test_empty_input_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    result = run("ingest", str(tmp_path / "empty.txt"), "--store", str(tmp_path / "store"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: nothing to ingest")


@pytest.mark.e2e  # starts a process
def test_unknown_export_format(tmp_path):
    result = run("export", "--format", "xlsx", "--store", str(tmp_path))
    assert result.returncode == 2
    assert "unknown format 'xlsx'" in result.stderr


@pytest.mark.e2e  # starts a process
def test_stats_on_missing_store(tmp_path):
    result = run("stats", "--store", str(tmp_path / "none"))
    assert result.returncode == 2
    assert "no store at" in result.stderr


@pytest.fixture(scope="module")
def ingested_store(tmp_path_factory):
    """Seeds plus a binary and a non-UTF-8 file, ingested through the real CLI into an on-disk store."""
    work = tmp_path_factory.mktemp("cli")
    inputs = work / "inputs"
    inputs.mkdir()
    for seed in sorted((ROOT / "seeds").glob("*.txt"))[:3]:
        (inputs / seed.name).write_bytes(seed.read_bytes())
    (inputs / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (inputs / "latin1.txt").write_bytes("Le président a visité Kyiv à l'aube.".encode("latin-1"))
    store = work / "store"
    result = run("ingest", str(inputs), "--store", str(store), "--json")
    return store, result


@pytest.mark.e2e  # starts a process
def test_ingest_skips_bad_files_and_ingests_the_rest(ingested_store):
    _store, result = ingested_store
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["articles"] == 3
    assert summary["triples"] > 0 and summary["entities"] > 0 and summary["sentences"] > 0
    skipped = {Path(s["source"]).name: s["reason"] for s in summary["skipped"]}
    assert set(skipped) == {"image.txt", "latin1.txt"}
    assert all(reason for reason in skipped.values())


@pytest.mark.e2e  # starts a process
def test_export_jsonl_gives_triple_records(ingested_store):
    store, _ = ingested_store
    result = run("export", "--format", "jsonl", "--store", str(store))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    for record in records:
        assert {
            "subject",
            "predicate",
            "category",
            "object",
            "polarity",
            "modality",
            "qualifiers",
            "source",
            "article",
            "sentence",
            "start",
            "end",
            "date",
            "confidence",
        } <= set(record)
        assert {"label", "text", "type"} <= set(record["subject"])


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads"])
@pytest.mark.e2e  # starts a process
def test_export_rdf_to_file(ingested_store, tmp_path, fmt):
    store, _ = ingested_store
    out = tmp_path / f"dump.{fmt}"
    result = run("export", "--format", fmt, "-o", str(out), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000


@pytest.mark.e2e  # starts a process
def test_stats_reports_the_store(ingested_store):
    store, _ = ingested_store
    result = run("stats", "--store", str(store), "--json", "--articles")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert len(stats["article_list"]) == 3


@pytest.mark.e2e  # starts a process
def test_reingest_changes_nothing(ingested_store):
    store, _ = ingested_store
    before = run("export", "--format", "nquads", "--store", str(store)).stdout
    inputs = store.parent / "inputs"
    again = run("ingest", str(inputs), "--store", str(store), "--json")
    assert again.returncode == 0, again.stderr
    after = run("export", "--format", "nquads", "--store", str(store)).stdout
    assert sorted(before.splitlines()) == sorted(after.splitlines())


@pytest.mark.e2e  # starts a process
def test_stdin_input(tmp_path):
    text = "Kenya sent 400 police officers to Haiti on Tuesday, the government said.\n"
    result = run("ingest", "-", "--store", str(tmp_path / "store"), "--json", stdin=text)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["articles"] == 1


@pytest.mark.e2e  # starts a process
def test_unwritable_store_is_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    (tmp_path / "a.txt").write_text("Kenya sent police officers to Haiti.", encoding="utf-8")
    result = run("ingest", str(tmp_path / "a.txt"), "--store", str(blocker / "store"))
    assert result.returncode == 4, result.stderr
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.e2e  # starts a process
def test_locked_store_names_the_problem(tmp_path):
    from graph.store.oxigraph import Store

    (tmp_path / "a.txt").write_text("Kenya sent police officers to Haiti.", encoding="utf-8")
    store_path = tmp_path / "store"
    with Store.open(store_path):
        result = run("ingest", str(tmp_path / "a.txt"), "--store", str(store_path))
    assert result.returncode == 5, result.stderr
    assert "lock" in result.stderr.lower() and str(store_path) in result.stderr
    assert "Traceback" not in result.stderr


def test_main_returns_exit_code_in_process(tmp_path):
    assert main(["stats", "--store", str(tmp_path / "none")]) == 2


def test_usage_errors_are_a_message_and_exit_code_2(capsys):
    assert main(["export", "--no-such-option"]) == 2
    assert capsys.readouterr().err == "error: no such option: --no-such-option (see `newsgraph export --help`)\n"


def test_gold_sets_from_the_command_line(tmp_path):
    from graph.cli.commands import GoldSet, gold_sets

    (tmp_path / "wire").mkdir()
    wire, seeds = str(tmp_path / "wire.gold.jsonl"), str(tmp_path / "seeds.gold.jsonl")
    assert gold_sets([wire]) == [GoldSet("wire", tmp_path / "wire.gold.jsonl", (str(tmp_path / "wire"),))]
    assert gold_sets([f"{seeds}=seeds/", wire]) == [
        GoldSet("seeds", tmp_path / "seeds.gold.jsonl", ("seeds/",)),
        GoldSet("wire", tmp_path / "wire.gold.jsonl", (str(tmp_path / "wire"),)),
    ]
    assert gold_sets(["gold.jsonl", "a/", "b.txt"]) == [GoldSet("gold", Path("gold.jsonl"), ("a/", "b.txt"))]
    assert gold_sets([seeds]) == [GoldSet("seeds", tmp_path / "seeds.gold.jsonl", ())]  # the current store


def test_several_gold_sets_need_their_articles(tmp_path):
    from graph.cli.commands import gold_sets

    with pytest.raises(InputError, match="GOLD=PATH"):
        gold_sets([str(tmp_path / "a.gold.jsonl"), str(tmp_path / "b.gold.jsonl=b/")])
