"""How the exports look, the same in every writer: colours, sizes, the exported columns.

* node ``color`` by entity type — the Tableau 10 palette, see ``TYPE_COLORS``;
* edge ``color`` by category — reds for material conflict, oranges and purples
  for verbal conflict, greens and blues for cooperation, greys for affiliation
  and other, see ``CATEGORY_COLORS``;
* node ``size`` = 4 + 6 · ln(1 + mentions + statements), at most 50: it grows
  with how much the news says about an entity, on a bounded scale (an entity
  with no mention and no statement gets 4);
* the typed columns every writer exports: ``NODE_FIELDS`` and ``EDGE_FIELDS``.

Every string of the cut graph holds XML 1.0 characters only (``xml_text``), so
the XML writers never fail on scraped text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

#: Entity type → node colour (Tableau 10).
TYPE_COLORS: dict[str, str] = {
    "PERSON": "#4E79A7",
    "ORG": "#F28E2B",
    "GPE": "#59A14F",
    "NORP": "#B07AA1",
    "LOC": "#76B7B2",
    "FAC": "#EDC948",
    "EVENT": "#E15759",
    "PRODUCT": "#FF9DA7",
    "OTHER": "#BAB0AC",
    "QUANTITY": "#9C755F",
}

#: Category → edge colour.
CATEGORY_COLORS: dict[str, str] = {
    # material conflict
    "ASSAULT": "#B2182B",
    "COERCE": "#D6604D",
    "MOBILIZE": "#F4A582",
    "SANCTION": "#B35806",
    "THREATEN": "#E08214",
    # verbal conflict
    "ACCUSE": "#8073AC",
    "REJECT": "#542788",
    "PROTEST": "#C51B7D",
    # cooperation
    "AID": "#1B7837",
    "AGREE": "#5AAE61",
    "SUPPORT": "#A6DBA0",
    "COOPERATE": "#4393C3",
    "CONSULT": "#92C5DE",
    "CONCEDE": "#2166AC",
    "RETREAT": "#66C2A5",
    "REQUEST": "#35978F",
    # neither
    "AFFILIATION": "#878787",
    "OTHER": "#BABABA",
}

UNKNOWN_COLOR = "#BAB0AC"

#: Lists (aliases, categories, article ids, dates) become one string joined by
#: this delimiter in every export; a delimiter inside a value becomes "/".
LIST_DELIMITER = "|"

#: The typed columns every writer exports, as (export name, cut-graph attribute,
#: kind); kind is one of integer, double, string, list (delimited string) and date
#: (ISO string). ``entity_type`` is not called ``type`` because sigma.js (Gephi
#: Lite's renderer) reserves a node's ``type`` for its drawing program and igraph
#: reserves a vertex ``type`` for bipartite graphs.
NODE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("entity_type", "type", "string"),
    ("mentions", "mentions", "integer"),
    ("degree", "degree", "integer"),
    ("statements", "statements", "integer"),
    ("articles", "articles", "integer"),
    ("aliases", "aliases", "list"),
    ("first_date", "first_date", "date"),
    ("last_date", "last_date", "date"),
    ("dates", "dates", "list"),
    ("value", "value", "double"),
    ("unit", "unit", "string"),
)
EDGE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("category", "category", "string"),
    ("categories", "categories", "list"),
    ("status", "status", "string"),
    ("confidence", "confidence", "double"),
    ("statements", "statements", "integer"),
    ("first_date", "first_date", "date"),
    ("last_date", "last_date", "date"),
    ("dates", "dates", "list"),
    ("amount", "amount", "double"),
    ("currency", "currency", "string"),
    ("article_ids", "articles", "list"),
    ("evidence", "evidence", "string"),
)


def field_value(data: Mapping[str, Any], attribute: str, kind: str) -> str | int | float | None:
    """The export value of one column (None when the element has none)."""
    value = data.get(attribute)
    if value is None:
        return None
    if kind == "list":
        return LIST_DELIMITER.join(str(v).replace(LIST_DELIMITER, "/") for v in value)
    if kind == "integer":
        return int(value)
    if kind == "double":
        return float(value)
    return str(value)


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> str:
    """``value`` as a string of XML 1.0 characters (control characters dropped)."""
    return _NOT_XML.sub("", str(value))


#: The largest node size: hubs stay readable next to the rest.
MAX_NODE_SIZE = 50.0


def node_size(mentions: int, statements: int) -> float:
    """The documented size formula: 4 + 6 · ln(1 + mentions + statements), at most 50."""
    return round(min(MAX_NODE_SIZE, 4.0 + 6.0 * math.log1p(max(0, mentions) + max(0, statements))), 3)


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#4E79A7"`` → ``(78, 121, 167)``."""
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)
