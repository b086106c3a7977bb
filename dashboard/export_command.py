"""`sahel-dashboard export`: briefing images of a view from the command line.

    sahel-dashboard export --view "https://host/?countries=NER,MLI&as_of=2024-03" \\
        --what card --format png --out card.png
    sahel-dashboard export --countries NER,MLI,BFA,TCD --as-of 2022-01..2025-06 --every month \\
        --what card --out "out/card-{as_of}.png"

A range in --as-of writes one image per month, reusing one warm renderer. Bad values are
never silently replaced by defaults here: each one is reported and the command exits 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from dashboard.view import CORE_SAHEL, Metric, View, parse_query

if TYPE_CHECKING:
    from dashboard.dataset import Dataset

FLAG_KEYS = ("countries", "start", "end", "metric")
_RANGE = re.compile(r"^\s*(\d{4}-\d{2})\s*\.\.\s*(\d{4}-\d{2})\s*$")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from dashboard.export import FORMATS, WHATS

    cmd = subparsers.add_parser(
        "export",
        help="write a briefing image (card, map or chart) of a view",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    cmd.add_argument("--view", help="query string or full URL copied from the app")
    cmd.add_argument("--countries", help="ISO3 codes, comma-separated (e.g. NER,MLI)")
    cmd.add_argument("--as-of", dest="as_of", help="month (2024-03) or range (2022-01..2025-06)")
    cmd.add_argument("--start", help="first month of the chart/changes range (YYYY-MM)")
    cmd.add_argument("--end", help="last month of the chart range (YYYY-MM)")
    cmd.add_argument("--metric", choices=[m.value for m in Metric], help="map metric")
    cmd.add_argument("--what", choices=WHATS, default="card", help="which image (card)")
    cmd.add_argument(
        "--format", dest="fmt", choices=FORMATS, help="image format (from --out, else png)"
    )
    cmd.add_argument(
        "--out",
        help="file; for a range: a directory or a pattern with {as_of} (also {what}, {fmt})",
    )
    cmd.add_argument(
        "--every", choices=["month"], help="with an --as-of range: one image per month"
    )
    cmd.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from dashboard.dataset import load_curated_dataset
    from dashboard.export import export_image
    from dashboard.render import reset_renderer

    dataset = load_curated_dataset()
    try:
        fmt = output_format(args.fmt, args.out)
        views = build_views(args, dataset_countries(dataset), list(dataset.registry))
        batch = len(views) > 1 or bool(args.every)
        targets = [(v, output_path(args.out, v, args.what, fmt, batch)) for v in views]
    except ValueError as err:
        print(f"export: {err}", file=sys.stderr)
        return 2
    try:
        for month_view, path in targets:
            started = time.perf_counter()
            data = export_image(month_view, args.what, fmt, dataset)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            took = time.perf_counter() - started
            print(f"wrote {path} ({len(data):,} bytes, {took:.2f} s)")
    finally:
        reset_renderer()  # close the warm browser, if the chart opened one
    return 0


def dataset_countries(dataset: Dataset) -> list[str]:
    """Codes a view may name: the core Sahel plus every host country with facts."""
    return sorted(set(CORE_SAHEL) | {str(c) for c in dataset.facts["country"].dropna()})


def build_views(
    args: argparse.Namespace, known_countries: list[str], known_partners: list[str]
) -> list[View]:
    """The view from --view plus flags (flags win); one view per month for a range.

    Raises ValueError listing every rejected value.
    """
    params: dict[str, str] = {}
    if args.view:
        text = args.view.strip()
        query = urlsplit(text).query if "?" in text or "://" in text else text.lstrip("?")
        params.update(dict(parse_qsl(query, keep_blank_values=True)))
    for key in FLAG_KEYS:
        value = getattr(args, key, None)
        if value:
            params[key] = value
    months: list[dt.date] = []
    if args.as_of:
        found = _RANGE.match(args.as_of)
        if found:
            first, last = (_month(found[i], "--as-of", known_countries) for i in (1, 2))
            if first > last:
                raise ValueError(f"--as-of range {args.as_of!r} runs backwards")
            months = month_range(first, last)
            params.setdefault("start", f"{first:%Y-%m}")
            params.setdefault("end", f"{last:%Y-%m}")
            params["as_of"] = f"{first:%Y-%m}"
        else:
            params["as_of"] = args.as_of.strip()
    if args.every and len(months) < 1:
        raise ValueError("--every month needs an --as-of range like 2022-01..2025-06")
    if months and not args.every:
        raise ValueError("an --as-of range needs --every month")
    parsed = parse_query(params, known_countries=known_countries, known_partners=known_partners)
    if parsed.notices:
        raise ValueError("; ".join(parsed.notices))
    return [parsed.view.with_as_of(m) for m in months] if months else [parsed.view]


def _month(text: str, flag: str, known_countries: list[str]) -> dt.date:
    parsed = parse_query({"as_of": text}, known_countries=known_countries)
    if parsed.notices:
        raise ValueError(f"{flag}: " + "; ".join(parsed.notices))
    return parsed.view.as_of


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every month from `first` to `last`, inclusive."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = dt.date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def output_format(fmt: str | None, out: str | None) -> str:
    """--format, else the suffix of --out when it is an image format, else png."""
    if fmt:
        return fmt
    suffix = Path(out).suffix.lower().lstrip(".") if out else ""
    return suffix if suffix in ("png", "svg", "pdf") else "png"


def output_path(out: str | None, view: View, what: str, fmt: str, batch: bool) -> Path:
    """Where one image goes: a {as_of} pattern, a directory, or a file."""
    from dashboard.export import export_filename

    default = export_filename(view, what, fmt)
    if not out:
        return Path(default)
    if "{" in out:
        try:
            return Path(out.format(as_of=f"{view.as_of:%Y-%m}", what=what, fmt=fmt))
        except (KeyError, IndexError, ValueError) as err:
            raise ValueError(
                f"--out pattern {out!r}: use only {{as_of}}, {{what}} and {{fmt}} ({err})"
            ) from None
    path = Path(out)
    if batch or path.is_dir() or out.endswith(("/", "\\")):
        return path / default
    return path
