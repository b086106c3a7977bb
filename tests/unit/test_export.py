"""dashboard.export, dashboard.render and the export command: decoded images, not snapshots.

PNGs are opened with Pillow (size, colour variance, exact bloc colours inside the map box),
SVGs parsed with xml.etree, PDFs counted with pypdf. Chart tests drive the real Chromium
(CI installs it); the fallback tests point kaleido at a missing or hanging browser.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import logging
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard import export
from dashboard.cli import COMMAND_MODULES
from dashboard.dataset import Dataset, build_dataset, load_curated_dataset
from dashboard.export_command import build_views, month_range, output_path, register
from dashboard.models import Fact
from dashboard.render import RendererUnavailable, WarmRenderer, reset_renderer
from dashboard.style import BLOC_COLOURS, UNKNOWN_OUTLINE
from dashboard.view import Metric, View

MARCH_2024 = View(
    countries=("NER", "MLI", "BFA", "TCD"),
    as_of=dt.date(2024, 3, 1),
    start=dt.date(2022, 1, 1),
    end=dt.date(2024, 3, 1),
    metric=Metric.BLOC,
)
SLIDE_2X = (3840, 2160)


@pytest.fixture(scope="module")
def curated() -> Dataset:
    """The shipped facts, loaded once: in March 2024 Mali and Burkina Faso are Russia-led,
    Niger and Chad Western-led, and Chad has a partner of unknown strength."""
    return load_curated_dataset()


@pytest.fixture(scope="module")
def card_png(curated: Dataset) -> Image.Image:
    return Image.open(io.BytesIO(export.briefing_card(MARCH_2024, "png", curated))).convert("RGB")


@pytest.fixture(scope="module")
def card_svg(curated: Dataset) -> bytes:
    return export.briefing_card(MARCH_2024, "svg", curated)


def crop(image: Image.Image, box: tuple[float, float, float, float]) -> np.ndarray:
    """Pixels inside an axes box given as figure fractions (left, bottom, width, height)."""
    left, bottom, width, height = box
    w, h = image.size
    area = image.crop(
        (
            int(left * w),
            int((1 - bottom - height) * h),
            int((left + width) * w),
            int((1 - bottom) * h),
        )
    )
    return np.asarray(area)


def pixels_of(pixels: np.ndarray, hex_colour: str) -> int:
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return int(np.all(pixels == rgb, axis=-1).sum())


def svg_text(data: bytes) -> str:
    return " ".join(ET.fromstring(data).itertext())


# --- the card ---------------------------------------------------------------------------------


def test_card_png_is_exactly_a_2x_slide(card_png: Image.Image) -> None:
    assert card_png.size == SLIDE_2X


def test_card_png_is_not_blank(card_png: Image.Image) -> None:
    grey = np.asarray(card_png.convert("L"), dtype=float)
    assert grey.std() > 20
    assert len(card_png.getcolors(maxcolors=1_000_000) or []) > 500


def test_card_map_shows_the_legend_bloc_colours(card_png: Image.Image) -> None:
    area = crop(card_png, export.CARD_MAP_BOX)
    assert pixels_of(area, BLOC_COLOURS["russia"]) > 20_000  # Mali, Burkina Faso
    assert pixels_of(area, BLOC_COLOURS["western"]) > 20_000  # Niger, Chad
    assert pixels_of(area, BLOC_COLOURS["un"]) == 0  # no UN-led country in Mar 2024


def test_card_marks_unknown_strength_like_the_interactive_map(card_png: Image.Image) -> None:
    # Chad: France and the US with numbers, the UAE without -> dashed outline + hatching.
    # The outline alone gives about 8,500 such pixels at 2x; the hatching about 38,000 more.
    assert pixels_of(crop(card_png, export.CARD_MAP_BOX), UNKNOWN_OUTLINE) > 25_000


def test_card_svg_parses_and_is_16_by_9(card_svg: bytes) -> None:
    root = ET.fromstring(card_svg)
    assert root.tag.endswith("svg")
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert width / height == pytest.approx(16 / 9)


def test_card_svg_names_the_outlets_and_attribution(curated: Dataset, card_svg: bytes) -> None:
    text = svg_text(card_svg)
    line = export.source_line(export.outlets_for(curated, MARCH_2024, "card"))
    named = line.removeprefix("Sources: ").split("; ")[:3]
    assert named and all(outlet in text for outlet in named)
    assert export.ATTRIBUTION in text
    assert "As of end of March 2024" in text
    assert "withdrawal completed" in text  # the what-changed lines


def test_card_pdf_has_one_16_by_9_page(curated: Dataset) -> None:
    reader = PdfReader(io.BytesIO(export.briefing_card(MARCH_2024, "pdf", curated)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) / float(box.height) == pytest.approx(16 / 9)


def test_dollar_in_an_outlet_name_is_printed_not_parsed_as_math() -> None:
    dataset = build_dataset(
        [
            Fact(
                id="a",
                country="NER",
                partner="USA",
                event="presence",
                date="2024-02",
                troops=900,
                source_outlet="Cash$ Weekly $x$",
            ),
        ]
    )
    view = View(
        countries=("NER",),
        as_of=dt.date(2024, 3, 1),
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 3, 1),
    )
    assert "Cash$ Weekly $x$" in svg_text(export.briefing_card(view, "svg", dataset))


# --- the map ----------------------------------------------------------------------------------


def test_map_png_size_and_bloc_colours(curated: Dataset) -> None:
    image = Image.open(io.BytesIO(export.map_image(MARCH_2024, "png", curated))).convert("RGB")
    assert image.size == SLIDE_2X
    area = crop(image, export.MAP_BOX)
    assert pixels_of(area, BLOC_COLOURS["russia"]) > 20_000
    assert pixels_of(area, BLOC_COLOURS["western"]) > 20_000


def test_map_pdf_one_page_and_svg_names_outlets(curated: Dataset) -> None:
    assert len(PdfReader(io.BytesIO(export.map_image(MARCH_2024, "pdf", curated))).pages) == 1
    text = svg_text(export.map_image(MARCH_2024, "svg", curated))
    # RT reported the 1,000 US troops in Niger on 16 March 2024: a number on this map.
    assert "RT" in export.outlets_for(curated, MARCH_2024, "map")
    assert "RT" in text.split("Sources: ")[1]


# --- sources ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outlets", "expected"),
    [
        ([], "Sources: none in this view."),
        (["", None, "  "], "Sources: none in this view."),
        (["RT"], "Sources: RT."),
        (["RT", "Xinhua", "Xinhua"], "Sources: Xinhua; RT."),  # most facts first
        (["b", "C", "a  "], "Sources: a; b; C."),  # ties alphabetical; spaces trimmed
    ],
)
def test_source_line(outlets: list[str], expected: str) -> None:
    assert export.source_line(outlets) == expected


def test_source_line_keeps_within_length_and_counts_the_rest() -> None:
    line = export.source_line([f"Outlet number {i}" for i in range(40)], max_chars=120)
    assert len(line) <= 140
    assert line.endswith("more outlets.")
    shown = line.removeprefix("Sources: ").split("; and ")[0].split("; ")
    rest = int(line.split("; and ")[1].split()[0])
    assert len(shown) + rest == 40


def test_source_facts_are_the_facts_behind_the_numbers(curated: Dataset) -> None:
    facts = export.source_facts(curated, MARCH_2024, "map")
    assert set(facts["country"]) <= set(MARCH_2024.countries)
    assert set(facts["event"]) <= {"presence", "deployment", "drawdown", "withdrawal"}
    assert "ner-usa-presence-2024-03-16" in set(facts["id"])
    card = export.source_facts(curated, MARCH_2024, "card")
    assert set(facts["id"]) <= set(card["id"])
    assert "ner-fra-withdrawal-2023-12-22" in set(card["id"])  # named in "what changed"


# --- the chart: kaleido, and the fallback -----------------------------------------------------


def test_chart_png_via_chromium(curated: Dataset) -> None:
    renderer = WarmRenderer()
    try:
        data = export.chart_image(MARCH_2024, "png", curated, renderer=renderer)
        assert renderer.running  # drawn by the browser, not the fallback
    finally:
        renderer.close()
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.size == SLIDE_2X
    assert pixels_of(np.asarray(image), BLOC_COLOURS["un"]) > 10_000  # MINUSMA in the stack


@pytest.mark.timeout(60)
def test_missing_chromium_falls_back_to_matplotlib_with_a_message(
    curated: Dataset,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    reset_renderer()
    with caplog.at_level(logging.WARNING, logger="dashboard.export"):
        data = export.chart_image(MARCH_2024, "png", curated)
    reset_renderer()
    assert Image.open(io.BytesIO(data)).size == SLIDE_2X
    assert "Chromium not found at '/nonexistent/chromium'" in caplog.text
    assert "matplotlib" in caplog.text


@pytest.mark.timeout(60)
def test_hanging_chromium_times_out_and_falls_back(
    curated: Dataset,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    script = tmp_path / "chromium"
    script.write_text("#!/bin/sh\nsleep 600\n")
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(script))
    renderer = WarmRenderer(start_timeout=2)
    started = time.perf_counter()
    data = export.chart_image(MARCH_2024, "svg", curated, renderer=renderer)
    assert time.perf_counter() - started < 20
    ET.fromstring(data)
    with pytest.raises(RendererUnavailable, match="did not start within 2 s"):
        renderer.start()  # the failure is remembered: a batch does not wait again
    renderer.close()


def test_renderer_error_names_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent")
    with pytest.raises(RendererUnavailable, match="BROWSER_PATH"):
        WarmRenderer().start()


# --- names, formats and the command -----------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "what", "fmt", "expected"),
    [
        (MARCH_2024, "card", "png", "sahel-card-2024-03-ner-mli-bfa-tcd-bloc.png"),
        (View(as_of=dt.date(2023, 7, 1)), "map", "pdf", "sahel-map-2023-07-sahel-strength.pdf"),
    ],
)
def test_export_filename(view: View, what: str, fmt: str, expected: str) -> None:
    assert export.export_filename(view, what, fmt) == expected


def test_unknown_format_and_image_are_refused(curated: Dataset) -> None:
    with pytest.raises(ValueError, match="unknown format 'gif'"):
        export.map_image(MARCH_2024, "gif", curated)
    with pytest.raises(ValueError, match="unknown image 'poster'"):
        export.export_image(MARCH_2024, "poster", "png", curated)


def cli_args(**kwargs: str | None) -> argparse.Namespace:
    base = dict(
        view=None, countries=None, as_of=None, start=None, end=None, metric=None, every=None
    )
    return argparse.Namespace(**(base | kwargs))


def test_view_url_and_flags_build_the_same_view_as_the_app() -> None:
    url = "https://example.org/?countries=NER,MLI,BFA,TCD&as_of=2024-03&start=2022-01&metric=bloc"
    (view,) = build_views(cli_args(view=url, end="2024-03"), ["NER", "MLI", "BFA", "TCD"], [])
    assert view == MARCH_2024


def test_as_of_range_gives_one_view_per_month() -> None:
    views = build_views(
        cli_args(countries="NER", as_of="2023-11..2024-02", every="month"), ["NER"], []
    )
    assert [v.as_of for v in views] == month_range(dt.date(2023, 11, 1), dt.date(2024, 2, 1))
    assert {(v.start, v.end) for v in views} == {(dt.date(2023, 11, 1), dt.date(2024, 2, 1))}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(countries="NER,XXX"), "XXX"),
        (dict(as_of="2024-13"), "not a month"),
        (dict(as_of="2024-03..2023-01", every="month"), "backwards"),
        (dict(as_of="2023-01..2023-03"), "needs --every month"),
        (dict(every="month"), "needs an --as-of range"),
    ],
)
def test_bad_flags_are_reported_not_replaced(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_views(cli_args(**kwargs), ["NER"], [])


def test_output_path_pattern_directory_and_file(tmp_path: Path) -> None:
    assert (
        output_path(str(tmp_path / "card-{as_of}.png"), MARCH_2024, "card", "png", True)
        == tmp_path / "card-2024-03.png"
    )
    assert (
        output_path(str(tmp_path), MARCH_2024, "map", "svg", True)
        == tmp_path / "sahel-map-2024-03-ner-mli-bfa-tcd-bloc.svg"
    )
    assert (
        output_path(str(tmp_path / "x.pdf"), MARCH_2024, "card", "pdf", False) == tmp_path / "x.pdf"
    )


def cli_main(argv: list[str]) -> int:
    """Only the export subcommand: the router's other modules are not under test here."""
    parser = argparse.ArgumentParser(prog="sahel-dashboard")
    register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_router_lists_the_export_command() -> None:
    assert COMMAND_MODULES["export"] == "dashboard.export_command"


def test_export_command_writes_a_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main(
        [
            "export",
            "--countries",
            "NER,MLI",
            "--as-of",
            "2024-02..2024-03",
            "--every",
            "month",
            "--what",
            "map",
            "--out",
            str(tmp_path / "map-{as_of}.svg"),
        ]
    )
    assert code == 0
    for month in ("2024-02", "2024-03"):
        ET.fromstring((tmp_path / f"map-{month}.svg").read_bytes())
    assert "wrote" in capsys.readouterr().out


def test_export_command_exits_2_on_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["export", "--as-of", "March", "--out", os.devnull]) == 2
    assert "as_of" in capsys.readouterr().err
