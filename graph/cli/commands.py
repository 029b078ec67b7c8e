"""What the CLI commands do, kept apart from their option declarations.

This is the boundary where errors become one line on standard error and an
exit code, and where the progress bar and summaries are drawn.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer._click import ClickException  # typer's own click raises these

from graph.cli.remote import RemoteGraph, ServerInfo, read_server_info, remove_server_info, write_server_info
from graph.errors import InputError, NewsgraphError, StoreLockedError
from graph.exports import export_format
from graph.ingest import ExtractionSink, Extractor, IngestSummary, run_ingest
from graph.knowledge import KnowledgeGraph
from graph.parallel import default_workers, make_extractor
from graph.rdf.ontology import load_ontology
from graph.store.oxigraph import Store
from loaders.evaluation import evaluate, format_report, load_gold
from loaders.nlp import load_pipeline

DEFAULT_STORE = "newsgraph-data"


def run_cli(app, argv: list[str] | None) -> int:
    """Run the typer app; NewsgraphError → 'error: …' and its exit code, never a traceback."""
    try:
        app(args=argv, standalone_mode=False)
    except NewsgraphError as exc:
        typer.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # an output file that can't be written, a full disk
        typer.echo(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
        return 1
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 1
    except ClickException as exc:  # usage errors carry their own exit code
        exc.show()
        return exc.exit_code
    return 0


@contextlib.contextmanager
def open_knowledge(store: Path, *, read_only: bool = False) -> Iterator[KnowledgeGraph]:
    """Open the store and its mirror, with a message naming the server if one holds it."""
    try:
        knowledge = KnowledgeGraph.open(store, read_only=read_only)
    except StoreLockedError as exc:
        info = read_server_info(store)
        if info:
            raise StoreLockedError(f"{exc} (a newsgraph server at {info.url} holds it)") from exc
        raise
    if not read_only:
        load_ontology(knowledge.store)
    try:
        yield knowledge
    finally:
        knowledge.close()


def ingest_paths(
    paths: Sequence[str],
    *,
    store: Path,
    model: str | None,
    server: str | None,
    token: str | None,
    batch_size: int,
    workers: int | None = None,
) -> IngestSummary:
    for path in paths:
        if path != "-" and not Path(path).exists():
            raise InputError(f"no such file or directory: {path}")
    extract = make_extractor(model, workers or default_workers(), batch_size)
    stdin = sys.stdin if "-" in paths else None
    if server is None:
        info = read_server_info(store)
        if info is not None:
            typer.echo(f"the store is served by {info.url}; sending the articles there", err=True)
            server, token = info.url, token or info.token
    if server is not None:
        with RemoteGraph(server, token) as sink:
            return _with_progress(paths, extract, sink, stdin, batch_size)
    with open_knowledge(store) as knowledge:
        return _with_progress(paths, extract, knowledge, stdin, batch_size)


def _with_progress(paths: Sequence[str], extract: Extractor, sink: ExtractionSink, stdin: TextIO | None, batch_size: int) -> IngestSummary:
    console = Console(stderr=True)
    # A bar only on a terminal: logs and pipes get the summary alone.
    with Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("articles", total=None)
        return run_ingest(
            paths,
            extract=extract,
            sink=sink,
            stdin=stdin,
            batch_size=batch_size,
            on_articles_read=lambda n: bar.update(task, total=n),
            progress=lambda done, total: bar.update(task, completed=done),
        )


def print_summary(summary: IngestSummary, *, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(summary.to_record(), indent=2))
        return
    typer.echo(
        f"ingested {summary.articles} articles: {summary.sentences} sentences, {summary.triples} triples "
        f"({summary.asserted} asserted), {summary.entities} entities in {summary.elapsed:.1f} s"
    )
    if summary.skipped:
        typer.echo(f"skipped {len(summary.skipped)} inputs:", err=True)
        for item in summary.skipped:
            typer.echo(f"  {item.source}: {item.reason}", err=True)


def parse_date_option(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{name} expects a date as YYYY-MM-DD, got {value!r}") from None


def export_store(store: Path, fmt: str, output: Path | None, cut: dict) -> None:
    spec = export_format(fmt)
    _require_store(store)
    with open_knowledge(store, read_only=True) as knowledge:
        payload = spec.read(knowledge, cut if spec.cut else {})
        if spec.files is not None:
            directory = output or Path(".")
            directory.mkdir(parents=True, exist_ok=True)
            names = []
            for name, body in spec.files(payload).items():
                (directory / name).write_bytes(body)
                names.append(str(directory / name))
            typer.echo(f"wrote {' and '.join(names)}", err=True)
            return
        with _binary_output(output) as out:
            spec.write(payload, out)


@contextlib.contextmanager
def _binary_output(output: Path | None) -> Iterator[BinaryIO]:
    if output is None:
        yield sys.stdout.buffer
        sys.stdout.flush()
        return
    with open(output, "wb") as out:
        yield out


def print_stats(store: Path, *, list_articles: bool, as_json: bool) -> None:
    _require_store(store)
    with Store.open(store, read_only=True) as opened:
        stats = opened.stats()
        if list_articles:
            counts: dict[str, int] = {}
            for triple in opened.triples():
                counts[triple.article] = counts.get(triple.article, 0) + 1
            stats["article_list"] = [
                {
                    "id": a.id,
                    "title": a.title,
                    "date": a.date.isoformat() if a.date else None,
                    "source": a.source,
                    "triples": counts.get(a.id, 0),
                }
                for a in opened.articles()
            ]
    if as_json:
        typer.echo(json.dumps(stats, indent=2, default=str))
        return
    for key, value in stats.items():
        if key == "article_list":
            continue
        if isinstance(value, dict):
            typer.echo(f"{key}:")
            for sub, count in sorted(value.items(), key=lambda kv: (-kv[1], kv[0]) if isinstance(kv[1], int) else (0, kv[0])):
                typer.echo(f"  {sub:<14} {count}")
        else:
            typer.echo(f"{key:<16} {value}")
    for article in stats.get("article_list", []):
        typer.echo(f"{article['id']}  {article['date'] or '----------'}  {article['triples']:>4}  {article['title'][:70]}")


def serve_store(store: Path, *, host: str, port: int, token: str | None, cors_origins, sparql_timeout: float) -> None:
    # heavy: the server stack (starlette, strawberry, uvicorn) loads for `serve` alone
    import uvicorn

    from graph.api.app import create_app

    token = token or secrets.token_urlsafe(24)
    with open_knowledge(store) as knowledge:
        app = create_app(knowledge, ingest_token=token, cors_origins=cors_origins, sparql_timeout=sparql_timeout)
        knowledge.warm_mirror()  # GraphQL and the entity-graph exports wait for it; SPARQL and dumps don't
        url = f"http://{host}:{port}"
        write_server_info(store, ServerInfo(url=url, token=token, pid=os.getpid()))
        typer.echo(f"serving {store} at {url}  (GraphQL {url}/graphql, SPARQL {url}/sparql)", err=True)
        try:
            uvicorn.run(app, host=host, port=port, log_level="info")
        finally:
            remove_server_info(store)


def evaluate_gold(gold: Path, paths: Sequence[str], *, store: Path, model: str | None, details: bool) -> str:
    items = load_gold(gold)
    if paths:
        nlp = load_pipeline(model)
        with tempfile.TemporaryDirectory(prefix="newsgraph-eval-") as tmp:
            knowledge = KnowledgeGraph.open(Path(tmp) / "store")
            try:
                run_ingest(paths, nlp=nlp, sink=knowledge)
                triples = list(knowledge.store.triples())
                sources = [a.source for a in knowledge.store.articles()]
            finally:
                knowledge.close()
    else:
        _require_store(store)
        with Store.open(store, read_only=True) as opened:
            triples = list(opened.triples())
            sources = [a.source for a in opened.articles()]
    return format_report(evaluate(triples, items, sources=sources), details=details)


def _require_store(store: Path) -> None:
    if not Path(store).exists():
        raise InputError(f"no store at {store} (run `newsgraph ingest PATH --store {store}` first)")
