"""The dashboard in real headless Chromium: renders offline, reacts, deep links, 0 outside requests."""

from __future__ import annotations

import re

from driver import browser_session, map_frame

# Classes from dashboard.style: Niger's known strength falls from ~2,950 (2,500–5,000 class)
# at the end of Nov 2023 to ~1,450 (1,000–2,500 class) once France has left in Dec 2023.
NOV_2023_CLASS = "#E6550D"
DEC_2023_CLASS = "#FD8D3C"
WESTERN, RUSSIA = "#0072B2", "#D55E00"


def fill_of(frame, iso3: str) -> str:
    """The class colour of a country, also when it is hatched ("url(#sahel-hatch-E6550D)")."""
    fill = frame.locator(f"path.country-{iso3}").first.get_attribute("fill")
    match = re.fullmatch(r"url\(#sahel-hatch-([0-9A-F]{6})\)", fill)
    return f"#{match[1]}" if match else fill


def test_default_view_renders_map_legend_and_chart_offline(app_url, artifacts):
    with browser_session() as s:
        s.page.goto(app_url)
        frame = map_frame(s.page)
        assert frame.locator("path.leaflet-interactive").count() >= 22
        assert "Known foreign strength present" in frame.locator(".sahel-legend").inner_text()
        # Chad hosts the UAE at unknown strength: hatched and outlined, never drawn as zero.
        chad = frame.locator("path.country-TCD").first
        pattern = chad.get_attribute("fill")
        assert pattern.startswith("url(#sahel-hatch-") and "unknown" in chad.get_attribute("class")
        assert frame.locator(pattern[4:-1]).count() == 1  # the pattern it points to exists
        s.page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
        s.page.wait_for_timeout(1500)
        s.page.screenshot(path=str(artifacts / "default_view.png"), full_page=True)
        assert s.external_requests == [], s.external_requests
        assert any(u.endswith("/app/static/vendor/leaflet/leaflet.js") for u in s.requests)


def test_as_of_step_changes_the_fill_of_niger(app_url):
    with browser_session() as s:
        s.page.goto(f"{app_url}/?countries=NER&as_of=2023-11")
        frame = map_frame(s.page)
        assert fill_of(frame, "NER") == NOV_2023_CLASS
        s.page.get_by_role("button", name="▶").click()
        s.page.wait_for_function(
            "() => document.querySelector('h1') && document.querySelector('h1')"
            ".innerText.includes('December 2023')",
            timeout=30_000,
        )
        frame = map_frame(s.page)
        s.page.wait_for_function(
            "(c) => [...document.querySelectorAll('iframe')].some(f => "
            "f.contentDocument?.querySelector('path.country-NER')?.getAttribute('fill')"
            "?.toUpperCase().includes(c))",
            arg=DEC_2023_CLASS[1:],
            timeout=30_000,
        )
        assert fill_of(map_frame(s.page), "NER") == DEC_2023_CLASS
        assert "as_of=2023-12" in s.page.url
        assert s.external_requests == []


def test_deep_link_reproduces_the_view(app_url, artifacts):
    link = f"{app_url}/?countries=NER%2CMLI&as_of=2024-03&metric=bloc"
    with browser_session() as s:
        s.page.goto(link)
        frame = map_frame(s.page)
        assert fill_of(frame, "NER") == WESTERN
        assert fill_of(frame, "MLI") == RUSSIA
        assert "March 2024" in s.page.locator("h1").first.inner_text()
        assert "Dominant bloc" in frame.locator(".sahel-legend").inner_text()
        assert re.search(r"countries=NER%2CMLI|countries=NER,MLI", s.page.url)
        s.page.screenshot(path=str(artifacts / "deep_link_bloc.png"), full_page=True)
        assert s.external_requests == []


def test_hostile_link_shows_a_notice_not_a_traceback(app_url):
    with browser_session() as s:
        s.page.goto(f"{app_url}/?countries=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&as_of=2024-99")
        map_frame(s.page)
        body = s.page.locator("section[data-testid='stSidebar']").inner_text()
        assert "Link ignored a value" in body
        assert "Traceback" not in s.page.content()
        assert s.external_requests == []


def test_niger_march_2024_tooltip_has_the_us_at_1000_and_no_france(app_url):
    with browser_session() as s:
        s.page.goto(f"{app_url}/?countries=NER&as_of=2024-03")
        frame = map_frame(s.page)
        frame.locator("path.country-NER").first.hover(force=True)
        tooltip = frame.locator(".leaflet-tooltip")
        tooltip.wait_for(timeout=10_000)
        text = tooltip.inner_text()
        assert "United States 1,000" in text
        assert "France" not in text


def test_briefing_card_download_is_a_slide_sized_png(app_url, tmp_path):
    from PIL import Image

    with browser_session() as s:
        s.page.goto(f"{app_url}/?countries=NER%2CMLI%2CBFA%2CTCD&as_of=2024-03&metric=bloc")
        map_frame(s.page)
        with s.page.expect_download(timeout=60_000) as download:
            s.page.get_by_role("button", name="Briefing card").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert path.suffix == ".png"
        with Image.open(path) as image:
            assert image.size == (3840, 2160)
        assert s.external_requests == []


def test_play_steps_the_map_month_by_month(app_url):
    with browser_session() as s:
        s.page.goto(f"{app_url}/?countries=NER&as_of=2023-10")
        map_frame(s.page)
        s.page.get_by_text("Play", exact=True).click()
        s.page.wait_for_function(
            "() => document.querySelector('h1')?.innerText.includes('December 2023')",
            timeout=30_000,
        )
        s.page.get_by_text("Play", exact=True).click()  # stop
        assert s.external_requests == []
