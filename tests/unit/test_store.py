"""The fact store: durability, concurrency, CSV round trips, merges and configuration."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_writer import numbered_fact

from dashboard import store_command
from dashboard.facts import load_facts
from dashboard.models import Fact
from dashboard.store import (
    ENV_PATH,
    ENV_URL,
    SCHEMA_VERSION,
    FactStore,
    Origin,
    StoreError,
    combined_facts,
    combined_frame,
    sqlite_url,
    store_url_from,
)

WRITER = Path(__file__).with_name("store_writer.py")
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite"


@pytest.fixture
def store(store_path: Path) -> FactStore:
    """A fresh store on disk, validating against the real curated dataset."""
    with FactStore.open(sqlite_url(store_path)) as opened:
        yield opened


def start_writer(url: str, first: int, count: int, batch: int, go: Path | None = None):
    args = [
        sys.executable,
        str(WRITER),
        url,
        "--first",
        str(first),
        "--count",
        str(count),
        "--batch",
        str(batch),
    ]
    if go:
        args += ["--go", str(go)]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def varied(fact: Fact, changes: dict[str, object] | None = None, **more: object) -> Fact:
    """A validated copy of `fact` with some fields changed (model_copy would skip validation)."""
    return Fact.model_validate({**fact.as_row(), **(changes or {}), **more})


def sqlite_check(path: Path) -> tuple[int, str]:
    """(row count, PRAGMA integrity_check) read with plain sqlite3, not through the store."""
    with sqlite3.connect(path) as conn:
        count = conn.execute("SELECT count(*) FROM facts").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return count, integrity


# -- durability and concurrency -------------------------------------------------------------


@pytest.mark.slow
def test_killed_writer_loses_no_committed_fact(store_path: Path):
    url = sqlite_url(store_path)
    writer = start_writer(url, first=0, count=1000, batch=1)
    committed: list[str] = []
    assert writer.stdout is not None
    for line in writer.stdout:
        if line.startswith("committed "):
            committed.append(line.split()[1])
        if len(committed) == 300:
            writer.send_signal(signal.SIGKILL)
            break
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL, writer.stderr.read() if writer.stderr else ""

    count, integrity = sqlite_check(store_path)
    assert integrity == "ok"
    assert 300 <= count < 1000  # killed part-way, nothing reported is missing
    with FactStore.open(url) as reopened:
        stored = {f.id for f in reopened.facts()}
        assert set(committed) <= stored
        # The store stays writable after the crash.
        assert reopened.add([numbered_fact(5000)]).ok
    print(f"killed after {len(committed)} reported commits; {count} rows survived")


@pytest.mark.slow
def test_eight_concurrent_writers_leave_every_row(store_path: Path, tmp_path: Path):
    url = sqlite_url(store_path)
    FactStore.open(url).close()  # the app creates the store before any user writes
    go = tmp_path / "go"
    writers = [start_writer(url, first=w * 500, count=500, batch=5, go=go) for w in range(8)]
    for writer in writers:  # wait until all have opened the store, then start them together
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    go.touch()
    outputs = [writer.communicate(timeout=240) for writer in writers]
    elapsed = time.perf_counter() - started

    assert [w.returncode for w in writers] == [0] * 8, [err for _, err in outputs]
    assert sum(out.count("committed ") for out, _ in outputs) == 4000
    assert sqlite_check(store_path) == (4000, "ok")
    with FactStore.open(url) as reopened:
        assert len({f.id for f in reopened.facts()}) == 4000
    print(f"8 writers x 500 facts (batches of 5): {elapsed:.2f}s, {4000 / elapsed:.0f} facts/s")


def test_add_is_all_or_nothing(store: FactStore):
    bad = varied(numbered_fact(2), {"partner": "XYZ"})
    result = store.add([numbered_fact(1), bad, numbered_fact(3)])
    assert result.added == []
    assert [(p.row, p.field) for p in result.problems] == [(2, "partner")]
    assert store.count() == 0


def test_unknown_partner_code_is_rejected(store: FactStore):
    result = store.add([varied(numbered_fact(1), {"partner": "XYZ"})])
    assert not result.ok
    assert "unknown partner code 'XYZ'" in result.problems[0].reason
    assert store.count() == 0


@pytest.mark.parametrize(
    ("fact", "field", "reason"),
    [
        (numbered_fact(1), "id", "duplicate id 'test-000001'"),
        (varied(numbered_fact(1), {"id": "other"}), None, "duplicate (country"),
        (varied(numbered_fact(9), {"date": None, "id": "undated"}), None, None),
        (varied(numbered_fact(9), {"id": "future", "date": "2999"}), "date", "future"),
    ],
    ids=["same-id", "same-key", "undated-is-fine", "future-date"],
)
def test_add_checks_against_stored_facts(store: FactStore, fact: Fact, field, reason):
    assert store.add([numbered_fact(1)]).ok
    result = store.add([fact])
    if reason is None:
        assert result.ok
        return
    assert any(p.field == field and reason in p.reason for p in result.problems), result.problems
    assert store.count() == 1


def test_add_checks_against_curated_facts(store: FactStore):
    curated = store.curated[0]
    result = store.add([varied(curated, {"id": "copy-of-curated"})])
    assert "duplicate (country, partner, event, date)" in result.problems[0].reason


# -- CSV export and import -------------------------------------------------------------------


def rich_facts() -> list[Fact]:
    """Facts that use every column, including text that CSV must quote."""
    return [
        varied(
            numbered_fact(1),
            {
                "troops": 1500,
                "summary": 'A "quoted", comma-laden\nsummary — with ünïcode.',
                "source_title": "Title, with comma",
                "source_published": dt.date(2024, 3, 27),
                "quote": "« Les troupes partiront »",
                "event": "deployment",
                "partner": "RUS",
                "country": "NER",
            },
        ),
        varied(numbered_fact(2), {"date": None, "country": "MLI"}),
        Fact(id="coup", country="BFA", event="coup", date="1901-07"),
    ]


def test_export_import_round_trip(store: FactStore, tmp_path: Path):
    assert store.add(rich_facts()).ok
    exported = store.export_csv()
    with FactStore.open(sqlite_url(tmp_path / "copy.sqlite")) as copy:
        result = copy.import_csv(exported, "export.csv")
        assert result.ok, result.problems
        assert copy.facts() == store.facts() == rich_facts()
        assert copy.export_csv() == exported


def test_curated_dataset_round_trips_through_an_empty_store(tmp_path: Path):
    curated = load_facts()
    assert curated.ok
    with FactStore.open(sqlite_url(tmp_path / "s.sqlite"), curated=[]) as empty:
        assert empty.import_csv((REPO_ROOT / "geodata" / "sahel_facts.csv").read_text()).ok
        assert empty.facts() == curated.facts


BAD_CSV = """id,country,partner,event,date,troops
ok-1,MRT,CHN,talks,1900-01-01,
bad-partner,MRT,XYZ,talks,1900-01-02,
bad-date,MRT,CHN,talks,1900-02-30,
bad-troops,MRT,CHN,talks,1900-01-04,-5
test-000007,MRT,CHN,agreement,1900-01-05,
ok-1,MRT,CHN,agreement,1900-01-06,
"""


def test_bad_import_writes_nothing_and_names_row_field_reason(store: FactStore):
    assert store.add([numbered_fact(7)]).ok
    before = store.export_csv()
    result = store.import_csv(BAD_CSV, "bad.csv")
    assert result.added == []
    found = {(p.row, p.field): p.reason for p in result.problems}
    assert found.keys() == {(3, "partner"), (4, "date"), (5, "troops"), (6, "id"), (7, "id")}
    assert "unknown partner code 'XYZ'" in found[3, "partner"]
    assert "not a real calendar date" in found[4, "date"]
    assert "negative" in found[5, "troops"]
    assert "existing data" in found[6, "id"]  # the id is already stored
    assert "row 2" in found[7, "id"]  # repeated inside the file
    assert all(str(p).startswith("bad.csv, row ") for p in result.problems)
    assert store.export_csv() == before


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("id,country,partner,event\nx,MRT,CHN,talks\n", "date"),
        ("id,country,partner,event,date,colour\nx,MRT,CHN,talks,1900,red\n", "colour"),
    ],
    ids=["missing-column", "unknown-column"],
)
def test_import_refuses_bad_headers(store: FactStore, text: str, field: str):
    result = store.import_csv(text, "h.csv")
    assert (1, field) in {(p.row, p.field) for p in result.problems}
    assert store.count() == 0


# -- merging duplicate candidates ------------------------------------------------------------


def candidate_for(fact: Fact, url: str = "https://other.example/report") -> Fact:
    return varied(
        fact,
        {
            "id": "candidate",
            "source_url": url,
            "source_outlet": "Other",
            "summary": "Same, elsewhere.",
        },
    )


def test_merge_keeps_both_sources(store: FactStore):
    original = numbered_fact(1)
    assert store.add([original]).ok
    assert store.merge_source(original.id, candidate_for(original)).ok
    assert store.facts() == [original]  # the fact and its own source are untouched
    [extra] = store.sources(original.id)
    assert (extra.source_url, extra.source_outlet, extra.merged_from) == (
        "https://other.example/report",
        "Other",
        "candidate",
    )
    assert store.count() == 1


def test_merge_into_a_curated_fact(store: FactStore):
    curated = store.curated[0]
    assert store.merge_source(curated.id, candidate_for(curated)).ok
    assert [s.source_url for s in store.sources(curated.id)] == ["https://other.example/report"]


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"event": "agreement"}, None, "not a duplicate"),
        ({"date": "1905-01-01"}, "date", "not a duplicate"),
        ({"source_url": "https://example.org/articles/1"}, "source_url", "already has"),
        ({"partner": "XYZ"}, "partner", "unknown partner"),
    ],
    ids=["other-event", "other-date", "same-source", "bad-candidate"],
)
def test_merge_refusals(store: FactStore, change, field, reason):
    original = numbered_fact(1)
    assert store.add([original]).ok
    result = store.merge_source(original.id, varied(candidate_for(original), **change))
    assert [(p.field, reason in p.reason) for p in result.problems] == [(field, True)]
    assert store.sources(original.id) == []


def test_merge_into_unknown_fact_is_refused(store: FactStore):
    result = store.merge_source("no-such-id", numbered_fact(1))
    assert result.problems[0].field == "id"


def test_delete_removes_fact_and_its_sources(store: FactStore):
    original = numbered_fact(1)
    store.add([original])
    store.merge_source(original.id, candidate_for(original))
    assert store.delete(original.id) is True
    assert (store.count(), store.sources_by_fact()) == (0, {})
    assert store.delete(original.id) is False


# -- origin labels, schema, configuration ----------------------------------------------------


def test_combined_facts_label_their_origin(store: FactStore):
    store.add([numbered_fact(1)])
    combined = combined_facts(store.curated, store.all())
    assert {s.origin for s in combined} == {Origin.CURATED, Origin.USER}
    assert [s.fact.id for s in combined if s.origin is Origin.USER] == ["test-000001"]
    frame = combined_frame(store.curated, store.all())
    assert frame["origin"].value_counts().to_dict() == {"curated": len(store.curated), "user": 1}


def test_schema_version_is_recorded_and_checked(store: FactStore, store_path: Path):
    assert store.schema_version() == SCHEMA_VERSION
    with sqlite3.connect(store_path) as conn:
        conn.execute("UPDATE store_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99"):
        FactStore.open(sqlite_url(store_path))


def test_sqlite_settings(store: FactStore):
    with store.engine.connect() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "busy_timeout")
        }
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 30000}


@pytest.mark.parametrize(
    ("environ", "secrets", "expected"),
    [
        (
            {ENV_URL: "postgresql://u:p@db/facts"},
            {"store": {"path": "/s.sqlite"}},
            "postgresql://u:p@db/facts",
        ),
        ({ENV_URL: "sqlite:////a.sqlite", ENV_PATH: "/b.sqlite"}, None, "sqlite:////a.sqlite"),
        ({ENV_PATH: "/b.sqlite"}, {"store": {"url": "sqlite:////s.sqlite"}}, "sqlite:////b.sqlite"),
        ({}, {"store": {"url": "sqlite:////s.sqlite"}}, "sqlite:////s.sqlite"),
        ({}, {"store": {"path": "/p.sqlite"}}, "sqlite:////p.sqlite"),
        ({}, {"store_url": "sqlite:////top.sqlite"}, "sqlite:////top.sqlite"),
        ({ENV_URL: "  "}, None, f"sqlite:///{REPO_ROOT / 'var' / 'facts.sqlite'}"),
    ],
    ids=[
        "env-url-beats-secrets",
        "url-beats-path",
        "env-path-beats-secrets",
        "secrets-url",
        "secrets-path",
        "secrets-top-level",
        "default",
    ],
)
def test_store_url_from(environ, secrets, expected):
    assert store_url_from(secrets, environ) == expected


def test_env_var_chooses_the_store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    chosen = tmp_path / "chosen" / "facts.sqlite"
    monkeypatch.delenv(ENV_URL, raising=False)
    monkeypatch.setenv(ENV_PATH, str(chosen))
    with FactStore.open() as opened:
        assert opened.add([numbered_fact(1)]).ok
    assert sqlite_check(chosen) == (1, "ok")


# -- command line ----------------------------------------------------------------------------


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    store_command.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.handler(args)


def test_cli_import_count_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.delenv(ENV_URL, raising=False)
    monkeypatch.setenv(ENV_PATH, str(tmp_path / "env.sqlite"))
    source = tmp_path / "in.csv"
    with FactStore.open(sqlite_url(tmp_path / "seed.sqlite")) as seed:
        seed.add(rich_facts())
        source.write_text(seed.export_csv(), encoding="utf-8")

    assert run_cli("store", "import", str(source)) == 0
    assert run_cli("store", "import", str(source)) == 1  # duplicates: nothing written
    assert "nothing imported" in capsys.readouterr().err
    assert run_cli("store", "count") == 0
    assert capsys.readouterr().out.strip() == "3"
    out = tmp_path / "out.csv"
    assert run_cli("store", "export", "--out", str(out)) == 0
    assert out.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    # --store overrides the environment, before or after the action.
    assert run_cli("store", "--store", str(tmp_path / "other.sqlite"), "count") == 0
    assert run_cli("store", "count", "--store", str(tmp_path / "other.sqlite")) == 0
    assert capsys.readouterr().out.split() == ["0", "0"]
