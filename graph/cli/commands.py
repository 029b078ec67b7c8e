"""What the CLI commands do, kept apart from their option declarations.

This is the boundary where errors become one line on standard error and an
exit code, and where the progress bar and summaries are drawn.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import json
import os
import re
import secrets
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO
from urllib.parse import urlsplit

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.text import Text
from typer._click import ClickException  # typer's own click raises these
from typer._click.exceptions import NoArgsIsHelpError, UsageError

from graph.cli.remote import RemoteGraph, ServerInfo, read_server_info, remove_server_info, write_server_info
from graph.cli.server_file import is_loopback, read_token_file, readable_by_others
from graph.cluster import ClusterExtractor
from graph.errors import InputError, NewsgraphError, StoreLockedError
from graph.exports import export_format
from graph.exports.sizes import human_size
from graph.ingest import ExtractionSink, Extractor, IngestSummary, run_ingest
from graph.knowledge import KnowledgeGraph
from graph.model import ArticleExtraction, Skipped
from graph.parallel import ProcessExtractor, default_workers, make_extractor
from graph.rdf.ontology import load_ontology
from graph.sparql.guard import ServicePolicy
from graph.store import is_remote, open_store
from graph.store.endpoint import shown
from graph.store.oxigraph import METADATA_FILE
from graph.store.remote import RemoteStore
from loaders.evaluation import EvaluationReport, evaluate, format_report, format_summary, load_gold
from loaders.nlp import load_pipeline

DEFAULT_STORE = "newsgraph-data"

#: Seconds between two looks at a shared store for writes by other processes (``serve --refresh``).
SHARED_STORE_REFRESH = 30.0

#: A ``--store`` value: a directory, or the http(s):// URL of a SPARQL endpoint (see graph.store).
StoreLocation = str | Path


def run_cli(app, argv: list[str] | None) -> int:
    """Run the typer app; NewsgraphError → 'error: …' and its exit code, never a traceback."""
    try:
        app(args=argv, prog_name="newsgraph", standalone_mode=False)
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
    except NoArgsIsHelpError as exc:  # `newsgraph` alone, or a command with no argument at all
        typer.echo(usage_line(exc), err=True)
        return 2
    except UsageError as exc:
        typer.echo(usage_line(exc), err=True)
        return exc.exit_code
    except ClickException as exc:  # other click errors carry their own exit code
        exc.show()
        return exc.exit_code
    return 0


def usage_line(exc: UsageError) -> str:
    """A usage mistake as one line: what is wrong, then where the help is."""
    command = exc.ctx.command_path if exc.ctx is not None else "newsgraph"
    if isinstance(exc, NoArgsIsHelpError):
        group = exc.ctx.command if exc.ctx is not None else None
        names = getattr(group, "list_commands", None)
        if names is not None and exc.ctx is not None:
            return f"error: no command given; choose one of {', '.join(names(exc.ctx))} (see `{command} --help`)"
        return f"error: missing arguments (see `{command} --help`)"
    message = exc.format_message().strip().replace("\n", " ")
    message = (message[:1].lower() + message[1:]).rstrip(".").replace(". Did you mean", "; did you mean")
    return f"error: {message} (see `{command} --help`)"


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def store_option(value: str) -> str:
    """Check a ``--store`` value: a directory, or an http(s):// URL with a host (typer.BadParameter otherwise)."""
    if not value.strip():
        raise typer.BadParameter("give a directory or the http(s):// URL of a SPARQL endpoint")
    if is_remote(value):
        if not urlsplit(value.strip()).hostname:
            raise typer.BadParameter(f"{value!r} names no host; give a URL such as http://127.0.0.1:7878/")
    elif _SCHEME.match(value):
        raise typer.BadParameter(f"{value!r}: a shared store is reached over http:// or https:// only")
    return value


