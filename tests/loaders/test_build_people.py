"""tools/build_people.py turns an actor dictionary into loaders/data/people.tsv: one country per person."""

from __future__ import annotations

import importlib.util

from tests.settings import ROOT

DICTIONARY = """\
# a comment
RUNISTAN_  [USA]
JANE_QUILL_  # CountryInfo.txt
+PRESIDENT_JANE_QUILL_
+JANE_Q_QUILL_
+QUILL
\t[FRAGOV 990101-050101]
\t[FRAGOVHLH 020101-030101]
\t[FRAELI 800101-000101]
OTTO_BRAM_  # CountryInfo.txt
\t[DEUGOV 990101-050101]
\t[AUTGOV 060101-080101]
SAM_PELL_  # CountryInfo.txt
\t[CANGOV 990101-050101]
SAM_PELL_  # CountryInfo.txt
\t[AUSGOV 990101-050101]
MAYA_TORR_  # CountryInfo.txt
\t[XYZGOV 990101-050101]
"""


def _build_people():
    spec = importlib.util.spec_from_file_location("build_people", ROOT / "tools" / "build_people.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_country_per_person(tmp_path):
    source = tmp_path / "actors.txt"
    source.write_text(DICTIONARY, encoding="utf-8")
    rows = _build_people().people(source)
    # titles and lone surnames are no names; two countries, a name shared across countries
    # or a code no country has: left out; years in office from the government codes only
    assert rows == [("Jane Quill", ["Jane Q Quill"], "France", "1999-2005")]


def test_writes_the_table(tmp_path):
    source, out = tmp_path / "actors.txt", tmp_path / "people.tsv"
    source.write_text(DICTIONARY, encoding="utf-8")
    assert _build_people().main([str(source), "--out", str(out)]) == 0
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines == ["Jane Quill\tJane Q Quill\tFrance\t1999-2005"]


def test_years_in_office():
    build = _build_people()
    assert build._office_years(["\t[USAGOV >090120]"]) == (2009, None)
    assert build._office_years(["\t[USAGOV 19970101-20010101]", "\t[USAGOV <990101]"]) == (1997, 2001)
    assert build._office_years(["\t[USAELI 600101-000101]"]) == (None, None)
