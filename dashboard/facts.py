"""Load and validate fact CSVs: valid facts plus readable problems (file, row, field, why)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
from pydantic import ValidationError

from dashboard.models import FACT_FIELDS, Fact, PartnerRegistry
from dashboard.paths import FACTS_CSV, PARTNERS_CSV

REQUIRED_COLUMNS = ("id", "country", "partner", "event", "date")
MAX_CSV_BYTES = 20_000_000  # a year of facts is ~100 KB; anything near this is a wrong file


@dataclass(frozen=True)
class Problem:
    """One reason a row was not taken. `row` is the spreadsheet row (header = row 1)."""

    file: str
    row: int | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.reason}"


@dataclass
class LoadResult:
    facts: list[Fact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@lru_cache(maxsize=1)
def default_registry() -> PartnerRegistry:
    return PartnerRegistry.from_csv(PARTNERS_CSV)


@lru_cache(maxsize=4096)
def is_country_code(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def load_facts(
    path: Path = FACTS_CSV, registry: PartnerRegistry | None = None, today: dt.date | None = None
) -> LoadResult:
    """Read a facts CSV file; never raises for bad content, only reports it."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            return LoadResult(problems=[_too_big(name, size)])
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        return LoadResult(problems=[Problem(name, None, None, f"cannot read the file: {err}")])
    return parse_facts_csv(text, name, registry, today)


def parse_facts_csv(
    text: str,
    name: str = "<upload>",
    registry: PartnerRegistry | None = None,
    today: dt.date | None = None,
) -> LoadResult:
    """Validate CSV text row by row. Every bad row becomes a Problem; good rows become Facts."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_CSV_BYTES:
        return LoadResult(problems=[_too_big(name, size)])
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    header_problems = _check_header(name, header)
    if any(p.field in REQUIRED_COLUMNS for p in header_problems):
        return LoadResult(problems=header_problems)
    facts = validate_rows(((i + 2, row) for i, row in enumerate(reader)), name, registry, today)
    facts.problems[:0] = header_problems
    return facts


def validate_rows(
    rows: Iterable[tuple[int, dict[str, str | None]]],
    name: str,
    registry: PartnerRegistry | None = None,
    today: dt.date | None = None,
    existing: Sequence[Fact] = (),
) -> LoadResult:
    """Validate (row number, raw row) pairs with the dataset's rules, duplicates included."""
    registry = registry or default_registry()
    today = today or dt.date.today()
    result = LoadResult()
    seen_ids = {f.id: "the existing data" for f in existing}
    seen_keys = {f.key(): "the existing data" for f in existing}
    for row_no, raw in rows:
        fact, problems = validate_row(raw, name, row_no, registry, today)
        raw_id = (raw.get("id") or "").strip()
        if fact is None and raw_id in seen_ids:
            problems.append(
                Problem(
                    name, row_no, "id", f"duplicate id {raw_id!r} (first in {seen_ids[raw_id]})"
                )
            )
        elif fact is not None:
            problems += _duplicate_problems(fact, name, row_no, seen_ids, seen_keys)
        seen_ids.setdefault(raw_id, f"row {row_no}")
        if problems:
            result.problems.extend(problems)
            continue
        assert fact is not None
        seen_keys[fact.key()] = f"row {row_no}"
        result.facts.append(fact)
    return result


def validate_row(
    raw: dict[str, str | None],
    name: str,
    row_no: int,
    registry: PartnerRegistry,
    today: dt.date,
) -> tuple[Fact | None, list[Problem]]:
    if None in raw:  # DictReader puts surplus cells under the key None
        return None, [Problem(name, row_no, None, "the row has more cells than the header")]
    values = {k: (v or "").strip() for k, v in raw.items() if k in FACT_FIELDS}
    problems = [
        Problem(name, row_no, col, reason) for col, reason in _code_problems(values, registry)
    ]
    try:
        fact = Fact.model_validate(values)
    except ValidationError as err:
        problems += [_from_pydantic(name, row_no, e) for e in err.errors()]
        return None, problems
    problems += [Problem(name, row_no, col, why) for col, why in _sense_problems(fact, today)]
    return (None if problems else fact), problems


def _code_problems(values: dict[str, str], registry: PartnerRegistry) -> list[tuple[str, str]]:
    found = []
    country = values.get("country", "")
    if country and len(country) == 3 and country.isupper() and not is_country_code(country):
        found.append(("country", f"unknown country code {country!r}"))
    partner = values.get("partner", "")
    if partner and partner not in registry:
        found.append(("partner", f"unknown partner code {partner!r} (not in partners.csv)"))
    return found


def _sense_problems(fact: Fact, today: dt.date) -> list[tuple[str, str]]:
    found = []
    if fact.date and fact.date.start > today:
        found.append(("date", f"{fact.date} is in the future"))
    if fact.source_url and not fact.source_url.lower().startswith(("http://", "https://")):
        found.append(("source_url", "only http:// and https:// links are accepted"))
    if fact.partner and fact.partner == fact.country:
        found.append(("partner", "the partner cannot be the host country itself"))
    return found


def _duplicate_problems(
    fact: Fact,
    name: str,
    row_no: int,
    seen_ids: dict[str, str],
    seen_keys: dict[tuple[str, str, str, str], str],
) -> list[Problem]:
    found = []
    if fact.id in seen_ids:
        found.append(
            Problem(name, row_no, "id", f"duplicate id {fact.id!r} (first in {seen_ids[fact.id]})")
        )
    if fact.key() in seen_keys:
        key = ", ".join(k or "-" for k in fact.key())
        found.append(
            Problem(
                name,
                row_no,
                None,
                f"duplicate (country, partner, event, date) "
                f"({key}); first in {seen_keys[fact.key()]}",
            )
        )
    return found


def _check_header(name: str, header: Sequence[str]) -> list[Problem]:
    problems = [
        Problem(name, 1, col, "required column is missing from the header")
        for col in REQUIRED_COLUMNS
        if col not in header
    ]
    problems += [
        Problem(name, 1, col, "unknown column; it would be ignored, so it is refused")
        for col in header
        if col not in FACT_FIELDS
    ]
    return problems


def _from_pydantic(name: str, row_no: int, error: object) -> Problem:
    err = dict(error)  # type: ignore[call-overload]
    loc = err.get("loc") or ()
    column = str(loc[0]) if loc else None
    reason = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    value = err.get("input")
    if err.get("type") == "enum":
        reason = f"unknown event {value!r}; expected one of {reason.split('Input should be ')[-1]}"
    elif column == "troops" and err.get("type") == "greater_than_equal":
        reason = f"troops cannot be negative ({value})"
    elif not loc:
        column = "partner" if "partner" in reason else None
    return Problem(name, row_no, column, reason)


def _too_big(name: str, size: int) -> Problem:
    return Problem(name, None, None, f"the file is {size:,} bytes; the limit is {MAX_CSV_BYTES:,}")


def facts_to_csv(facts: Iterable[Fact]) -> str:
    """The canonical CSV text of facts (all columns, header first)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FACT_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(f.as_row() for f in facts)
    return out.getvalue()