@contextlib.contextmanager
def open_knowledge(store: StoreLocation, *, read_only: bool = False) -> Iterator[KnowledgeGraph]:
    """Open the store and its mirror, with a message naming the server if one holds it."""
    try:
        knowledge = KnowledgeGraph.open(store, read_only=read_only)
    except StoreLockedError as exc:
        info = None if is_remote(store) else read_server_info(Path(store))
        if info:
            raise StoreLockedError(f"{exc} (a newsgraph server at {info.url} holds it)") from exc
        raise
    if not read_only:
        load_ontology(knowledge.store)
    try:
        yield knowledge
    finally:
        console = Console(stderr=True)
        if console.is_terminal and knowledge.folds_on_close:
            with console.status("saving the mirror, so that the next start need not replay what was written…"):
                knowledge.close()
        else:
            knowledge.close()


def ingest_paths(
    paths: Sequence[str],
    *,
    store: StoreLocation,
    model: str | None,
    server: str | None,
    token: str | None,
    batch_size: int,
    workers: int | None = None,
    cluster: str | None = None,
) -> IngestSummary:
    missing = [path for path in paths if path != "-" and not Path(path).exists()]
    if len(missing) == len(paths):
        raise InputError(f"no such file or directory: {', '.join(missing)}")
    for path in missing:
        typer.echo(f"skipping {path}: no such file or directory", err=True)
    paths = [path for path in paths if path not in missing]
    stdin = sys.stdin if "-" in paths else None
    if server is None and not is_remote(store):  # a shared store has no server file: its writers share it
        info = read_server_info(Path(store))
        if info is not None:
            typer.echo(f"the store is served by {info.url}; sending the articles there", err=True)
            server, token = info.url, token or info.token
    not_found = tuple(Skipped(path, "no such file or directory") for path in missing)
    if server is not None:
        with RemoteGraph(server, token) as sink:
            summary = _with_progress(paths, _extractor(model, workers, batch_size, cluster), sink, stdin, batch_size)
    else:
        with open_knowledge(store):
            pass  # a locked store fails here, before the language model loads
        extract = _extractor(model, workers, batch_size, cluster)  # workers start before the store opens
        with open_knowledge(store) as knowledge:
            summary = _with_progress(paths, extract, knowledge, stdin, batch_size)
    return dataclasses.replace(summary, skipped=not_found + summary.skipped)


def _extractor(model: str | None, workers: int | None, batch_size: int, cluster: str | None = None) -> Extractor:
    """What extracts the articles, with a spinner on a terminal while the model loads (it takes seconds):
    the workers of a Dask cluster with ``cluster``, else local processes."""
    console = Console(stderr=True)

    def make() -> Extractor:
        if cluster is not None:
            return ClusterExtractor(cluster, model, batch_size=batch_size, quiet=True).start()
        return make_extractor(model, workers or default_workers(), batch_size)

    if not console.is_terminal:
        return make()
    with console.status("loading the language model on the cluster's workers…" if cluster else "loading the language model…"):
        return make()


