"""The fact store: accepted user facts kept in a database (SQLite by default), no Streamlit.

Everything goes through `FactStore`, written against SQLAlchemy Core, so a shared PostgreSQL
can replace the SQLite file by changing the URL only; pages never see SQL.

Where the store lives (first match wins):

1. the ``SAHEL_STORE_URL`` environment variable (any SQLAlchemy URL),
2. the ``SAHEL_STORE_PATH`` environment variable (a SQLite file path),
3. ``.streamlit/secrets.toml``: ``[store] url = ...`` or ``[store] path = ...``,
4. `DEFAULT_STORE_PATH`.

Environment variables win over the secrets file so one deployment can point a checked-in
configuration elsewhere without editing it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    tuple_,
)
from sqlalchemy.engine import RowMapping, make_url
from sqlalchemy.exc import IntegrityError

from dashboard.facts import Problem, load_facts, parse_facts_csv, validate_rows
from dashboard.models import FACT_FIELDS, Fact, PartnerRegistry
from dashboard.paths import REPO_ROOT

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = 1
DEFAULT_STORE_PATH = REPO_ROOT / "var" / "facts.sqlite"  # *.sqlite is git-ignored
ENV_URL = "SAHEL_STORE_URL"
ENV_PATH = "SAHEL_STORE_PATH"
# A writer waits this long for another writer's transaction instead of failing at once.
BUSY_TIMEOUT_MS = 30_000
# Bound parameters per conflict query; SQLite builds before 3.32 allow only 999.
_CHUNK = 200


class Origin(StrEnum):
    """Where a fact shown in the app comes from."""

    CURATED = "curated"  # geodata/sahel_facts.csv, reviewed and committed
    USER = "user"  # entered or imported by a user, kept in the store


metadata = MetaData()

facts_table = Table(
    "facts",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # insertion order
    Column("id", String(200), nullable=False, unique=True),
    Column("country", String(3), nullable=False),
    Column("partner", String(32), nullable=False),
    Column("event", String(32), nullable=False),
    Column("date", String(10), nullable=False),  # "" when undated, as in the CSV and key()
    Column("troops", Integer, nullable=True),
    Column("summary", Text, nullable=False),
    Column("source_url", Text, nullable=False),
    Column("source_outlet", Text, nullable=False),
    Column("source_title", Text, nullable=False),
    Column("source_published", String(10), nullable=False),
    Column("quote", Text, nullable=False),
    Column("origin", String(16), nullable=False),
    Column("added_at", String(32), nullable=False),
    # The last guard against duplicates if two writers ever validate at the same moment.
    UniqueConstraint("country", "partner", "event", "date", name="uq_facts_key"),
)

# Extra sources merged into a fact. No foreign key: the fact may be a curated one, which
# lives in the CSV, not in this database; delete() removes a stored fact's sources itself.
fact_sources_table = Table(
    "fact_sources",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("fact_id", String(200), nullable=False, index=True),
    Column("merged_from", String(200), nullable=False),  # id of the duplicate candidate
    Column("summary", Text, nullable=False),
    Column("source_url", Text, nullable=False),
    Column("source_outlet", Text, nullable=False),
    Column("source_title", Text, nullable=False),
    Column("source_published", String(10), nullable=False),
    Column("quote", Text, nullable=False),
    Column("added_at", String(32), nullable=False),
)

store_meta_table = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

_FACT_COLUMNS = [c for c in FACT_FIELDS if c != "troops"]


class StoreError(RuntimeError):
    """The store cannot be opened or used (wrong schema version, unreachable database)."""


@dataclass(frozen=True)
class StoredFact:
    """A fact together with where it comes from."""

    fact: Fact
    origin: Origin
    added_at: str = ""  # ISO UTC timestamp; empty for curated facts


@dataclass(frozen=True)
class Source:
    """An extra source merged into an existing fact."""

    fact_id: str
    merged_from: str
    summary: str
    source_url: str
    source_outlet: str
    source_title: str
    source_published: str
    quote: str
    added_at: str


@dataclass(frozen=True)
class AddResult:
    """Ids written, or the problems that stopped the write; never both (all-or-nothing)."""

    added: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def store_url_from(
    secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """The store's SQLAlchemy URL from the environment, then secrets, then the default.

    `secrets` is ``st.secrets`` (or any mapping) with an optional ``store`` table holding
    ``url`` or ``path``; top-level ``store_url`` / ``store_path`` keys work too.
    """
    env = os.environ if environ is None else environ
    if env.get(ENV_URL, "").strip():
        return env[ENV_URL].strip()
    if env.get(ENV_PATH, "").strip():
        return sqlite_url(Path(env[ENV_PATH].strip()))
    table = (secrets or {}).get("store") or {}
    url = table.get("url") or (secrets or {}).get("store_url")
    if url:
        return str(url)
    path = table.get("path") or (secrets or {}).get("store_path")
    return sqlite_url(Path(str(path)) if path else DEFAULT_STORE_PATH)


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file (made absolute so the cwd does not matter)."""
    return f"sqlite:///{path.expanduser().resolve()}"


