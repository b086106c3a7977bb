"""The app runs end to end in AppTest: every page, filters, URL parameters."""

import json

import pytest

PAGES = ["ui/pages/map.py", "ui/pages/facts.py", "ui/pages/review.py", "ui/pages/method.py"]


def run(app, **params):
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def map_args(app) -> dict:
    """The arguments streamlit-folium sends to the browser (links, Leaflet script)."""
    return json.loads(app.get("component_instance")[0].proto.json_args)


def test_map_page_is_the_default_and_renders_the_map(app):
    run(app)
    assert app.title[0].value.startswith("Foreign security partners in the Sahel")
    assert "streamlit_folium" in app.get("component_instance")[0].proto.component_name


def test_map_component_loads_only_local_assets(app):
    args = map_args(run(app))
    links = args["js_links"] + args["css_links"]
    assert links, "the map must load Leaflet"
    assert all(link.startswith("/app/static/") for link in links), links


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(app, page):
    run(app)
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title, f"{page} shows no title"


def test_as_of_change_changes_the_map(app):
    run(app, countries="NER", as_of="2023-06")
    before = map_args(app)
    app.select_slider(key="as_of").set_value(__import__("datetime").date(2024, 9, 1)).run()
    assert not app.exception
    after = map_args(app)
    # The month's layers change; the base map stays, so the browser keeps it and its zoom.
    assert before["feature_group"] != after["feature_group"]
    assert before["script"] == after["script"]
    assert "September 2024" in app.title[0].value


def test_query_params_are_parsed_into_the_widgets(app):
    run(app, countries="NER,MLI", as_of="2024-03", metric="bloc", start="2020-01", end="2025-06")
    assert app.multiselect(key="countries").value == ["NER", "MLI"]
    assert app.selectbox(key="metric").value == "bloc"
    assert "March 2024" in app.title[0].value
    assert app.query_params["as_of"] in ("2024-03", ["2024-03"])


def test_hostile_query_values_fall_back_with_a_notice(app):
    run(app, countries="NER,<script>alert(1)</script>", as_of="2024-02-30", metric="evil")
    notices = " ".join(w.value for w in app.warning)
    assert "countries" in notices and "as_of" in notices and "metric" in notices
    assert app.multiselect(key="countries").value == ["NER"]
    assert "<script>" not in app.title[0].value


def test_filter_change_is_written_back_to_the_url(app):
    run(app)
    app.multiselect(key="countries").set_value(["TCD"]).run()
    assert app.query_params["countries"] in ("TCD", ["TCD"])


def test_facts_page_lists_the_filtered_facts(app):
    run(app, countries="NER", start="2024-03", end="2024-03")
    app.switch_page("ui/pages/facts.py").run()
    table = app.dataframe[0].value
    assert set(table["country"]) == {"NER"}
    assert "ner-usa-agreement_ended-2024-03-16" in set(table["id"])
    assert table["date"].dropna().str.startswith("2024-03").all() or table["date"].eq("").any()


def test_method_page_shows_the_presence_rule(app):
    run(app)
    app.switch_page("ui/pages/method.py").run()
    text = " ".join(m.value for m in app.markdown)
    assert "Unknown strength is never zero" in text


def test_facts_behind_the_numbers_name_their_sources(app):
    run(app, countries="NER", as_of="2024-03")
    assert not app.dataframe, "the supporting table is opt-in"
    app.toggle(key="show_support").set_value(True).run()
    table = app.dataframe[0].value.set_index("partner")
    assert table.loc["USA", "troops"] == 1000
    assert table.loc["USA", "source_url"].startswith("https://")
    assert "FRA" not in table.index
