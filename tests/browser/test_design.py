"""Board design in a real browser, as an admin: columns of every type from the picker, rename, type
change with its preview, status labels, groups, dragging rows and columns, the trash."""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import Page, expect

from fields import column_types
from tests.browser.conftest import PASSWORD
from tests.fields.cases import BOARD_BOUND


@pytest.fixture
def errors(page: Page) -> list[str]:
    """JavaScript errors on the page; a test ends by asserting there were none."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on("console", lambda message: found.append(message.text) if message.type == "error"
            and not message.text.startswith("Failed to load resource") else None)
    page.on("response", lambda response: found.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.status != 422 and not response.url.endswith("/favicon.ico")
            else None)
    return found


def header(page: Page, title: str):
    return page.locator(".board-table").first.locator("th[data-column-id]").filter(
        has=page.locator(".column-title", has_text=re.compile(f"^{re.escape(title)}$")))


def popover_settled(page: Page, panel: str) -> None:
    """The popover shows `panel` and htmx has settled it, which moves the focus into it (typing
    earlier could land in the field that then takes the focus)."""
    expect(page.locator(f"#design-popover {panel}")).to_be_visible()
    page.wait_for_function("() => document.getElementById('design-popover').contains(document.activeElement)")


def open_column_menu(page: Page, title: str) -> None:
    cell = header(page, title)
    cell.hover()
    cell.locator(".design-menu-button").click()
    popover_settled(page, ".column-menu")


def open_group_menu(page: Page, name: str) -> None:
    group = page.locator("section.group").filter(has=page.locator(".group-name", has_text=name))
    group.locator(".group-header .design-menu-button").click()
    popover_settled(page, ".group-menu")


def drag(page: Page, source, target, *, dx: float = 0, dy: float = 0) -> None:
    """Drags with the mouse in small steps (Sortable.js follows pointer moves)."""
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 5, start["y"] + start["height"] / 2 + 5, steps=3)
    page.mouse.move(end["x"] + end["width"] / 2 + dx, end["y"] + end["height"] / 2 + dy, steps=15)
    page.wait_for_timeout(200)
    page.mouse.move(end["x"] + end["width"] / 2 + dx + 1, end["y"] + end["height"] / 2 + dy + 1, steps=2)
    page.mouse.up()


@contextmanager
def board_reloads(page: Page, posts: str | None = None):
    """Waits until the change made in the block has reloaded the board body (its HX-Trigger) and
    htmx has settled it; with `posts`, also that a POST to a matching URL succeeded."""
    page.evaluate("""() => {
        window.boardReloads = 0;
        const body = document.getElementById("board-body");
        if (body.dataset.counted) return;
        body.dataset.counted = "true";
        body.addEventListener("htmx:afterSettle", (event) => {
            if (event.target === body) window.boardReloads += 1;
        });
    }""")
    if posts:
        with page.expect_response(lambda r: r.request.method == "POST" and re.search(posts, r.url)) as posted:
            yield
        assert posted.value.ok, posted.value.status
    else:
        yield
    page.wait_for_function("() => window.boardReloads > 0")


def sortable_ready(page: Page) -> None:
    page.wait_for_function("() => window.Sortable && Sortable.get(document.querySelector('.board-table tbody'))")


def titles(api, board) -> list[str]:
    return [c["title"] for c in api.ok("GET", f"/boards/{board['id']}")["columns"]]


def _connect_setup(setup) -> None:
    setup.get_by_label("Deals").check()


def _mirror_setup(setup) -> None:
    expect(setup.locator("select[name=link_column] option:checked")).to_have_text("My connect_boards")
    setup.locator("select[name=aggregate]").select_option("count")
    # The choice reloads the form (with what fits it); wait for that before going on.
    expect(setup.page.locator("#design-popover select[name=aggregate]")).to_be_focused()


SETUP_STEPS = {"connect_boards": _connect_setup, "mirror": _mirror_setup}


def test_an_admin_designs_a_board_in_place(page: Page, live_server, login, make_api, screenshot, errors):
    api = make_api(email="designer@example.com")
    workspace = api.ok("POST", "/workspaces", {"name": "Sales"})
    board = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    amount = api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Amount", "type": "text"})
    items = {name: api.ok("POST", f"/boards/{board['id']}/items", {"name": name, "values": {amount["key"]: value}})
             for name, value in (("Acme", "1200"), ("Globex", "lots"), ("Initech", "n/a"))}
    login("designer@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board['id']}")

    # A column of every registered type, from the picker; those that name boards and columns
    # through their setup step (the connect column links the board to itself, the mirror shows
    # the linked items' names).
    assert set(SETUP_STEPS) == BOARD_BOUND
    for type_cls in column_types:
        page.locator(".board-table").first.locator("th.add-column button").click()
        popover_settled(page, ".column-picker")
        picker = page.locator("#design-popover .column-picker")
        picker.locator("input[name=title]").fill(f"My {type_cls.name}")
        if type_cls.name in SETUP_STEPS:
            picker.locator(f"button[data-type='{type_cls.name}']").click()
            popover_settled(page, f".column-setup-{type_cls.name}")
            setup = page.locator("#design-popover .column-setup")
            expect(setup.locator("input[name=title]")).to_have_value(f"My {type_cls.name}")
            SETUP_STEPS[type_cls.name](setup)
            screenshot(f"setup_{type_cls.name}")
            with board_reloads(page, posts=r"/columns$"):
                setup.locator("button.setup-submit").click()
        else:
            with board_reloads(page, posts=r"/columns$"):
                picker.locator(f"button[data-type='{type_cls.name}']").click()
        expect(header(page, f"My {type_cls.name}")).to_have_attribute("data-column-type", type_cls.name)
    assert set(titles(api, board)) >= {f"My {t.name}" for t in column_types}
    mirror = next(c for c in api.ok("GET", f"/boards/{board['id']}")["columns"] if c["type"] == "mirror")
    assert mirror["settings"]["target_column"] == "name" and mirror["settings"]["aggregate"] == "count"

    # Rename one.
    open_column_menu(page, "My text")
    page.fill("#design-popover input[name=title]", "Notes")
    with board_reloads(page, posts="/rename$"):
        page.click("#design-popover button:has-text('Rename')")
    expect(header(page, "Notes")).to_be_visible()
    expect(page.locator("#design-popover")).to_be_empty()

    # Change a text column to number: the count of values that will not convert comes first.
    open_column_menu(page, "Amount")
    page.select_option("#design-popover select[name=type]", "number")
    page.click("#design-popover button:has-text('Preview')")
    expect(page.locator("#design-popover .convert-failed")).to_have_text("2 values will not convert.")
    assert api.ok("GET", f"/boards/{board['id']}")["columns"][0]["type"] == "text", "nothing changed yet"
    with board_reloads(page, posts="/type$"):
        page.click("#design-popover .confirm-type-change")
    expect(page.locator("#design-popover .type-changed")).to_contain_text("1 value converted")
    expect(header(page, "Amount")).to_have_attribute("data-column-type", "number")
    page.click("#design-popover [data-design-close] >> nth=0")
    assert api.ok("GET", f"/items/{items['Acme']['id']}")["values"][amount["key"]] == 1200

    # Status labels: add one with its colour, remove one.
    open_column_menu(page, "My status")
    page.click("#design-popover button:has-text('Settings')")
    popover_settled(page, ".column-settings")
    settings = page.locator("#design-popover .column-settings")
    settings.locator("[data-add-row]").click()
    settings.locator(".settings-row").last.locator("input[name='s-labels-label']").fill("Blocked")
    settings.locator(".settings-row").last.locator("input[type=color]").fill("#ff158a")
    settings.locator(".settings-row").filter(has=page.locator("input[value='Stuck']")).locator(
        "[data-remove-row]").click()
    with board_reloads(page, posts="/settings$"):
        settings.locator("button:has-text('Save')").click()
    expect(page.locator("#design-popover")).to_be_empty()
    status = next(c for c in api.ok("GET", f"/boards/{board['id']}")["columns"] if c["title"] == "My status")
    assert status["settings"]["labels"] == [{"label": "Working on it", "color": "#fdab3d"},
                                            {"label": "Done", "color": "#00c875"},
                                            {"label": "Blocked", "color": "#ff158a"}]

    # A refused change is shown in place, with the reason.
    open_column_menu(page, "Notes")
    page.fill("#design-popover input[name=title]", " ")
    page.click("#design-popover button:has-text('Rename')")
    expect(page.locator("#design-popover .design-error-message")).to_contain_text("must not be empty")
    page.keyboard.press("Escape")

    # Add a group, rename and recolour it.
    first_group = api.ok("GET", f"/boards/{board['id']}")["groups"][0]
    open_group_menu(page, first_group["name"])
    page.fill("#design-popover input[placeholder='New group']", "Won")
    with board_reloads(page, posts="/groups$"):
        page.click("#design-popover button:has-text('Add group')")
    expect(page.locator("section.group .group-name", has_text="Won")).to_be_visible()
    open_group_menu(page, "Won")
    page.fill("#design-popover input[name=name]", "Closed won")
    with board_reloads(page, posts="/rename$"):
        page.click("#design-popover button:has-text('Rename')")
    expect(page.locator("section.group .group-name", has_text="Closed won")).to_be_visible()
    open_group_menu(page, "Closed won")
    with board_reloads(page, posts="/color$"):
        page.click("#design-popover .swatch[value='#a25ddc']")
    won = page.locator("section.group").filter(has=page.locator(".group-name", has_text="Closed won"))
    expect(won).to_have_attribute("style", re.compile("#a25ddc"))
    won_group = next(g for g in api.ok("GET", f"/boards/{board['id']}")["groups"] if g["name"] == "Closed won")
    assert won_group["color"] == "#a25ddc"

    # Drag a row into the other group, before the row that is there.
    api.ok("POST", f"/boards/{board['id']}/items", {"name": "Umbrella", "group_id": won_group["id"]})
    page.reload()
    sortable_ready(page)
    acme = page.locator("tr.item-row", has_text="Acme")
    umbrella = page.locator("tr.item-row", has_text="Umbrella")
    with board_reloads(page, posts=r"/items/\d+/move$"):
        drag(page, acme.locator("td").nth(2), umbrella.locator("td").nth(2), dy=-6)
    expect(won.locator("tr.item-row", has_text="Acme")).to_be_visible()
    moved = api.ok("GET", f"/items/{items['Acme']['id']}")
    assert moved["group_id"] == won_group["id"]
    in_won = sorted((i for i in api.ok("GET", f"/boards/{board['id']}/items")["items"]
                     if i["group_id"] == won_group["id"]), key=lambda i: i["position"])
    assert [i["name"] for i in in_won] == ["Acme", "Umbrella"]

    # Reorder columns by dragging a header: "Notes" goes before "My status", two places to its left.
    assert titles(api, board).index("Notes") == titles(api, board).index("My status") + 2
    header(page, "My status").scroll_into_view_if_needed()
    with board_reloads(page, posts=r"/columns/order$"):
        drag(page, header(page, "Notes").locator(".column-title"), header(page, "My status"), dx=-20)
    assert titles(api, board).index("Notes") == titles(api, board).index("My status") - 1
    expect(header(page, "Notes")).to_have_count(1)
    shown = page.locator(".board-table").first.locator("th[data-column-id] .column-title").all_inner_texts()
    assert shown.index("Notes") == shown.index("My status") - 1

    open_column_menu(page, "My status")
    screenshot("design")
    page.keyboard.press("Escape")

    # Delete a column, then restore it from the trash page.
    open_column_menu(page, "My email")
    with board_reloads(page, posts="/delete$"):
        page.click("#design-popover button:has-text('Delete')")
    expect(header(page, "My email")).to_have_count(0)
    assert "My email" not in titles(api, board)
    page.goto(f"{live_server}/workspaces/{workspace['id']}/trash")
    page.locator("tr", has_text="My email").locator("button:has-text('Restore')").click()
    expect(page.locator(".flash")).to_contain_text("Restored")
    assert "My email" in titles(api, board)
    page.goto(f"{live_server}/boards/{board['id']}")
    expect(header(page, "My email")).to_be_visible()
    assert errors == []


def test_a_member_drags_rows_but_sees_no_design_controls(page: Page, live_server, login, make_api, errors):
    admin = make_api()
    workspace = admin.ok("POST", "/workspaces", {"name": "Sales"})
    board = admin.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    admin.ok("POST", f"/boards/{board['id']}/columns", {"title": "Amount", "type": "number"})
    items = {name: admin.ok("POST", f"/boards/{board['id']}/items", {"name": name}) for name in ("A", "B", "C")}
    empty = admin.ok("POST", f"/boards/{board['id']}/groups", {"name": "Empty"})
    member = make_api(email="member@example.com")
    admin.ok("POST", f"/workspaces/{workspace['id']}/members", {"email": "member@example.com", "role": "member"})
    login("member@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board['id']}")
    sortable_ready(page)
    expect(page.locator(".design-menu-button, th.add-column, .group-drag-handle")).to_have_count(0)

    # "C" goes above "A" in its own group, then "A" into the empty group.
    with board_reloads(page, posts=r"/items/\d+/move$"):
        drag(page, page.locator("tr.item-row", has_text="C").locator("td").nth(1),
             page.locator("tr.item-row", has_text="A").locator("td").nth(1), dy=-6)
    order = sorted(member.ok("GET", f"/boards/{board['id']}/items")["items"], key=lambda i: i["position"])
    assert [i["name"] for i in order] == ["C", "A", "B"]
    with board_reloads(page, posts=r"/items/\d+/move$"):
        drag(page, page.locator("tr.item-row", has_text="A").locator("td").nth(1),
             page.locator(f"tbody[data-group-id='{empty['id']}']"))
    assert member.ok("GET", f"/items/{items['A']['id']}")["group_id"] == empty["id"]
    expect(page.locator(f"tbody[data-group-id='{empty['id']}'] tr.item-row")).to_have_text(re.compile("A"))
    assert errors == []
