"""The README documents every Fact field, and the Method page shows the README's sections."""

import re

import pytest

from dashboard.docs import README, readme_section
from dashboard.models import FACT_FIELDS, Fact


def documented_fields() -> set[str]:
    table = readme_section("Field dictionary")
    return set(re.findall(r"^\| `([a-z_]+)` \|", table, re.M))


@pytest.mark.parametrize("field", list(Fact.model_fields))
def test_every_fact_field_is_in_the_readme_field_dictionary(field):
    assert field in documented_fields(), f"README 'Field dictionary' lacks `{field}`"


def test_fact_fields_constant_matches_the_model():
    assert set(FACT_FIELDS) == set(Fact.model_fields)


@pytest.mark.parametrize(
    "section", ["Method", "Data provenance", "Field dictionary", "Architecture", "Quick start"]
)
def test_readme_sections_exist(section):
    assert readme_section(section), f"README lacks a '## {section}' section"


def test_readme_section_stops_at_the_next_heading(tmp_path):
    doc = tmp_path / "R.md"
    doc.write_text("# T\n## A\none\n### sub\ntwo\n## B\nthree\n")
    assert readme_section("A", doc) == "one\n### sub\ntwo"
    assert readme_section("Missing", doc) == ""


def test_readme_names_both_commands():
    text = README.read_text()
    assert "make run" in text and "make test" in text