class _RateColumn(ProgressColumn):
    """Articles per second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} articles/s")


def _with_progress(paths: Sequence[str], extract: Extractor, sink: ExtractionSink, stdin: TextIO | None, batch_size: int) -> IngestSummary:
    console = Console(stderr=True)
    # A bar only on a terminal: logs and pipes get the summary alone.
    with Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
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
            mapper=extract.map_inputs if isinstance(extract, ProcessExtractor) else None,  # read on the workers too
            progress=lambda done, total: bar.update(task, completed=done),
        )


def print_summary(summary: IngestSummary, *, as_json: bool) -> None:
    for warning in summary.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if as_json:
        typer.echo(json.dumps(summary.to_record(), indent=2))
        return
    typer.echo(
        f"ingested {plural(summary.articles, 'article')}: {plural(summary.sentences, 'sentence')}, "
        f"{plural(summary.triples, 'triple')} ({summary.asserted} asserted), {plural(summary.entities, 'entity', 'entities')} "
        f"in {summary.elapsed:.1f} s"
    )
    if summary.skipped:
        typer.echo(f"skipped {plural(len(summary.skipped), 'input')}:", err=True)
        for item in summary.skipped:
            typer.echo(f"  {item.source}: {item.reason}", err=True)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 article``, ``2 articles``, ``0 entities``."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def parse_date_option(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{name} expects a date as YYYY-MM-DD, got {value!r}") from None


def export_store(store: StoreLocation, fmt: str, output: Path | None, cut: dict) -> None:
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
    if output is not None:
        typer.echo(f"wrote {output} ({human_size(output.stat().st_size)}, {spec.name})", err=True)


@contextlib.contextmanager
def _binary_output(output: Path | None) -> Iterator[BinaryIO]:
    if output is None:
        yield sys.stdout.buffer
        sys.stdout.flush()
        return
    with open(output, "wb") as out:
        yield out


def print_stats(store: StoreLocation, *, list_articles: bool, as_json: bool) -> None:
    _require_store(store)
    with open_store(store, read_only=True) as opened:
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


def token_option(token: str | None, token_file: Path | None) -> str | None:
    """The ingest token from --token / NEWSGRAPH_TOKEN or from --token-file (not both)."""
    if token_file is None:
        return token
    if token:
        raise InputError("give the ingest token once: --token (or NEWSGRAPH_TOKEN) or --token-file, not both")
    if readable_by_others(token_file):
        typer.echo(f"warning: {token_file} is readable by other users (chmod 600 it)", err=True)
    return read_token_file(token_file)


def service_policy(allow: Sequence[str], timeout: float) -> ServicePolicy:
    """The SERVICE allowlist of ``serve``, each URL checked to be an absolute http(s) IRI."""
    for url in allow:
        if not url.startswith(("http://", "https://")) or any(c.isspace() or c in '<>"{}|^`\\' for c in url):
            raise InputError(f"--sparql-service-allow {url!r}: give an absolute http:// or https:// URL")
    return ServicePolicy(allow=tuple(allow), timeout=timeout)


def serve_store(
    store: StoreLocation,
    *,
    host: str,
    port: int,
    token: str | None,
    cors_origins,
    sparql_timeout: float,
    sparql_services: ServicePolicy | None = None,
    create: bool = False,
    refresh: float | None = None,
) -> None:
    # heavy: the server stack (starlette, strawberry, uvicorn) loads for `serve` alone
    import uvicorn

    from graph.api.app import create_app

    local = not is_remote(store)  # a shared store may have several servers, and no directory for a server file
    running = read_server_info(Path(store)) if local else None
    if running is not None:
        typer.echo(f"{store} is already served at {running.url}", err=True)
        return
    if local and not (Path(store) / METADATA_FILE).exists() and not create:
        raise InputError(
            f"{store} is not a newsgraph store; check the path, ingest into it first, or pass --create to serve a new empty store"
        )
    check_port_free(host, port)
    token = token or secrets.token_urlsafe(24)
    if not is_loopback(host):
        typer.echo(
            f"warning: listening on {host}, not on loopback: POST /ingest (writes to the store, guarded only by "
            "the ingest token) and every read endpoint are reachable from the network",
            err=True,
        )
    with open_knowledge(store) as knowledge:
        app = create_app(
            knowledge,
            ingest_token=token,
            cors_origins=cors_origins,
            sparql_timeout=sparql_timeout,
            sparql_services=sparql_services,
        )
        store_opened = knowledge.store
        refresh = (SHARED_STORE_REFRESH if refresh is None else refresh) if isinstance(store_opened, RemoteStore) else 0
        if isinstance(store_opened, RemoteStore) and refresh > 0:  # other processes write to a shared store
            knowledge.follow(store_opened.fingerprint, refresh)
        knowledge.warm_mirror()  # GraphQL and the entity-graph exports wait for it; SPARQL and dumps don't
        url = f"http://{host}:{port}"
        if local:
            write_server_info(Path(store), ServerInfo(url=url, token=token, pid=os.getpid()))
        typer.echo(
            f"serving {shown(str(store))} at {url}  (explorer {url}/, GraphQL {url}/graphql, SPARQL {url}/sparql, exports {url}/export)",
            err=True,
        )
        try:
            with _closing_on_sigterm():
                uvicorn.run(app, host=host, port=port, log_level="info")
        finally:
            if local:
                remove_server_info(Path(store))


@contextlib.contextmanager
def _closing_on_sigterm() -> Iterator[None]:
    """SIGTERM ends ``serve`` as Ctrl-C does: uvicorn shuts down, then raises the signal again, and
    this handler turns it into SystemExit, so the store is closed (and its mirror saved) on the way out."""

    def exit_now(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, exit_now)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def check_port_free(host: str, port: int) -> None:
    """InputError naming the way out when ``host:port`` is taken (before the store is opened)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(
                    f"port {port} on {host} is already in use; pick another with --port {port + 1} (make run PORT={port + 1})"
                ) from None
            raise InputError(f"can't listen on {host}:{port}: {exc.strerror or exc}") from None


