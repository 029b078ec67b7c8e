"""Render the CLI reference (docs/cli.md) from the commands themselves.

``python -m graph.cli.docs > docs/cli.md`` regenerates it; a test fails when
the file and the commands drift apart.
"""

from __future__ import annotations

import typer.main
from typer._click import Command, Context  # typer's own click: the commands are built on it

from graph.cli.app import app


def render_cli_reference() -> str:
    group = typer.main.get_group(app)
    lines = [
        "# Command-line reference",
        "",
        "Generated from the commands' own help (`python -m graph.cli.docs > docs/cli.md`).",
        "",
        "```",
        _help(group, "newsgraph"),
        "```",
    ]
    for name in group.list_commands(Context(group)):
        command = group.get_command(Context(group), name)
        assert command is not None
        lines += ["", f"## newsgraph {name}", "", "```", _help(command, f"newsgraph {name}"), "```"]
    return "\n".join(lines) + "\n"


def _help(command: Command, prog: str) -> str:
    ctx = Context(command, info_name=prog, terminal_width=100, max_content_width=100, help_option_names=["-h", "--help"])
    return command.get_help(ctx).rstrip()


if __name__ == "__main__":
    print(render_cli_reference(), end="")
