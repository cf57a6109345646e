"""CSV import in a real browser: a person uploads a 60-row file of deals from the board's toolbar,
sends Amount to an existing column instead of a new one and answers the date question (day
first), starts the import, watches the progress bar fill, and finds the deals on the board.

The live server shares the session's app: without Redis the import runs in a thread of the live
server; with REDIS_URL set (CI) the job waits in Redis, so the test sees it queued, then runs a
burst worker (`settle`, tests/factories.py), as the automation tests do."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, wait_until_processed

STAGES = ("Won", "Lost", "Open")
DEALS = "Name,Stage,Amount,Close date\n" + "".join(
    f"Deal {n},{STAGES[n % 3]},{n * 250},{n % 12 + 1:02}/{n % 9 + 1:02}/2024\n" for n in range(1, 61))


@pytest.fixture
def crm(make_api, settle):
    """A Deals board with a number column "Deal value" (key "value"); earlier tests' jobs emptied."""
    api = make_api(email="importer@example.com", name="Ivy Importer")
    workspace = api.ok("POST", "/workspaces", {"name": "Sales"})
    board = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Deal value", "type": "number", "key": "value"})
    return {"api": api, "board": board}


def test_upload_map_import_and_see_the_deals_on_the_board(page, live_server, login, crm, screenshot, settle, app,
                                                         monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "IMPORT_BATCH_ROWS", 20)  # three batches: the bar moves on the way
    board_id = crm["board"]["id"]
    csv_file = tmp_path / "deals.csv"
    csv_file.write_text(DEALS, encoding="utf-8")
    login("importer@example.com", PASSWORD)

    page.goto(f"{live_server}/boards/{board_id}")
    page.click("[data-import-link]")
    page.wait_for_url(f"{live_server}/boards/{board_id}/import")
    page.set_input_files("[data-import-file]", str(csv_file))
    page.click("[data-upload]")
    page.wait_for_url(re.compile(r".*/imports/\d+$"))
    summary = page.locator("[data-import-summary]")
    expect(summary).to_contain_text("deals.csv · 60 rows · UTF-8 · comma · header on row 1")
    expect(page.locator(".preview-table tbody tr")).to_have_count(20)

    # The suggestion: Name → item name, Stage → a new Status column, Amount → a new Number column,
    # Close date → a new Date column with a question (11/02/2024 reads either way).
    amount = page.locator(".map-row[data-header='Amount']")
    expect(amount.locator("[data-target-select]")).to_have_value("new_column")
    expect(amount.locator("[data-type-select]")).to_have_value("number")
    stage = page.locator(".map-row[data-header='Stage']")
    expect(stage.locator("[data-type-select]")).to_have_value("status")
    expect(stage.locator(".label-chip")).to_have_text(list(STAGES[1:] + STAGES[:1]))
    close = page.locator(".map-row[data-header='Close date']")
    expect(close.locator("[data-question='date_format']")).to_contain_text("month first or day first?")

    # Amount goes to the existing "Deal value" column instead: the row comes back without the new
    # column's title and type (htmx), its decimal format stays.
    amount.locator("[data-target-select]").select_option(label="Deal value (Number)")
    expect(amount.locator("[data-type-select]")).to_have_count(0)
    expect(amount.locator("[data-format='decimal']")).to_be_visible()
    wait_until_processed(amount)
    # The dates are day first.
    close.locator("[data-format='date_format']").select_option("DD/MM/YYYY")
    # Changing Stage's type swaps its format and settings in place; back to Status for the import.
    stage.locator("[data-type-select]").select_option("date")
    expect(stage.locator("[data-format='date_format']")).to_be_visible()
    expect(stage.locator(".label-chip")).to_have_count(0)
    wait_until_processed(stage)
    stage.locator("[data-type-select]").select_option("status")
    expect(stage.locator(".label-chip")).to_have_count(3)
    wait_until_processed(stage)
    screenshot("import_mapping")

    page.click("[data-start-import]")
    page.wait_for_url(re.compile(r".*/imports/\d+/progress$"))
    bar = page.locator("[data-progress]")
    expect(bar).to_have_attribute("max", "60")
    if app.config.get("REDIS_URL"):  # queued until a worker takes it
        expect(page.locator("[data-progress-text]")).to_contain_text("0 of 60 rows")
        expect(page.locator("[data-cancel]")).to_be_visible()
        screenshot("import_progress")
        settle()
    # The fragment polls itself (every 1 s) until the import has ended.
    expect(bar).to_have_attribute("value", "60", timeout=20_000)
    expect(page.locator("[data-progress-text]")).to_contain_text("60 of 60 rows")
    expect(page.locator("#import-progress")).to_have_attribute("data-status", "succeeded")
    expect(page.locator("[data-count='created']")).to_have_text("60")
    expect(page.locator("[data-count='failed']")).to_have_text("0")
    expect(page.locator("[data-undo]")).to_be_visible()
    screenshot("import_done")

    page.click("[data-open-board]")
    page.wait_for_url(f"{live_server}/boards/{board_id}")
    row = page.locator("tr.item-row", has_text="Deal 10")
    expect(row).to_have_count(1)
    expect(row.locator("td.cell[data-column-key='value']")).to_have_text("2,500")
    expect(row.locator("span.pill")).to_have_text("Lost")
    expect(row.locator("time.cell-date")).to_have_attribute("datetime", "2024-02-11")  # 11/02/2024, day first
    screenshot("import_board")

    # Every deal, with its values, as the API reads them.
    listed = crm["api"].ok("GET", f"/boards/{board_id}/items?limit=100")["items"]
    items = {item["name"]: item["values"] for item in listed}
    assert len(items) == 60
    columns = {c["title"]: c["key"] for c in crm["api"].ok("GET", f"/boards/{board_id}")["columns"]}
    assert set(columns) == {"Deal value", "Stage", "Close date"}  # no "Amount" column was made
    assert items["Deal 10"] == {"value": 2500, columns["Stage"]: "Lost", columns["Close date"]: "2024-02-11"}
    assert items["Deal 3"] == {"value": 750, columns["Stage"]: "Won", columns["Close date"]: "2024-04-04"}


