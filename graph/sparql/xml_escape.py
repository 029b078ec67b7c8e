"""Carriage returns in XML output, written as ``&#13;`` so that they survive parsing.

XML parsers turn every raw CR (and CR LF) into LF (XML 1.0 §2.11), so a
literal holding ``"\\r"`` written raw into SPARQL XML results or RDF/XML reads
back changed. Oxigraph's XML writers emit CR raw and never use CR in their
own markup, so replacing every CR byte of their output with the character
reference is exact.
"""

from __future__ import annotations

import io
from typing import IO

from pyoxigraph import QueryResultsFormat, RdfFormat

XML_FORMATS = (QueryResultsFormat.XML, RdfFormat.RDF_XML)


def escape_cr(data: bytes) -> bytes:
    return data.replace(b"\r", b"&#13;")


class CrEscapingWriter(io.RawIOBase):
    """A write target that passes everything on to ``target`` with CR escaped."""

    def __init__(self, target: IO[bytes] | io.RawIOBase) -> None:
        self._target = target

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        chunk = bytes(data)
        self._target.write(escape_cr(chunk))
        return len(chunk)
