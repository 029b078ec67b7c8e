"""How many bytes each export of the whole graph takes: written into a counter, nothing kept.

``export_sizes(knowledge)`` runs every format of ``EXPORT_FORMATS`` with its
default options; ``SizeMeter`` does that in a background thread, once per
version of the graph, so a page never writes the exports while it answers;
``human_size`` prints a byte count the way the pages and the CLI show it.
"""

from __future__ import annotations

import threading

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


class SizeMeter:
    """The export sizes of the current version of a graph, measured in a background thread."""

    def __init__(self, knowledge: KnowledgeReader) -> None:
        self.knowledge = knowledge
        self._measured: tuple[int, dict[str, int]] | None = None  # (version, sizes)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def sizes(self, wait: float = 0.0) -> dict[str, int] | None:
        """The sizes at the current version; if not measured yet, start measuring and
        wait ``wait`` seconds at most for them (None when they are not ready by then)."""
        version = self.knowledge.version
        with self._lock:
            if self._measured is not None and self._measured[0] == version:
                return self._measured[1]
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._measure, name="newsgraph-export-sizes", daemon=True)
                self._thread.start()
            thread = self._thread
        if wait > 0:
            thread.join(wait)
        with self._lock:
            measured = self._measured
        return measured[1] if measured is not None and measured[0] == version else None

    def _measure(self) -> None:
        version = self.knowledge.version
        try:
            sizes = export_sizes(self.knowledge)
        except Exception:  # noqa: BLE001 - e.g. the store closed meanwhile: no sizes shown, the downloads still work
            return
        if self.knowledge.version == version:  # else a write came in between: measured again when next asked
            with self._lock:
                self._measured = (version, sizes)


def human_size(size: int) -> str:
    """``812 B``, ``4.2 kB``, ``1.3 MB``."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")
