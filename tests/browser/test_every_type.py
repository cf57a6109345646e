"""In a real browser: create a board from the sidebar, edit a cell of every writable column type with
that type's own editor, and reorder groups by dragging their handles."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Locator, Page, expect

from fields import column_types
from tests.browser.conftest import PASSWORD
from tests.browser.test_design import board_reloads, drag
from tests.fields.cases import BOARD_BOUND, CASES


def test_create_a_board_from_the_sidebar(page: Page, live_server, login, make_api):
    api = make_api(email="creator@example.com")
    workspace = api.ok("POST", "/workspaces", {"name": "Sales"})
    first = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    login("creator@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{first['id']}")

    actions = page.locator(f"aside.sidebar .workspace-actions[data-workspace-id='{workspace['id']}']")
    actions.locator("summary", has_text="New board").click()
    form = actions.locator("form", has=page.locator("input[name=name][placeholder]"))
    form.locator("input[name=name]").fill("Partners")
    form.get_by_role("button", name="Create").click()

    page.wait_for_url(re.compile(rf"^{re.escape(live_server)}/boards/(?!{first['id']}$)\d+$"))
    boards = api.ok("GET", f"/workspaces/{workspace['id']}/boards")
    created = next(b for b in boards if b["name"] == "Partners")
    assert page.url == f"{live_server}/boards/{created['id']}"
    assert sorted(b["name"] for b in boards) == ["Deals", "Partners"]
    expect(page.locator("aside.sidebar a.active")).to_have_text("Partners")


# -- every writable type ----------------------------------------------------------------------
# Each driver gets the cell (with its editor open) and the test's context; it enters a value with
# the type's own controls, saves it as a person would, and returns the value the API should hold.
Driver = Callable[[Locator, dict[str, Any]], Any]


def _type_and_enter(selector: str, text: str, expected: Any) -> Driver:
    def drive(cell: Locator, _ctx: dict[str, Any]) -> Any:
        field = cell.locator(selector)
        field.fill(text)
        field.press("Enter")
        return expected
    return drive


def _long_text(cell: Locator, _ctx: dict[str, Any]) -> Any:
    field = cell.locator("textarea[name=text]")
    field.fill("First line\nSecond line")
    field.press("Control+Enter")
    return "First line\nSecond line"


def _status(cell: Locator, _ctx: dict[str, Any]) -> Any:
    cell.locator(".pill-choice", has_text=re.compile("^Won$")).click()
    return "Won"


def _dropdown(cell: Locator, _ctx: dict[str, Any]) -> Any:
    cell.locator("input[data-item][value='Red']").check()
    cell.locator("input[data-item][value='Blue']").check()
    cell.locator("button.cell-save").click()
    return ["Red", "Blue"]


def _tags(cell: Locator, _ctx: dict[str, Any]) -> Any:
    field = cell.locator("input[data-item-text]")
    field.fill("vip, lead")
    field.press("Enter")
    return ["vip", "lead"]


def _checkbox(cell: Locator, _ctx: dict[str, Any]) -> Any:
    cell.locator("input[type=checkbox][data-bool]").check()  # saves on change
    return True


def _rating(cell: Locator, _ctx: dict[str, Any]) -> Any:
    cell.get_by_role("button", name="4 of 5").click()
    return 4


def _timeline(cell: Locator, _ctx: dict[str, Any]) -> Any:
    cell.locator("input[data-key=from]").fill("2024-01-01")
    cell.locator("input[data-key=to]").fill("2024-02-01")
    cell.locator("button.cell-save").click()
    return {"from": "2024-01-01", "to": "2024-02-01"}


def _people(cell: Locator, ctx: dict[str, Any]) -> Any:
    cell.locator("input[data-filter-list]").fill("Pat")
    cell.locator(f"input[data-item][value='{ctx['user_id']}']").check()
    cell.locator("button.cell-save").click()
    return [ctx["user_id"]]


def _link(cell: Locator, _ctx: dict[str, Any]) -> Any:
    cell.locator("input[data-key=url]").fill("https://example.com/docs")
    cell.locator("input[data-key=text]").fill("Docs")
    cell.locator("input[data-key=text]").press("Enter")
    return {"url": "https://example.com/docs", "text": "Docs"}


def _country(cell: Locator, _ctx: dict[str, Any]) -> Any:
    select = cell.locator("select[name=json]")
    select.select_option(value='"TW"')  # the option's value is the JSON of the code
    expect(select.locator("option:checked")).to_contain_text("Taiwan")
    cell.locator("button.cell-save").click()
    return "TW"


def _location(cell: Locator, _ctx: dict[str, Any]) -> Any:
    cell.locator("input[data-key=address]").fill("Taipei 101")
    cell.locator("input[data-key=lat]").fill("25.0339")
    cell.locator("input[data-key=lng]").fill("121.5645")
    cell.locator("input[data-key=lng]").press("Enter")
    return {"lat": 25.0339, "lng": 121.5645, "address": "Taipei 101"}


def _connect_boards(cell: Locator, ctx: dict[str, Any]) -> Any:
    search = cell.locator("input[data-link-search]")
    search.press_sequentially("ini")
    expect(cell.locator(".link-results")).to_have_attribute("data-q", "ini")
    search.press("Enter")  # adds the first match; the picker stays open for more
    expect(cell.locator(".linked-list .chip-linked")).to_have_text("Initech")
    cell.locator("input[data-link-search]").press("Escape")
    return [ctx["linked_item_id"]]


DRIVERS: dict[str, Driver] = {
    "text": _type_and_enter("input[name=text]", "Acme Corporation", "Acme Corporation"),
    "long_text": _long_text,
    "number": _type_and_enter("input[name=text]", "1,234.5", 1234.5),
    "status": _status,
    "dropdown": _dropdown,
    "checkbox": _checkbox,
    "rating": _rating,
    "date": _type_and_enter("input[type=date]", "2024-03-05", "2024-03-05"),
    "timeline": _timeline,
    "people": _people,
    "email": _type_and_enter("input[name=text]", "ada@example.com", "ada@example.com"),
    "phone": _type_and_enter("input[name=text]", "+1 415 555 2671", "+14155552671"),
    "link": _link,
    "tags": _tags,
    "country": _country,
    "location": _location,
    "connect_boards": _connect_boards,
}


def test_edit_a_cell_of_every_writable_type_in_the_browser(page: Page, live_server, login, make_api, screenshot):
    api = make_api(email="every@example.com", name="Pat Every")
    workspace = api.ok("POST", "/workspaces", {"name": "Sales"})
    board = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Everything"})
    writable = [t.name for t in column_types if not t.read_only]
    missing = sorted(set(writable) - set(DRIVERS))
    assert not missing, f"no browser driver for the column types {missing}"
    # Types bound to other boards get a board of their own to name.
    partners = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Partners"})
    initech = api.ok("POST", f"/boards/{partners['id']}/items", {"name": "Initech"})
    api.ok("POST", f"/boards/{partners['id']}/items", {"name": "Globex"})
    bound = {"connect_boards": {"board_ids": [partners["id"]]}}
    assert set(bound) == BOARD_BOUND & set(writable)
    keys = {name: api.ok("POST", f"/boards/{board['id']}/columns", {
                "title": f"My {name}", "type": name, "settings": bound.get(name, CASES[name]["settings"])})["key"]
            for name in writable}
    item = api.ok("POST", f"/boards/{board['id']}/items", {"name": "Acme"})
    login("every@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board['id']}")
    expect(page.locator("tr.item-row", has_text="Acme")).to_be_visible()

    def cell(name: str) -> Locator:
        return page.locator(f"td.cell[data-item-id='{item['id']}'][data-column-key='{keys[name]}']")

    def open_editor(name: str) -> Locator:
        cell(name).click()
        expect(cell(name).locator("form.cell-editor")).to_be_visible()
        # htmx moves the focus to the editor's autofocus field a moment after the swap; typing
        # before then can land in that field instead of the one the test fills.
        expect(cell(name).locator("[autofocus]").first).to_be_focused()
        return cell(name)

    def stored(name: str) -> Any:
        return api.ok("GET", f"/items/{item['id']}")["values"].get(keys[name])

    # A rejected value: the reason is shown in place and the typed text is kept.
    email = open_editor("email")
    email.locator("input[name=text]").fill("nope@")
    with page.expect_response(lambda r: r.request.method == "POST" and f"/cells/{keys['email']}" in r.url) as sent:
        email.locator("input[name=text]").press("Enter")
    assert sent.value.status == 422
    expect(email.locator(".cell-error")).to_be_visible()
    expect(email.locator(".cell-error")).not_to_be_empty()
    expect(email.locator("input[name=text]")).to_have_value("nope@")
    email.locator("input[name=text]").press("Escape")
    expect(email.locator("form")).to_have_count(0)
    assert stored("email") is None

    context = {"user_id": api.user_id, "linked_item_id": initech["id"]}
    for name in writable:
        editing = open_editor(name)
        with page.expect_response(lambda r, key=keys[name]: r.request.method == "POST"
                                  and r.url.endswith(f"/cells/{key}")) as sent:
            expected = DRIVERS[name](editing, context)
        assert sent.value.status == 200, (name, sent.value.status, sent.value.text())
        expect(cell(name).locator("form")).to_have_count(0)
        expect(cell(name)).not_to_have_text("")
        assert stored(name) == expected, name

    screenshot("every_type")
    values = api.ok("GET", f"/items/{item['id']}")["values"]
    assert all(values.get(keys[name]) not in (None, "", []) for name in writable)


# -- groups -------------------------------------------------------------------------------------
def test_reorder_groups_by_drag(page: Page, live_server, login, make_api):
    api = make_api(email="groups@example.com")
    workspace = api.ok("POST", "/workspaces", {"name": "Sales"})
    board = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Pipeline"})
    api.ok("PATCH", f"/groups/{board['groups'][0]['id']}", {"name": "Alpha"})
    for name in ("Beta", "Gamma"):
        api.ok("POST", f"/boards/{board['id']}/groups", {"name": name})

    def order() -> list[str]:
        groups = api.ok("GET", f"/boards/{board['id']}")["groups"]
        return [g["name"] for g in sorted(groups, key=lambda g: g["position"])]
    assert order() == ["Alpha", "Beta", "Gamma"]

    login("groups@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board['id']}")
    page.wait_for_function("() => window.Sortable && Sortable.get(document.getElementById('board-body'))")

    def group(name: str) -> Locator:
        return page.locator("section.group").filter(has=page.locator(".group-name", has_text=name))

    with board_reloads(page, posts=r"/groups/order$"):
        drag(page, group("Gamma").locator(".group-drag-handle"), group("Alpha").locator(".group-drag-handle"),
             dy=-6)
    assert order() == ["Gamma", "Alpha", "Beta"]
    expect(page.locator("#board-body > section.group .group-name")).to_have_text(["Gamma", "Alpha", "Beta"])