@dataclass(frozen=True)
class GoldSet:
    """One gold file and the articles it is scored on (none: the current store)."""

    name: str
    gold: Path
    articles: tuple[str, ...] = ()


GOLD_SUFFIX = ".gold.jsonl"


def gold_sets(specs: Sequence[str]) -> list[GoldSet]:
    """Gold sets from the command line: ``GOLD=ARTICLES``; ``GOLD PATH...`` (the paths after a
    gold file are its articles); or ``X.gold.jsonl`` alone, scored on the folder ``X/`` beside it."""
    named: list[tuple[Path, list[str]]] = []
    for number, spec in enumerate(specs):
        gold, sep, given = spec.partition("=")
        if sep or gold.endswith(GOLD_SUFFIX) or number == 0:
            named.append((Path(gold), [given] if given else []))
        else:
            named[-1][1].append(spec)
    sets: list[GoldSet] = []
    for gold_path, articles in named:
        name = gold_path.name[: -len(GOLD_SUFFIX)] if gold_path.name.endswith(GOLD_SUFFIX) else gold_path.stem
        beside = gold_path.with_name(name)
        if not articles and gold_path.name.endswith(GOLD_SUFFIX) and beside.is_dir():
            articles = [str(beside)]
        sets.append(GoldSet(name, gold_path, tuple(articles)))
    if len(sets) > 1 and any(not s.articles for s in sets):
        missing = ", ".join(str(s.gold) for s in sets if not s.articles)
        raise InputError(f"no articles for {missing}: name them as GOLD=PATH (only a single gold file may read the current store)")
    return sets


class _RecordingSink:
    """Passes extractions on to a sink and keeps them (for the causes of misses)."""

    def __init__(self, inner: ExtractionSink):
        self.inner = inner
        self.extractions: list[ArticleExtraction] = []

    def ingest(self, extractions: Sequence[ArticleExtraction]) -> object:
        self.extractions.extend(extractions)
        return self.inner.ingest(extractions)


def evaluate_gold_sets(specs: Sequence[str], *, store: StoreLocation, model: str | None, details: bool) -> str:
    """Score extraction on each gold set; one report per set, then a summary line per set."""
    sets = gold_sets(specs)
    nlp = load_pipeline(model) if any(s.articles for s in sets) else None
    reports: list[tuple[str, EvaluationReport]] = []
    parts: list[str] = []
    for gold_set in sets:
        items = load_gold(gold_set.gold)
        if gold_set.articles and nlp is not None:
            with tempfile.TemporaryDirectory(prefix="newsgraph-eval-") as tmp:
                knowledge = KnowledgeGraph.open(Path(tmp) / "store")
                recorder = _RecordingSink(knowledge)
                try:
                    run_ingest(gold_set.articles, nlp=nlp, sink=recorder)
                    triples = list(knowledge.store.triples())
                    sources = [a.source for a in knowledge.store.articles()]
                finally:
                    knowledge.close()
            report = evaluate(triples, items, sources=sources, extractions=recorder.extractions)
        else:
            _require_store(store)
            with open_store(store, read_only=True) as opened:
                report = evaluate(list(opened.triples()), items, sources=[a.source for a in opened.articles()])
        reports.append((gold_set.name, report))
        scored_on = ", ".join(gold_set.articles) if gold_set.articles else shown(str(store))
        heading = f"== {gold_set.name}: {gold_set.gold} on {scored_on}"
        parts.append(heading + "\n" + format_report(report, details=details) if len(sets) > 1 else format_report(report, details=details))
    if len(sets) > 1:
        parts.append("== summary\n" + format_summary(reports))
    return "\n\n".join(parts)


def _require_store(store: StoreLocation) -> None:
    """InputError when a local store does not exist (a remote one answers for itself when opened)."""
    if not is_remote(store) and not Path(store).exists():
        raise InputError(f"no store at {store} (run `newsgraph ingest PATH --store {store}` first)")
