"""Print the GraphQL SDL: ``python -m graph.api.graphql.export_schema > schema.graphql``."""

from __future__ import annotations

import sys

from graph.api.graphql.schema import schema_sdl


def main() -> None:
    sys.stdout.write(schema_sdl())


if __name__ == "__main__":
    main()
