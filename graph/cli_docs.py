"""Render the CLI reference (docs/cli.md) from the commands themselves.

``python -m graph.cli_docs > docs/cli.md`` regenerates it; a test fails when
the file and the commands drift apart.
"""

from __future__ import annotations

import click
import typer.main


def render_cli_reference() -> str:
    from graph.cli import app

    group = typer.main.get_command(app)
    lines = [
        "# Command-line reference",
        "",
        "Generated from the commands' own help (`python -m graph.cli_docs > docs/cli.md`).",
        "",
        "```",
        _help(group, "newsgraph"),
        "```",
    ]
    for name in group.list_commands(click.Context(group)):
        command = group.get_command(click.Context(group), name)
        lines += ["", f"## newsgraph {name}", "", "```", _help(command, f"newsgraph {name}"), "```"]
    return "\n".join(lines) + "\n"


def _help(command: click.Command, prog: str) -> str:
    ctx = click.Context(
        command, info_name=prog, terminal_width=100, max_content_width=100, help_option_names=["-h", "--help"]
    )
    return command.get_help(ctx).rstrip()


if __name__ == "__main__":
    print(render_cli_reference(), end="")
