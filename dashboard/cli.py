"""`sahel-dashboard` command line: one subcommand per job.

Feature packages add their own subcommands through a `register(subparsers)` function, listed
in COMMAND_MODULES, so this file stays a small router and heavy imports stay lazy.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.paths import FACTS_CSV, PACKAGE_DIR

# Subcommand -> the module whose `register(subparsers)` adds it. Only the module of the
# command being run is imported (they pull in dateparser, SQLAlchemy, matplotlib …), so
# `sahel-dashboard run` starts the server without paying for the others.
COMMAND_MODULES = {
    "extract": "dashboard.extraction.command",
    "score": "dashboard.extraction.command",
    "store": "dashboard.store_command",
    "export": "dashboard.export_command",
    "bench": "dashboard.bench",
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    return int(args.handler(args) or 0)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser; with `argv`, feature commands are loaded only when `argv` names one
    (help and unknown commands load them all, so they are listed)."""
    parser = argparse.ArgumentParser(prog="sahel-dashboard", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(metavar="COMMAND")

    validate = sub.add_parser("validate", help="check a facts CSV; exit 1 on any problem")
    validate.add_argument("path", nargs="?", type=Path, default=FACTS_CSV)
    validate.set_defaults(handler=run_validate)

    run = sub.add_parser("run", help="serve the dashboard (streamlit run)")
    run.add_argument("--port", type=int, default=8501)
    run.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="passed to streamlit")
    run.set_defaults(handler=run_app)

    command = next((a for a in argv if not a.startswith("-")), None)
    if command in ("validate", "run"):
        return parser
    wanted = [COMMAND_MODULES[command]] if command in COMMAND_MODULES else COMMAND_MODULES.values()
    for module_name in dict.fromkeys(wanted):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name != module_name:
                raise
            continue
        module.register(sub)
    return parser


def run_validate(args: argparse.Namespace) -> int:
    from dashboard.facts import load_facts

    result = load_facts(args.path)
    for problem in result.problems:
        print(problem)
    status = "OK" if result.ok else f"{len(result.problems)} problem(s)"
    print(f"{args.path}: {len(result.facts)} valid fact(s); {status}")
    return 0 if result.ok else 1


def run_app(args: argparse.Namespace) -> int:
    """Serve the app from the repository root so .streamlit/config.toml applies."""
    from dashboard.assets import install_static_assets

    install_static_assets()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PACKAGE_DIR / "app.py"),
        "--server.port",
        str(args.port),
        *args.streamlit_args,
    ]
    return subprocess.call(cmd, cwd=PACKAGE_DIR.parent, env=os.environ.copy())


if __name__ == "__main__":
    raise SystemExit(main())
