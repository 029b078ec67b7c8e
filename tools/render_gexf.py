"""Draw a GEXF export the way Gephi's overview shows it, without Gephi.

    .venv/bin/python tools/render_gexf.py graph.gexf docs/img/gephi.png   # PNG (Chromium draws the SVG)
    .venv/bin/python tools/render_gexf.py graph.gexf graph.svg            # SVG only, no browser

It reads nothing but the file: every node at its ``viz:position`` (y up, as in
Gephi), as a disc of its ``viz:size`` in the same units as the positions, in
its ``viz:color``; every edge a straight line in its ``viz:color``, thicker
with its weight, drawn under the nodes; the labels of the largest nodes; a
legend of the entity types present. This is a rendering of the export
(``make docs`` writes ``docs/img/gephi.png`` from the seeds), not a screenshot
of Gephi: Gephi draws curved, arrowed edges and lets you restyle everything.
A PNG is made by Debian's Chromium through Playwright (``tests/browser/drive``),
which loads the SVG from a string and may not make any request.
"""

from __future__ import annotations

import argparse
import math
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
WIDTH, HEIGHT, MARGIN = 1280, 860, 60
LABELLED = 15  # nodes whose label is drawn, the largest first


@dataclass
class Node:
    id: str
    label: str
    kind: str
    x: float
    y: float
    size: float
    color: str


@dataclass
class Edge:
    source: str
    target: str
    weight: float
    color: str


def _color(element: ET.Element | None, default: str = "#999999") -> str:
    if element is None:
        return default
    return "#{:02x}{:02x}{:02x}".format(*(int(element.get(c, "153")) for c in "rgb"))


def read_gexf(path: Path) -> tuple[list[Node], list[Edge]]:
    """The nodes (with positions) and edges of a GEXF 1.3 file, with their viz attributes."""
    root = ET.parse(path).getroot()
    graph = root.find(f"{GEXF}graph")
    if graph is None:
        raise ValueError(f"{path}: no <graph> in a GEXF 1.3 document")
    titles = {a.get("id"): a.get("title") for a in graph.iter(f"{GEXF}attribute")}
    nodes = []
    for element in graph.iter(f"{GEXF}node"):
        position = element.find(f"{VIZ}position")
        if position is None:
            raise ValueError(f"{path}: node {element.get('id')} has no viz:position (lay the graph out first)")
        values = {titles.get(v.get("for")): v.get("value") for v in element.iter(f"{GEXF}attvalue")}
        size = element.find(f"{VIZ}size")
        nodes.append(
            Node(
                id=element.get("id", ""),
                label=element.get("label", ""),
                kind=values.get("entity_type") or "",
                x=float(position.get("x", "0")),
                y=float(position.get("y", "0")),
                size=float(size.get("value", "10")) if size is not None else 10.0,
                color=_color(element.find(f"{VIZ}color")),
            )
        )
    edges = [
        Edge(
            source=element.get("source", ""),
            target=element.get("target", ""),
            weight=float(element.get("weight", "1")),
            color=_color(element.find(f"{VIZ}color"), "#bbbbbb"),
        )
        for element in graph.iter(f"{GEXF}edge")
    ]
    return nodes, edges


def to_svg(nodes: list[Node], edges: list[Edge], title: str) -> str:
    """An SVG of the graph, fitted to the canvas with the aspect ratio of the layout kept."""
    if not nodes:
        raise ValueError("the graph has no nodes")
    low_x = min(n.x - n.size for n in nodes)
    high_x = max(n.x + n.size for n in nodes)
    low_y = min(n.y - n.size for n in nodes)
    high_y = max(n.y + n.size for n in nodes)
    scale = min((WIDTH - 2 * MARGIN) / max(high_x - low_x, 1e-9), (HEIGHT - 2 * MARGIN) / max(high_y - low_y, 1e-9))
    left = (WIDTH - scale * (high_x - low_x)) / 2
    top = (HEIGHT - scale * (high_y - low_y)) / 2

    def place(node: Node) -> tuple[float, float]:
        return left + scale * (node.x - low_x), top + scale * (high_y - node.y)  # y up, as Gephi draws it

    where = {n.id: place(n) for n in nodes}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'font-family="DejaVu Sans, sans-serif">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="16" y="28" font-size="15" fill="#333">{escape(title)}</text>',
        '<g stroke-opacity="0.7" stroke-linecap="round">',
    ]
    for edge in edges:
        if edge.source in where and edge.target in where:
            (x1, y1), (x2, y2) = where[edge.source], where[edge.target]
            width = 0.6 + math.log1p(edge.weight)
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{edge.color}" stroke-width="{width:.2f}"/>'
            )
    parts.append('</g><g stroke="#ffffff" stroke-width="1">')
    for node in sorted(nodes, key=lambda n: n.size):
        x, y = where[node.id]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{max(2.5, scale * node.size):.1f}" fill="{node.color}"/>')
    parts.append('</g><g font-size="12" fill="#222" text-anchor="middle">')
    for node in sorted(nodes, key=lambda n: -n.size)[:LABELLED]:
        x, y = where[node.id]
        parts.append(f'<text x="{x:.1f}" y="{y - max(2.5, scale * node.size) - 3:.1f}">{escape(node.label)}</text>')
    parts.append("</g>")
    kinds = sorted({(n.kind, n.color) for n in nodes if n.kind})
    for row, (kind, color) in enumerate(kinds):
        y = HEIGHT - 20 - 18 * (len(kinds) - 1 - row)
        parts.append(
            f'<circle cx="22" cy="{y - 4}" r="6" fill="{color}"/><text x="34" y="{y}" font-size="12" fill="#333">{escape(kind)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def to_png(svg: str, target: Path) -> None:
    """The SVG drawn by Chromium (Playwright), with every request refused."""
    from playwright.sync_api import sync_playwright

    from tests.browser.drive import guard, launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        outside = guard(context, host="")
        page = context.new_page()
        page.set_content(f'<html><body style="margin:0">{svg}</body></html>')
        page.screenshot(path=str(target))
        browser.close()
    if outside:
        raise RuntimeError(f"the rendering tried to reach {outside}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gexf", type=Path)
    parser.add_argument("output", type=Path, help="a .png (drawn by Chromium) or .svg file")
    parser.add_argument("--title", default=None, help="caption at the top left (default: what was rendered)")
    args = parser.parse_args(argv)
    nodes, edges = read_gexf(args.gexf)
    title = args.title or f"{args.gexf.name}: {len(nodes)} nodes, {len(edges)} edges, as laid out and styled in the export"
    svg = to_svg(nodes, edges, title)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if args.output.suffix == ".svg":
        args.output.write_text(svg, encoding="utf-8")
    else:
        to_png(svg, args.output)
    print(f"wrote {args.output} ({len(nodes)} nodes, {len(edges)} edges)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
