"""dashboard.facts: loading and validating fact CSVs, and the `validate` command.

Every bad row must come back as a Problem naming the file, the row (header = row 1), the
field and the reason; good rows must still be taken.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import cli, facts
from dashboard.facts import Problem, facts_to_csv, load_facts, parse_facts_csv
from dashboard.models import Fact
from dashboard.paths import FACTS_CSV

TODAY = dt.date(2025, 6, 1)  # fixed, so "in the future" does not move with the calendar
HEADER = "id,country,partner,event,date,troops,summary,source_url"

# The acceptance case: one good row, then one of each mistake.
BAD_CSV = f"""{HEADER}
ok-1,NER,USA,presence,2024-03-16,1000,US troops in Niger,https://www.rt.com/africa/594986
bad-country,XYZ,FRA,presence,2023-01,100,A country that does not exist,
bad-date,NER,FRA,presence,2024-02-30,100,An impossible date,
bad-troops,NER,FRA,presence,2023-05,-5,A negative troop count,
bad-event,NER,FRA,invasion,2023-06,,An event outside the vocabulary,
no-partner,NER,,deployment,2023-07,,A deployment without a partner,
ok-1,MLI,RUS,talks,2024-01,,A second fact with the first one's id,
"""

BAD_CSV_PROBLEMS = [
    (3, "country", "unknown country code 'XYZ'"),
    (4, "date", "'2024-02-30' is not a real calendar date"),
    (5, "troops", "troops cannot be negative (-5)"),
    (6, "event", "unknown event 'invasion'; expected one of 'presence', 'deployment'"),
    (7, "partner", "partner is empty; only a coup may have no partner (deployment)"),
    (8, "id", "duplicate id 'ok-1' (first in row 2)"),
]


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    """The acceptance-case CSV on disk, so load_facts and the CLI read a real file."""
    path = tmp_path / "bad_facts.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    return path


def test_acceptance_case_lists_each_problem_with_row_field_and_reason(bad_file):
    result = load_facts(bad_file, today=TODAY)
    assert [f.id for f in result.facts] == ["ok-1"]
    assert not result.ok
    found = [(p.file, p.row, p.field) for p in result.problems]
    assert found == [("bad_facts.csv", row, field) for row, field, _ in BAD_CSV_PROBLEMS]
    for problem, (_, _, reason) in zip(result.problems, BAD_CSV_PROBLEMS, strict=True):
        assert problem.reason.startswith(reason), problem


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("f.csv", 3, "country", "unknown"), "f.csv, row 3, field 'country': unknown"),
        (Problem("f.csv", 3, None, "too many"), "f.csv, row 3: too many"),
        (Problem("f.csv", None, None, "too big"), "f.csv: too big"),
    ],
)
def test_problem_text(problem, text):
    assert str(problem) == text


def csv_of(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            ["a,NER,USA,presence,2024-03-16,1000,,", "b,NER,USA,presence,2024-03-16,900,,"],
            [
                (
                    3,
                    None,
                    "duplicate (country, partner, event, date) (NER, USA, presence, "
                    "2024-03-16); first in row 2",
                )
            ],
            id="duplicate-key",
        ),
        pytest.param(
            ["a,NER,,coup,2023-07,,,", "b,NER,,coup,2023-07,,,"],
            [
                (
                    3,
                    None,
                    "duplicate (country, partner, event, date) (NER, -, coup, 2023-07); "
                    "first in row 2",
                )
            ],
            id="duplicate-coup-key",
        ),
        pytest.param(  # same day at another precision is another key, not a duplicate
            ["a,NER,USA,presence,2024-03-16,1000,,", "b,NER,USA,presence,2024-03,1000,,"],
            [],
            id="same-month-other-precision",
        ),
        pytest.param(  # an invalid first row still claims its id
            ["a,NER,USA,presence,2024-13,,,", "a,NER,USA,presence,2024-03,,,"],
            [
                (2, "date", "'2024-13' is not a real calendar date (month must be in 1..12)"),
                (3, "id", "duplicate id 'a' (first in row 2)"),
            ],
            id="duplicate-id-of-invalid-row",
        ),
        pytest.param(
            ["a,NER,USA,presence,2024-03-16,1000,,,surplus"],
            [(2, None, "the row has more cells than the header")],
            id="extra-cells",
        ),
        pytest.param(
            ["a,NER,XYZ,presence,2024-03,,,"],
            [(2, "partner", "unknown partner code 'XYZ' (not in partners.csv)")],
            id="unknown-partner",
        ),
        pytest.param(
            ["a,NER,NER,presence,2024-03,,,"],
            [
                (2, "partner", "unknown partner code 'NER' (not in partners.csv)"),
                (2, "partner", "the partner cannot be the host country itself"),
            ],
            id="host-is-not-a-partner",
        ),
        pytest.param(
            ["a,MAR,MAR,agreement,2024-03,,,"],
            [(2, "partner", "the partner cannot be the host country itself")],
            id="partner-is-host",
        ),
        pytest.param(
            ["a,NER,USA,presence,2025-07,,,"],
            [(2, "date", "2025-07 is in the future")],
            id="future-date",
        ),
        pytest.param(
            ["a,NER,USA,presence,2024-03,,,javascript:alert(1)"],
            [(2, "source_url", "only http:// and https:// links are accepted")],
            id="unsafe-link",
        ),
        pytest.param(
            ["a,ner,USA,presence,2024-03,,,"],
            [(2, "country", "'ner' is not an ISO 3166-1 alpha-3 code")],
            id="lower-case-country",
        ),
        pytest.param(
            ["a,NER,USA,presence,2024-03,1.5,,"],
            [(2, "troops", "'1.5' is not a whole number")],
            id="fractional-troops",
        ),
    ],
)
def test_row_problems(rows, expected):
    result = parse_facts_csv(csv_of(*rows), "t.csv", today=TODAY)
    assert [(p.row, p.field, p.reason) for p in result.problems] == expected
    assert len(result.facts) == len(rows) - len({row for row, _, _ in expected})


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("id,country,partner,date", [(1, "event", "required column is missing from the header")]),
        ("country,partner,event,date", [(1, "id", "required column is missing from the header")]),
        (
            "id,country,partner,event,date,colour",
            [(1, "colour", "unknown column; it would be ignored, so it is refused")],
        ),
        (
            "",
            [
                (1, col, "required column is missing from the header")
                for col in ("id", "country", "partner", "event", "date")
            ],
        ),
    ],
)
def test_header_problems(header, expected):
    result = parse_facts_csv(header + "\na,NER,USA,presence,2024-03\n", "t.csv", today=TODAY)
    assert [(p.row, p.field, p.reason) for p in result.problems] == expected


def test_missing_required_column_takes_no_rows():
    result = parse_facts_csv("id,country,partner,date\na,NER,USA,2024-03\n", today=TODAY)
    assert result.facts == []


def test_unknown_column_still_validates_rows():
    """The header problem is reported, and the rows are still checked (and kept)."""
    text = "id,country,partner,event,date,colour\na,NER,USA,presence,2024-03,red\n"
    result = parse_facts_csv(text, today=TODAY)
    assert [f.id for f in result.facts] == ["a"]
    assert not result.ok


def test_file_over_the_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(facts, "MAX_CSV_BYTES", 100)
    path = tmp_path / "huge.csv"
    path.write_text(csv_of("a,NER,USA,presence,2024-03,,," * 5), encoding="utf-8")
    size = path.stat().st_size
    result = load_facts(path, today=TODAY)
    assert result.facts == []
    assert [str(p) for p in result.problems] == [
        f"huge.csv: the file is {size:,} bytes; the limit is 100"
    ]


def test_text_over_the_limit_counts_bytes_not_characters(monkeypatch):
    monkeypatch.setattr(facts, "MAX_CSV_BYTES", 100)
    text = "é" * 60  # 60 characters, 120 bytes
    [problem] = parse_facts_csv(text, "up.csv").problems
    assert problem.reason == "the file is 120 bytes; the limit is 100"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "cannot read the file"),
        ("id,country\nä".encode("latin-1"), "cannot read the file"),
    ],
)
def test_unreadable_file(tmp_path, content, reason):
    path = tmp_path / "facts.csv"
    if content is not None:
        path.write_bytes(content)
    [problem] = load_facts(path, today=TODAY).problems
    assert (problem.file, problem.row, problem.reason[: len(reason)]) == ("facts.csv", None, reason)


def test_byte_order_mark_is_ignored(tmp_path):
    """Excel writes UTF-8 with a BOM; the first column must still be called `id`."""
    path = tmp_path / "excel.csv"
    path.write_text(csv_of("a,NER,USA,presence,2024-03-16,1000,Niger,"), encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = load_facts(path, today=TODAY)
    assert result.problems == []
    assert [(f.id, f.troops) for f in result.facts] == [("a", 1000)]


def test_facts_to_csv_round_trip():
    originals = [
        Fact(
            id="a",
            country="NER",
            partner="USA",
            event="presence",
            date="2024-03-16",
            troops=1000,
            summary='About 1,000 "US" troops; still there',
            quote="line one\nline two",
            source_url="https://example.org/a?b=1&c=2",
            source_outlet="RT",
            source_title="Niger, Russia discuss",
            source_published=dt.date(2024, 3, 27),
        ),
        Fact(id="b", country="NER", partner="", event="coup", date="2023-07"),
        Fact(
            id="c",
            country="MLI",
            partner="AFRICA_CORPS",
            event="deployment",
            date="2024",
            summary="Arrivée des instructeurs à Bamako — « Africa Corps »",
        ),
        Fact(id="d", country="TCD", partner="FRA", event="agreement"),
    ]
    text = facts_to_csv(originals)
    assert text.splitlines()[0] == ",".join(facts.FACT_FIELDS)
    result = parse_facts_csv(text, today=TODAY)
    assert result.problems == []
    assert result.facts == originals


def test_cli_validate_shipped_dataset(capsys):
    assert cli.main(["validate"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith(f"{FACTS_CSV}: ") and out[-1].endswith("valid fact(s); OK")
    assert len(out) == 1  # no problem lines


def test_cli_validate_bad_file_prints_every_problem(bad_file, capsys):
    assert cli.main(["validate", str(bad_file)]) == 1
    out = capsys.readouterr().out.splitlines()
    expected = [
        f"bad_facts.csv, row {row}, field {field!r}: {reason}"
        for row, field, reason in BAD_CSV_PROBLEMS
    ]
    assert len(out) == len(expected) + 1
    for line, start in zip(out, expected, strict=False):
        assert line.startswith(start)
    assert out[-1] == f"{bad_file}: 1 valid fact(s); 6 problem(s)"


def test_cli_validate_as_installed_script(bad_file):
    """The console script itself, as a user runs it: exit status and printed problems."""
    script = Path(sys.executable).with_name("sahel-dashboard")
    ok = subprocess.run([script, "validate"], capture_output=True, text=True, timeout=60)
    assert (ok.returncode, ok.stdout.strip().endswith("OK")) == (0, True), ok.stderr
    bad = subprocess.run(
        [script, "validate", str(bad_file)], capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 1
    assert "bad_facts.csv, row 6, field 'event': unknown event 'invasion'" in bad.stdout
    assert bad.stdout.count("bad_facts.csv, row ") == 6
