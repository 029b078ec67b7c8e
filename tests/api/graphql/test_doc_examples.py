"""Every GraphQL example in the README and docs/ is valid against the schema the server serves."""

from __future__ import annotations

import re

import pytest
from graphql import build_schema, parse, validate

from tests.settings import DOCS, ROOT

FILES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
EXAMPLES = [
    pytest.param(block, id=f"{path.name}-{number}")
    for path in FILES
    for number, block in enumerate(re.findall(r"```graphql\n(.*?)```", path.read_text(encoding="utf-8"), re.S))
]


def test_the_docs_hold_graphql_examples():
    assert EXAMPLES


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_is_valid_against_the_schema(example):
    schema = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))
    errors = validate(schema, parse(example))
    assert not errors, [e.message for e in errors]


def test_the_readme_names_query_arguments_as_the_schema_does():
    schema = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))
    fields = schema.query_type.fields
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    named = re.findall(r"`(\w+)\(([^)`]*)\)`", readme)
    checked = 0
    for field, arguments in named:
        if field not in fields:
            continue
        for argument in arguments.split(","):
            # `by: DEGREE | PAGERANK` names one argument and its values; `id | name`, two arguments
            names = [argument.split(":")[0]] if ":" in argument else argument.split("|")
            for name in (n.strip() for n in names if n.strip()):
                assert name in fields[field].args, f"README: {field}({name}) is not in the schema"
                checked += 1
    assert checked >= 10
