"""A cheap look at a SPARQL text before Oxigraph parses it: nesting depth, SERVICE, FROM.

Oxigraph's parser and evaluator recurse once per nesting level, so a few
thousand nested ``{``, ``(`` or ``[`` overflow a thread's stack and kill the
process. ``inspect_sparql`` measures the nesting with one lexical pass
(comments and strings skipped) and lists the ``SERVICE`` calls, so that
``check_sparql`` can refuse such a text with a ``QueryError`` (400) before
it reaches the parser.

The lexer is deliberately conservative where SPARQL's lexical grammar is
ambiguous: ``<…>`` is an IRI in a triple pattern but may be ``a < … >`` in an
expression, so inside an IRI-looking token every opening bracket still counts
towards the depth while its closing brackets never lower it. A text can be
refused for looking deeper than it is, never accepted for looking shallower.
Runs of prefix operators (``!!!!x``, ``- - -1``, ``^^^p``) nest too and are
measured the same way.

``SERVICE`` makes Oxigraph open an HTTP connection to any IRI the query
names (pyoxigraph offers no hook to intercept it), so the endpoint refuses
every ``SERVICE`` whose target is not on the ``ServicePolicy`` allowlist,
``SILENT`` or not, wherever it appears; a target given as a variable is
always refused.

``FROM`` is noted too (``SparqlShape.declares_dataset``): a query naming its
own dataset keeps it, instead of getting the endpoint's union default graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.errors import QueryError

#: Deepest nesting of brackets (or prefix-operator runs) a query may have.
MAX_NESTING = 100
#: Seconds a query calling an allowed SERVICE may run, by default.
DEFAULT_SERVICE_TIMEOUT = 5.0


class QueryTooComplexError(QueryError):
    """A query nested deeper than the endpoint evaluates safely."""


class ServiceRefusedError(QueryError):
    """A query calls a SERVICE the endpoint may not contact."""


@dataclass(frozen=True)
class ServiceCall:
    """One ``SERVICE`` in a query: its target as written, and resolved when possible."""

    written: str
    iri: str | None  # absolute IRI, None for a variable or an unresolvable name
    silent: bool


@dataclass(frozen=True)
class SparqlShape:
    """What the lexical pass found."""

    depth: int
    services: tuple[ServiceCall, ...]
    #: The text has a dataset clause (``FROM`` / ``FROM NAMED``) of its own.
    declares_dataset: bool = False


@dataclass(frozen=True)
class ServicePolicy:
    """Which SERVICE endpoints queries may call, and for how long such a query may run."""

    allow: tuple[str, ...] = ()
    timeout: float = DEFAULT_SERVICE_TIMEOUT

    def allows(self, call: ServiceCall) -> bool:
        return call.iri is not None and _normalize(call.iri) in {_normalize(a) for a in self.allow}


#: The default: no SERVICE at all.
NO_SERVICES = ServicePolicy()


def _normalize(iri: str) -> str:
    return iri.strip().rstrip("/")


_NAME_START = r"A-Za-z0-9_:%\\\u00B7\u00C0-\uFFFF"
_NAME_CHARS = _NAME_START + r"\-"
_TOKEN = re.compile(
    rf"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                | '''(?:[^'\\]|\\.|'(?!''))*'''
                | "(?:[^"\\\n\r]|\\.)*"
                | '(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]*)
    | (?P<word>[{_NAME_START}][{_NAME_CHARS}]*)
    | (?P<open>[{{(\[])
    | (?P<close>[}})\]])
    | (?P<prefix_op>[!^+\-](?:\s*[!^+\-])*)
    """,
    re.VERBOSE | re.DOTALL,
)
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
#: Tokens after which a word holding "service" names a graph or a prefix, not a SERVICE call.
_NOT_A_CALL_AFTER = frozenset({"prefix", "graph", "from", "named", "base"})


