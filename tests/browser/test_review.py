"""Ingestion in the browser: paste the seed article, accept two candidates, find them again."""

from __future__ import annotations

import re
from pathlib import Path

from driver import browser_session, map_frame

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed_rt_2024-03-27.txt"
ROW_HEIGHT = 35  # Streamlit's data grid: header and rows are 35 px high


def grid_cells(page, column: int) -> list[str]:
    """Texts of one column of the first data grid, read from its accessible mirror table."""
    page.locator(f"[data-testid='stDataFrame'] #glide-cell-{column}-0").first.wait_for(
        state="attached", timeout=30_000
    )
    cells = page.locator(f"[data-testid='stDataFrame'] [id^='glide-cell-{column}-']")
    return [cells.nth(i).inner_text() for i in range(cells.count())]


def set_action(page, row_index: int, action: str) -> None:
    """Open the 'action' cell editor of a row (0-based) and pick a value."""
    locator = page.locator("[data-testid='stDataFrame']").first
    locator.scroll_into_view_if_needed()
    grid = locator.bounding_box()
    page.mouse.dblclick(grid["x"] + 80, grid["y"] + ROW_HEIGHT * (row_index + 1) + 17)
    page.locator("[role='option']").filter(has_text=re.compile(f"^{action}$")).first.click()
    page.locator("[role='option']").first.wait_for(state="detached")
    # The edit reruns the app; wait until the grid shows the new value again.
    page.wait_for_function(
        "([id, v]) => document.getElementById(id)?.innerText === v",
        arg=[f"glide-cell-1-{row_index}", action],
        timeout=30_000,
    )
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30_000)


def test_paste_seed_accept_two_and_see_them_on_map_and_table(app_url, artifacts):
    with browser_session(1600, 1400) as s:
        page = s.page
        page.goto(f"{app_url}/review?countries=NER")
        page.get_by_label("Article text").fill(SEED.read_text(encoding="utf-8"))
        page.get_by_label("Article text").blur()
        page.get_by_role("button", name="Extract candidate facts").click()
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
        assert (
            "27 March 2024"
            in page.locator("[data-testid='stCaptionContainer']").all_inner_texts()[-1]
        )
        actions = grid_cells(page, 1)
        accepted = [i for i, a in enumerate(actions) if a == "accept"]
        assert len(accepted) >= 2, actions
        for extra in accepted[2:]:
            set_action(page, extra, "reject")
        assert grid_cells(page, 1).count("accept") == 2
        summaries = [grid_cells(page, 7)[i] for i in accepted[:2]]
        merges = grid_cells(page, 1).count(
            "merge"
        )  # duplicates of curated facts: keep both sources
        page.get_by_role("button", name="Save accepted and merged rows").click()
        page.get_by_text(f"Saved 2 new fact(s) and merged {merges} source(s)").wait_for(
            timeout=30_000
        )
        page.screenshot(path=str(artifacts / "review_saved.png"), full_page=True)

        page.get_by_role("link", name="Facts").click()
        page.get_by_role("heading", name="Facts").wait_for()
        page.locator("[data-testid='stDataFrame']").first.wait_for()
        table_summaries = grid_cells(page, 5)
        origins = grid_cells(page, 8)
        for summary in summaries:
            assert summary in table_summaries
            assert origins[table_summaries.index(summary)] == "user"

        page.get_by_role("link", name="Map").click()
        frame = map_frame(page)
        frame.locator("path.country-NER").first.click(force=True)
        popup = frame.locator(".leaflet-popup-content")
        popup.wait_for(timeout=10_000)
        text = popup.inner_text()
        for summary in summaries:
            assert summary in text
        assert text.count("[user-added]") >= 2
        page.screenshot(path=str(artifacts / "map_user_facts.png"))
        assert s.external_requests == []