def url_or_path(value: str) -> str:
    """Accept either a SQLAlchemy URL or a plain file path (for the --store option)."""
    return value if "://" in value else sqlite_url(Path(value))


class FactStore:
    """Accepted user facts in one database, validated against the curated facts.

    Every write is one transaction: it is either fully committed or not there at all.
    """

    def __init__(
        self,
        engine: Engine,
        curated: Sequence[Fact] | None = None,
        registry: PartnerRegistry | None = None,
        today: dt.date | None = None,
    ):
        self.engine = engine
        self.curated: list[Fact] = list(load_facts().facts if curated is None else curated)
        self.registry = registry
        self._today = today
        # Writers take the write lock when they begin (see _configure_sqlite).
        self._write_engine = engine.execution_options(sahel_begin="IMMEDIATE")
        self._create_schema()

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        secrets: Mapping[str, Any] | None = None,
        curated: Sequence[Fact] | None = None,
        registry: PartnerRegistry | None = None,
        today: dt.date | None = None,
    ) -> FactStore:
        """Open (and create if needed) the store at `url`, or where store_url_from() says.

        `curated` defaults to the curated dataset; pass [] to validate against the store only.
        """
        return cls(open_engine(url or store_url_from(secrets)), curated, registry, today)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> FactStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The store's URL with any password masked, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    # -- reading -------------------------------------------------------------------------

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(facts_table)).scalar_one())

    def all(self) -> list[StoredFact]:
        """Every stored fact, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(facts_table).order_by(facts_table.c.seq)).mappings()
            return [_stored_fact(row) for row in rows]

    def facts(self) -> list[Fact]:
        return [s.fact for s in self.all()]

    def get(self, fact_id: str) -> StoredFact | None:
        with self.engine.connect() as conn:
            query = select(facts_table).where(facts_table.c.id == fact_id)
            row = conn.execute(query).mappings().first()
        return _stored_fact(row) if row else None

    def sources(self, fact_id: str) -> list[Source]:
        """Extra sources merged into a fact (curated or stored), oldest first."""
        return self.sources_by_fact().get(fact_id, [])

    def sources_by_fact(self) -> dict[str, list[Source]]:
        query = select(fact_sources_table).order_by(fact_sources_table.c.seq)
        found: dict[str, list[Source]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                values = {k: v for k, v in row.items() if k != "seq"}
                found.setdefault(row["fact_id"], []).append(Source(**values))
        return found

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return _read_version(conn) or 0

    # -- writing -------------------------------------------------------------------------

    def add(
        self, facts: Sequence[Fact], origin: Origin | str = Origin.USER, name: str = "new facts"
    ) -> AddResult:
        """Validate `facts` against the curated and stored facts and write all or none.

        Problems name the position in `facts` (1-based) as their row.
        """
        rows = [(i, _raw_row(f)) for i, f in enumerate(facts, start=1)]
        return self._add_rows(rows, name, Origin(origin))

    def import_csv(
        self, text: str, name: str = "import.csv", origin: Origin | str = Origin.USER
    ) -> AddResult:
        """Import a facts CSV (the export format); all rows or none, problems by row/field."""
        text = text.removeprefix("\ufeff")
        parsed = parse_facts_csv(text, name, self.registry, self.today)
        # File- and header-level problems; row problems come from _add_rows, which also
        # checks the rows against what is already stored.
        problems = [p for p in parsed.problems if p.row in (None, 1)]
        if any(
            p.row is None or p.field in ("id", "country", "partner", "event", "date")
            for p in problems
        ):
            return AddResult(problems=problems)
        reader = csv.DictReader(io.StringIO(text, newline=""))
        result = self._add_rows(
            list(enumerate(reader, start=2)), name, Origin(origin), refuse=bool(problems)
        )
        return AddResult(result.added, problems + result.problems)

    def export_csv(self) -> str:
        """The stored facts as a facts CSV (same columns as the curated dataset)."""
        from dashboard.facts import facts_to_csv

        return facts_to_csv(self.facts())

    def delete(self, fact_id: str) -> bool:
        """Remove a stored fact and its merged sources; False when no such stored fact."""
        with self._writing() as conn:
            gone = conn.execute(delete(facts_table).where(facts_table.c.id == fact_id)).rowcount
            if gone:
                conn.execute(
                    delete(fact_sources_table).where(fact_sources_table.c.fact_id == fact_id)
                )
        return bool(gone)

    def merge_source(self, existing_id: str, candidate: Fact, name: str = "merge") -> AddResult:
        """Keep `candidate`'s source on the existing fact instead of adding a duplicate.

        The candidate must say the same thing: same country, partner and event, and a date
        that overlaps within its precision. On success `added` is [existing_id].
        """
        checked = validate_rows([(1, _raw_row(candidate))], name, self.registry, self.today)
        if checked.problems:
            return AddResult(problems=checked.problems)
        with self._writing() as conn:
            existing = self._find(conn, existing_id)
            why = _merge_refusal(existing, candidate, self._known_urls(conn, existing))
            if why:
                return AddResult(problems=[Problem(name, 1, why[0], why[1])])
            conn.execute(
                insert(fact_sources_table).values(
                    fact_id=existing_id,
                    merged_from=candidate.id,
                    added_at=_now(),
                    **{k: candidate.as_row()[k] for k in _SOURCE_FIELDS},
                )
            )
        return AddResult(added=[existing_id])

    # -- internals -----------------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """One write transaction; on SQLite it holds the write lock from its first statement."""
        with self._write_engine.begin() as conn:
            yield conn

    def _create_schema(self) -> None:
        with self._writing() as conn:
            metadata.create_all(conn)
            version = _read_version(conn)
            if version is None:
                conn.execute(
                    insert(store_meta_table).values(key="schema_version", value=str(SCHEMA_VERSION))
                )
            elif version != SCHEMA_VERSION:
                raise StoreError(
                    f"the store at {self.url} has schema version {version}; "
                    f"this version of the dashboard reads version {SCHEMA_VERSION}"
                )

    def _add_rows(
        self,
        rows: list[tuple[int, dict[str, str | None]]],
        name: str,
        origin: Origin,
        refuse: bool = False,
    ) -> AddResult:
        added_at = _now()
        try:
            # Validation reads the store inside the write transaction, so no other writer
            # can add a conflicting fact between the check and the insert.
            with self._writing() as conn:
                existing = self.curated + self._conflicting(conn, [r for _, r in rows])
                result = validate_rows(rows, name, self.registry, self.today, existing=existing)
                if result.problems or refuse:
                    return AddResult(problems=result.problems)
                if result.facts:
                    conn.execute(
                        insert(facts_table), [_db_row(f, origin, added_at) for f in result.facts]
                    )
        except IntegrityError as err:  # only reachable on databases without the write lock
            reason = f"another writer stored a conflicting fact at the same time ({err.orig})"
            return AddResult(problems=[Problem(name, None, None, reason)])
        return AddResult(added=[f.id for f in result.facts])

    def _conflicting(self, conn: Connection, rows: Sequence[dict[str, str | None]]) -> list[Fact]:
        """Stored facts sharing an id or a key with `rows`: all that validation needs to see."""
        ids = sorted({(r.get("id") or "").strip() for r in rows})
        keys = sorted({_raw_key(r) for r in rows})
        c = facts_table.c
        found: dict[str, Fact] = {}
        for chunk in _chunks(ids, _CHUNK * 4):
            for row in conn.execute(select(facts_table).where(c.id.in_(chunk))).mappings():
                found[row["id"]] = _stored_fact(row).fact
        key_cols = tuple_(c.country, c.partner, c.event, c.date)
        for key_chunk in _chunks(keys, _CHUNK):
            query = select(facts_table).where(key_cols.in_(key_chunk))
            for row in conn.execute(query).mappings():
                found[row["id"]] = _stored_fact(row).fact
        return list(found.values())

    def _find(self, conn: Connection, fact_id: str) -> Fact | None:
        row = conn.execute(select(facts_table).where(facts_table.c.id == fact_id)).mappings()
        stored = row.first()
        if stored:
            return _stored_fact(stored).fact
        return next((f for f in self.curated if f.id == fact_id), None)

    def _known_urls(self, conn: Connection, fact: Fact | None) -> set[str]:
        if fact is None:
            return set()
        query = select(fact_sources_table.c.source_url).where(
            fact_sources_table.c.fact_id == fact.id
        )
        return {fact.source_url, *conn.execute(query).scalars()} - {""}


_SOURCE_FIELDS = (
    "summary",
    "source_url",
    "source_outlet",
    "source_title",
    "source_published",
    "quote",
)


def open_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL, full sync and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # The UI shares one store object between Streamlit's script threads; connections come
    # from the pool one thread at a time, so the sqlite3 same-thread check only gets in the way.
    engine = create_engine(parsed, connect_args={"check_same_thread": False})
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (the documented pysqlite recipe),
        # so writers can use BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # WAL: readers never block the writer and a killed writer leaves only an
        # uncommitted tail in the WAL, which is ignored on the next open.
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL (not NORMAL): with WAL, NORMAL already survives a killed process, but may
        # lose the last commits on power loss. Facts are written at human pace, so one
        # fsync per commit is cheap, and "saved" then means saved.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred transaction that reads and then writes fails with SQLITE_BUSY at once
        # (the busy timeout cannot help) when another writer committed in between; taking
        # the write lock at BEGIN makes concurrent writers queue instead.
        mode = conn.get_execution_options().get("sahel_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def combined_facts(curated: Iterable[Fact], stored: Iterable[StoredFact]) -> list[StoredFact]:
    """Curated and stored facts together, each labelled with its origin."""
    return [StoredFact(f, Origin.CURATED) for f in curated] + list(stored)


def combined_frame(curated: Iterable[Fact], stored: Iterable[StoredFact]) -> pd.DataFrame:
    """combined_facts() as a table: the CSV columns plus `origin` and `added_at`."""
    import pandas as pd

    rows = [
        {**s.fact.as_row(), "origin": s.origin.value, "added_at": s.added_at}
        for s in combined_facts(curated, stored)
    ]
    return pd.DataFrame(rows, columns=[*FACT_FIELDS, "origin", "added_at"])


def _merge_refusal(
    existing: Fact | None, candidate: Fact, known_urls: set[str]
) -> tuple[str | None, str] | None:
    if existing is None:
        return "id", "no curated or stored fact has this id to merge into"
    if (existing.country, existing.partner, existing.event) != (
        candidate.country,
        candidate.partner,
        candidate.event,
    ):
        return None, (f"not a duplicate of {existing.id}: country, partner or event differ")
    if existing.date and candidate.date and not existing.date.overlaps(candidate.date):
        return "date", f"not a duplicate of {existing.id}: {candidate.date} vs {existing.date}"
    if candidate.source_url and candidate.source_url in known_urls:
        return "source_url", f"{existing.id} already has this source"
    return None


def _stored_fact(row: RowMapping) -> StoredFact:
    values = {name: row[name] for name in FACT_FIELDS}
    return StoredFact(Fact.model_validate(values), Origin(row["origin"]), row["added_at"])


def _raw_row(fact: Fact) -> dict[str, str | None]:
    """The fact as a raw CSV row, the form validate_rows() checks."""
    return dict(fact.as_row())


def _db_row(fact: Fact, origin: Origin, added_at: str) -> dict[str, object]:
    row: dict[str, object] = {name: fact.as_row()[name] for name in _FACT_COLUMNS}
    row.update(troops=fact.troops, origin=origin.value, added_at=added_at)
    return row


def _raw_key(row: Mapping[str, str | None]) -> tuple[str, str, str, str]:
    # For any row that validates, the stripped text equals Fact.key() (dates keep their form).
    def text(name: str) -> str:
        return (row.get(name) or "").strip()

    return text("country"), text("partner"), text("event"), text("date")


def _read_version(conn: Connection) -> int | None:
    query = select(store_meta_table.c.value).where(store_meta_table.c.key == "schema_version")
    value = conn.execute(query).scalar_one_or_none()
    return int(value) if value is not None else None


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