def inspect_sparql(text: str) -> SparqlShape:
    """Nesting depth and SERVICE calls of a SPARQL query or update (one pass, no parsing).

    Oxigraph matches keywords without a word boundary (``SERVICE:x``,
    ``SERVICEex:x``, ``SERVICESILENT<…>`` and ``1SERVICE<…>`` all call a
    service), so any word holding ``service`` that is followed by a target
    and then ``{`` counts as a call. Dots split words here (``?o.SERVICE``).
    """
    depth = deepest = 0
    services: list[ServiceCall] = []
    previous = ""
    # A SERVICE being read: [silent, target kind, target text]; the call counts once "{" follows.
    call: list | None = None
    declares_dataset = False

    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "comment":
            continue
        if call is not None:
            if call[1] is None:
                if kind == "word" and value.lower() == "silent" and not call[0]:
                    call[0] = True
                elif kind == "word" and value.lower().startswith("silent") and not call[0]:
                    call[0], call[1], call[2] = True, "word", value[6:]
                else:
                    call[1], call[2] = kind, value
            else:
                if kind == "open" and value == "{":
                    services.append(_service_call(call[1], call[2], call[0]))
                call = None
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "prefix_op":
            deepest = max(deepest, depth + sum(1 for c in value if not c.isspace()))
        elif kind == "iri":
            # Possibly "a < … >" in an expression: its openers count, its closers never go below.
            inner = depth
            for bracket in re.finditer(r"[{(\[\])}]", value):
                if bracket.group() in "{([":
                    inner += 1
                    deepest = max(deepest, inner)
                else:
                    inner = max(depth, inner - 1)
            depth = inner
        elif kind == "word" and value.lower() == "from" and text[match.start() - 1 : match.start()] != "@":  # not a language tag
            declares_dataset = True
        elif kind == "word" and call is None and previous not in _NOT_A_CALL_AFTER:
            at = value.lower().find("service")
            if at >= 0:
                rest = value[at + 7 :]
                silent = rest.lower().startswith("silent")
                rest = rest[6:] if silent else rest
                call = [silent, "word", rest] if rest else [silent, None, None]
        previous = value.lower() if kind == "word" else kind or ""
    if call is not None:
        services.append(_service_call(call[1], call[2] or "", call[0]))
    return SparqlShape(depth=deepest, services=tuple(services), declares_dataset=declares_dataset)


def _service_call(kind: str | None, written: str, silent: bool) -> ServiceCall:
    # Only a full IRI written in angle brackets can be allowed: prefixed names
    # and relative IRIs depend on declarations this pass does not follow.
    if kind == "iri" and _ABSOLUTE_IRI.match(written[1:-1]):
        return ServiceCall(written, written[1:-1], silent)
    return ServiceCall(written, None, silent)


def check_sparql(
    text: str,
    *,
    max_nesting: int = MAX_NESTING,
    services: ServicePolicy = NO_SERVICES,
) -> SparqlShape:
    """The shape of ``text``; raises QueryTooComplexError or ServiceRefusedError when refused."""
    shape = inspect_sparql(text)
    if shape.depth > max_nesting:
        raise QueryTooComplexError(
            f"query refused: it nests brackets, braces or operators {shape.depth} levels deep; this endpoint accepts at most {max_nesting}"
        )
    for call in shape.services:
        if services.allows(call):
            continue
        target = call.written or "(missing)"
        if not services.allow:
            raise ServiceRefusedError(f"query refused: SERVICE {target} — federated queries (SERVICE) are disabled on this endpoint")
        raise ServiceRefusedError(f"query refused: SERVICE {target} is not an allowed endpoint; allowed: {', '.join(services.allow)}")
    return shape


__all__ = (
    "MAX_NESTING",
    "NO_SERVICES",
    "QueryTooComplexError",
    "ServiceCall",
    "ServicePolicy",
    "ServiceRefusedError",
    "SparqlShape",
    "check_sparql",
    "inspect_sparql",
)
