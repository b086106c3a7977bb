"""`sahel-dashboard store ...`: export, import and count the user fact store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.store import ENV_PATH, ENV_URL, FactStore, store_url_from, url_or_path

_STORE_HELP = (
    f"SQLAlchemy URL or SQLite file path of the store "
    f"(default: ${ENV_URL}, then ${ENV_PATH}, then .streamlit/secrets.toml's [store], "
    f"then var/facts.sqlite)"
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    store = subparsers.add_parser("store", help="export, import or count the user fact store")
    store.add_argument("--store", dest="store_url", metavar="URL", default=None, help=_STORE_HELP)
    store.set_defaults(handler=lambda _args: _usage(store))
    # --store is accepted after the action too; SUPPRESS keeps an earlier value.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store", dest="store_url", metavar="URL", default=argparse.SUPPRESS, help=_STORE_HELP
    )
    actions = store.add_subparsers(metavar="ACTION")

    export = actions.add_parser("export", parents=[common], help="write the stored facts as CSV")
    export.add_argument("--out", type=Path, required=True, help="CSV file to write ('-': stdout)")
    export.set_defaults(handler=run_export)

    load = actions.add_parser(
        "import", parents=[common], help="add the facts of a CSV file; all rows or none"
    )
    load.add_argument("path", type=Path, help="facts CSV (the export format)")
    load.set_defaults(handler=run_import)

    count = actions.add_parser("count", parents=[common], help="print how many facts are stored")
    count.set_defaults(handler=run_count)


def open_store(args: argparse.Namespace) -> FactStore:
    url = url_or_path(args.store_url) if args.store_url else store_url_from(_secrets())
    return FactStore.open(url)


def run_export(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        text = store.export_csv()
        total = store.count()
        where = store.url
    if str(args.out) == "-":
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    print(f"exported {total} fact(s) from {where} to {args.out}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    try:
        text = args.path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        print(f"{args.path}: cannot read the file: {err}", file=sys.stderr)
        return 1
    with open_store(args) as store:
        result = store.import_csv(text, args.path.name)
        where = store.url
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if not result.ok:
        print(f"{args.path}: {len(result.problems)} problem(s); nothing imported", file=sys.stderr)
        return 1
    print(f"imported {len(result.added)} fact(s) from {args.path} into {where}")
    return 0


def run_count(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        print(store.count())
    return 0


def _secrets() -> dict[str, object]:
    """The [store] settings of .streamlit/secrets.toml, read without importing Streamlit."""
    import tomllib

    from dashboard.paths import REPO_ROOT

    path = REPO_ROOT / ".streamlit" / "secrets.toml"
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as err:  # never fall back to another store silently
        raise SystemExit(f"{path}: cannot read the store settings: {err}") from None


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2