def test_a_dry_run_then_import_now_then_undo(page, live_server, login, crm, screenshot, settle, tmp_path):
    board_id = crm["board"]["id"]
    csv_file = tmp_path / "leads.csv"
    csv_file.write_text("Name,Deal value\nAcme,1200\nGlobex,oops\nInitech,800\n", encoding="utf-8")
    login("importer@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board_id}/import")
    page.set_input_files("[data-import-file]", str(csv_file))
    page.click("[data-upload]")
    page.wait_for_url(re.compile(r".*/imports/\d+$"))
    expect(page.locator(".map-row[data-header='Deal value'] [data-target-select]")).to_have_value("column:value")
    page.fill("[data-save-mapping]", "Leads sheet")
    page.click("[data-dry-run]")
    settle()
    expect(page.locator("#import-progress")).to_have_attribute("data-status", "succeeded", timeout=20_000)
    expect(page.locator(".progress-title")).to_have_text("Dry run done: nothing was written")
    expect(page.locator("[data-count='created']")).to_have_text("2")
    expect(page.locator("[data-count='failed']")).to_have_text("1")
    expect(page.locator("[data-errors-csv]")).to_have_attribute("href", re.compile(r"/api/v1/imports/\d+/errors.csv"))
    expect(page.locator("input[name=save_mapping_as]")).to_have_value("Leads sheet")
    screenshot("import_dry_run")

    page.click("[data-import-now]")
    page.wait_for_url(re.compile(r".*/imports/\d+/progress$"))
    settle()
    expect(page.locator("#import-progress")).to_have_attribute("data-status", "succeeded", timeout=20_000)
    expect(page.locator("[data-count='created']")).to_have_text("2")
    assert len(crm["api"].ok("GET", f"/boards/{board_id}/items")["items"]) == 2

    page.once("dialog", lambda dialog: dialog.accept())  # hx-confirm asks first
    page.click("[data-undo]")
    expect(page.locator("[data-undone]")).to_contain_text("Undone: 2 items moved to the trash")
    expect(page.locator("[data-undo]")).to_have_count(0)
    expect(page.locator(".progress-title")).to_have_text("Import undone")
    screenshot("import_undone")
    page.goto(f"{live_server}/boards/{board_id}/import")  # the board's recent imports
    expect(page.locator("[data-recent-imports] tbody tr")).to_have_count(1)
    expect(page.locator("[data-recent-imports] .import-status")).to_have_text("Imported · undone")
    screenshot("import_upload")
    assert crm["api"].ok("GET", f"/boards/{board_id}/items")["items"] == []
    assert [m["name"] for m in crm["api"].ok("GET", f"/boards/{board_id}/import-mappings")] == ["Leads sheet"]
