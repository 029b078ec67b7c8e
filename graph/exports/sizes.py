"""How many bytes each export of the whole graph takes: written into a counter, nothing kept.

``export_sizes(knowledge)`` runs every format of ``EXPORT_FORMATS`` with its
default options; ``human_size`` prints a byte count the way the pages and the
CLI show it.
"""

from __future__ import annotations

from graph.exports import EXPORT_FORMATS
from graph.knowledge import KnowledgeReader


class _ByteCounter:
    """A write-only binary file that only counts."""

    def __init__(self) -> None:
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return len(data)

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        pass


def export_sizes(knowledge: KnowledgeReader) -> dict[str, int]:
    """format name → bytes of ``GET /export/graph.<suffix>`` (default options)."""
    sizes: dict[str, int] = {}
    for name, spec in EXPORT_FORMATS.items():
        counter = _ByteCounter()
        spec.export(knowledge, counter, {})  # type: ignore[arg-type]  # a write-only file object
        sizes[name] = counter.count
    return sizes


def human_size(size: int) -> str:
    """``812 B``, ``4.2 kB``, ``1.3 MB``."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")
