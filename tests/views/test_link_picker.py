"""Connect-boards and mirror cells in the pages: linked names as links (read once per page), the
picker's search over the linked boards only, adding and removing through the cell-save path (with
its Undo), who may do it, mirrors formatted like their target, and the item panel."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import event

from tests.views.test_cells import trigger

HX = {"HX-Request": "true"}


@pytest.fixture
def admin_web(web_login, admin_api):
    return web_login(admin_api)


@pytest.fixture
def crm(admin_api, workspace):
    """Deals ← two-way → Accounts; Accounts mirror the deals' Value (a sum, in €) and Stage (a list)."""
    ws = workspace["id"]
    accounts = admin_api.ok("POST", f"/workspaces/{ws}/boards", {"name": "Accounts"})
    deals = admin_api.ok("POST", f"/workspaces/{ws}/boards", {"name": "Deals"})
    admin_api.ok("POST", f"/boards/{deals['id']}/columns", {"title": "Value", "type": "number", "key": "value",
                                                            "settings": {"unit": "€"}})
    admin_api.ok("POST", f"/boards/{deals['id']}/columns", {
        "title": "Stage", "type": "status", "key": "stage",
        "settings": {"labels": [{"label": "New", "color": "#579bfc"}, {"label": "Won", "color": "#00c875"}]}})
    link = admin_api.ok("POST", f"/boards/{deals['id']}/columns", {
        "title": "Account", "type": "connect_boards", "key": "account",
        "settings": {"board_ids": [accounts["id"]], "two_way": True}})
    reverse = next(c for c in admin_api.ok("GET", f"/boards/{accounts['id']}")["columns"]
                   if c["id"] == link["settings"]["reverse_column_id"])
    for key, target, aggregate in (("pipeline", "value", "sum"), ("stages", "stage", "none")):
        admin_api.ok("POST", f"/boards/{accounts['id']}/columns", {
            "title": key.title(), "type": "mirror", "key": key,
            "settings": {"link_column": reverse["key"], "target_column": target, "aggregate": aggregate}})
    acme = admin_api.ok("POST", f"/boards/{accounts['id']}/items", {"name": "Acme Corp"})
    globex = admin_api.ok("POST", f"/boards/{accounts['id']}/items", {"name": "Globex"})
    return {"accounts": accounts, "deals": deals, "reverse": reverse["key"], "acme": acme["id"],
            "globex": globex["id"]}


def add_deal(api, crm, name="Deal", **values) -> int:
    return api.ok("POST", f"/boards/{crm['deals']['id']}/items", {"name": name, "values": values})["id"]


def linked(api, item_id) -> list[int] | None:
    return api.ok("GET", f"/items/{item_id}")["values"].get("account")


def option_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-link-option="(\d+)"', html)]


# -- connect cells ----------------------------------------------------------------------------
def test_the_table_shows_linked_names_as_links_to_the_linked_item(admin_web, admin_api, crm):
    add_deal(admin_api, crm, "Big deal", account=[crm["acme"], crm["globex"]])
    html = admin_web.get(f"/boards/{crm['deals']['id']}").get_data(as_text=True)
    accounts = crm["accounts"]["id"]
    assert f'href="/boards/{accounts}/items/{crm["acme"]}"' in html and ">Acme Corp</a>" in html
    assert html.index(">Acme Corp</a>") < html.index(">Globex</a>"), "in the order they were linked"


def test_linked_names_are_read_once_per_page_not_once_per_row(app, admin_web, admin_api, crm):
    def statements_for_page() -> int:
        from workspace.extensions import db

        count = 0

        def counted(*_args):
            nonlocal count
            count += 1
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counted)
        try:
            assert admin_web.get(f"/boards/{crm['deals']['id']}").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", counted)
        return count

    for n in range(3):
        add_deal(admin_api, crm, f"Deal {n}", account=[crm["acme"]])
    few = statements_for_page()
    more = [admin_api.ok("POST", f"/boards/{crm['accounts']['id']}/items", {"name": f"Account {n}"})["id"]
            for n in range(6)]
    for n, account in enumerate(more):
        add_deal(admin_api, crm, f"Later {n}", account=[account])
    assert statements_for_page() == few


def test_names_are_escaped_in_cells_and_in_the_picker(admin_web, admin_api, crm):
    evil = admin_api.ok("POST", f"/boards/{crm['accounts']['id']}/items", {"name": "<b>x</b>"})["id"]
    deal = add_deal(admin_api, crm, account=[evil])
    for html in (admin_web.get(f"/boards/{crm['deals']['id']}").get_data(as_text=True),
                 admin_web.get(f"/items/{deal}/cells/account/edit").get_data(as_text=True),
                 admin_web.get(f"/items/{deal}/links/account?q=x").get_data(as_text=True)):
        assert "<b>x</b>" not in html


def test_kanban_cards_show_linked_names_and_mirrors(admin_web, admin_api, crm):
    from tests.views.test_kanban_pages import lane_url

    add_deal(admin_api, crm, "Big deal", stage="Won", value=40, account=[crm["acme"]])
    view = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/views", {
        "name": "Pipeline", "type": "kanban", "settings": {"column": "stage", "card_columns": ["account"]}})
    page = admin_web.get(f"/boards/{crm['deals']['id']}?view={view['id']}").get_data(as_text=True)
    cards = admin_web.get(lane_url(page, "Won")).get_data(as_text=True)
    assert f'href="/boards/{crm["accounts"]["id"]}/items/{crm["acme"]}"' in cards and ">Acme Corp</a>" in cards


# -- the picker -------------------------------------------------------------------------------
def test_the_editor_lists_the_linked_items_with_remove_buttons_and_the_others_to_add(admin_web, admin_api, crm):
    deal = add_deal(admin_api, crm, account=[crm["acme"]])
    html = admin_web.get(f"/items/{deal}/cells/account/edit").get_data(as_text=True)
    assert 'class="cell-editor cell-editor-connect_boards' in html and "data-link-search" in html
    assert re.search(r'value=\'\[\]\'[^>]*aria-label="Remove Acme Corp"', html), "remove sends the rest"
    assert option_ids(html) == [crm["globex"]], "what is linked already is not offered again"
    assert f'value=\'[{crm["acme"]}, {crm["globex"]}]\'' in html, "add sends the whole new list"
    assert f'hx-get="/items/{deal}/links/account"' in html


def test_search_finds_items_of_the_linked_boards_only_by_name_in_any_case(admin_web, admin_api, crm, workspace):
    deal = add_deal(admin_api, crm)
    other_board = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Partners"})
    admin_api.ok("POST", f"/boards/{other_board['id']}/items", {"name": "Acme Partner"})
    add_deal(admin_api, crm, "Acme deal")  # on the Deals board itself: not linkable here
    trashed = admin_api.ok("POST", f"/boards/{crm['accounts']['id']}/items", {"name": "Acme Old"})
    admin_api.ok("DELETE", f"/items/{trashed['id']}")
    html = admin_web.get(f"/items/{deal}/links/account?q=aCmE").get_data(as_text=True)
    assert option_ids(html) == [crm["acme"]]
    assert option_ids(admin_web.get(f"/items/{deal}/links/account?q=").get_data(as_text=True)) == \
        [crm["acme"], crm["globex"]]
    nothing = admin_web.get(f"/items/{deal}/links/account?q=zzz").get_data(as_text=True)
    assert option_ids(nothing) == [] and "No item matches" in nothing


def test_search_treats_wildcards_as_plain_text(admin_web, admin_api, crm):
    deal = add_deal(admin_api, crm)
    percent = admin_api.ok("POST", f"/boards/{crm['accounts']['id']}/items", {"name": "100% Organic"})["id"]
    assert option_ids(admin_web.get(f"/items/{deal}/links/account?q=%25").get_data(as_text=True)) == [percent]
    assert option_ids(admin_web.get(f"/items/{deal}/links/account?q=_").get_data(as_text=True)) == []


def test_search_returns_at_most_twenty_matches(admin_web, admin_api, crm):
    deal = add_deal(admin_api, crm)
    admin_api.ok("POST", f"/boards/{crm['accounts']['id']}/items/batch",
                 {"items": [{"name": f"Lead {n:02}"} for n in range(25)]})
    assert len(option_ids(admin_web.get(f"/items/{deal}/links/account?q=lead").get_data(as_text=True))) == 20


def test_adding_and_removing_save_through_the_cell_and_keep_the_picker_open(admin_web, admin_api, crm):
    deal = add_deal(admin_api, crm)
    added = admin_web.post(f"/items/{deal}/cells/account",
                           data={"json": json.dumps([crm["acme"]]), "keep_editing": "1", "q": "ac"})
    html = added.get_data(as_text=True)
    assert added.status_code == 200 and "cell-editor-connect_boards" in html, "the picker stays open"
    assert 'value="ac"' in html, "with the search as it was"
    assert trigger(added)["message"] == "Account of “Deal” changed"
    assert linked(admin_api, deal) == [crm["acme"]]
    assert admin_api.ok("GET", f"/items/{crm['acme']}")["values"][crm["reverse"]] == [deal], "two-way"
    admin_web.post(f"/items/{deal}/cells/account", data={"json": json.dumps([crm["acme"], crm["globex"]]),
                                                         "keep_editing": "1"})
    removed = admin_web.post(f"/items/{deal}/cells/account", data={"json": json.dumps([crm["globex"]]),
                                                                   "keep_editing": "1"})
    assert removed.status_code == 200 and linked(admin_api, deal) == [crm["globex"]]
    cleared = admin_web.post(f"/items/{deal}/cells/account", data={"json": "[]"})
    assert cleared.status_code == 200 and "cell-editor" not in cleared.get_data(as_text=True)
    assert linked(admin_api, deal) is None


def test_undo_of_a_link_unlinks_both_sides(admin_web, admin_api, crm):
    deal = add_deal(admin_api, crm, account=[crm["globex"]])
    changed = admin_web.post(f"/items/{deal}/cells/account", data={"json": json.dumps([crm["globex"], crm["acme"]]),
                                                                   "keep_editing": "1"})
    assert admin_web.post(trigger(changed)["undo_url"]).status_code == 200
    assert linked(admin_api, deal) == [crm["globex"]]
    assert crm["reverse"] not in admin_api.ok("GET", f"/items/{crm['acme']}")["values"]


def test_a_link_outside_the_linked_boards_is_refused_in_place(admin_web, admin_api, crm):
    deal = add_deal(admin_api, crm)
    other_deal = add_deal(admin_api, crm, "Not an account")
    response = admin_web.post(f"/items/{deal}/cells/account", data={"json": json.dumps([other_deal]),
                                                                    "keep_editing": "1"})
    assert response.status_code == 422 and "linked boards" in response.get_data(as_text=True)
    assert linked(admin_api, deal) is None


def test_a_viewer_sees_links_but_cannot_search_or_link(web_login, member_of, admin_api, crm):
    deal = add_deal(admin_api, crm, account=[crm["acme"]])
    viewer = web_login(member_of("viewer"))
    assert ">Acme Corp</a>" in viewer.get(f"/items/{deal}/cells/account").get_data(as_text=True)
    assert viewer.get(f"/items/{deal}/links/account?q=a").status_code == 403
    assert viewer.get(f"/items/{deal}/cells/account/edit").status_code == 403
    response = viewer.post(f"/items/{deal}/cells/account", data={"json": json.dumps([crm["globex"]])})
    assert response.status_code == 403 and linked(admin_api, deal) == [crm["acme"]]


def test_a_member_may_search(web_login, member_of, admin_api, crm):
    deal = add_deal(admin_api, crm)
    member = web_login(member_of("member"))
    assert option_ids(member.get(f"/items/{deal}/links/account?q=glob").get_data(as_text=True)) == [crm["globex"]]


def test_another_workspace_and_other_columns_are_not_found(web_login, make_api, admin_api, crm):
    deal = add_deal(admin_api, crm)
    stranger_api = make_api()
    stranger_api.ok("POST", "/workspaces", {"name": "Theirs"})
    stranger = web_login(stranger_api)
    assert stranger.get(f"/items/{deal}/links/account?q=a").status_code == 404
    admin_web = web_login(admin_api)
    assert admin_web.get(f"/items/{deal}/links/value?q=a").status_code == 404, "not a connect column"
    assert admin_web.get(f"/items/{deal}/links/nope?q=a").status_code == 404


# -- mirror cells -----------------------------------------------------------------------------
def test_a_sum_mirror_shows_the_total_with_the_targets_unit(admin_web, admin_api, crm):
    add_deal(admin_api, crm, "A", value=1200, account=[crm["acme"]])
    add_deal(admin_api, crm, "B", value=300.5, account=[crm["acme"]])
    html = admin_web.get(f"/items/{crm['acme']}/cells/pipeline").get_data(as_text=True)
    assert "€1,500.5" in html and "cell-number" in html


def test_a_list_mirror_shows_each_label_once_with_its_count(admin_web, admin_api, crm):
    for name, stage in (("A", "Won"), ("B", "New"), ("C", "Won")):
        add_deal(admin_api, crm, name, stage=stage, account=[crm["acme"]])
    html = admin_web.get(f"/items/{crm['acme']}/cells/stages").get_data(as_text=True)
    assert html.count('class="pill"') == 2 and "--pill: #00c875" in html
    assert re.search(r">Won</span>\s*<span class=\"mirror-count\"[^>]*>×2<", html)
    assert "×1" not in html


def test_mirrors_are_read_only_and_show_on_the_board(admin_web, admin_api, crm):
    add_deal(admin_api, crm, "A", value=10, account=[crm["acme"]])
    assert admin_web.get(f"/items/{crm['acme']}/cells/pipeline/edit").status_code == 403
    page = admin_web.get(f"/boards/{crm['accounts']['id']}").get_data(as_text=True)
    td = re.search(rf'<td class="cell" data-column-key="pipeline" data-item-id="{crm["acme"]}"[^>]*>(.*?)</td>',
                   page, re.S)
    assert td and "data-editable" not in td[0] and "€10" in td[1]


def test_a_broken_mirror_shows_nothing_rather_than_failing(admin_web, admin_api, crm):
    add_deal(admin_api, crm, "A", value=10, account=[crm["acme"]])
    value_column = next(c for c in admin_api.ok("GET", f"/boards/{crm['deals']['id']}")["columns"]
                        if c["key"] == "value")
    admin_api.ok("DELETE", f"/columns/{value_column['id']}")
    assert admin_web.get(f"/boards/{crm['accounts']['id']}").status_code == 200


# -- the item panel ---------------------------------------------------------------------------
def test_the_panel_lists_linked_items_as_links_and_mirrors_read_only(admin_web, admin_api, crm):
    deal = add_deal(admin_api, crm, "A", value=250, stage="Won", account=[crm["acme"]])
    html = admin_web.get(f"/items/{crm['acme']}/panel", headers=HX).get_data(as_text=True)
    reverse = re.search(rf'<td class="cell" data-column-key="{crm["reverse"]}"[^>]*>(.*?)</td>', html, re.S)
    assert reverse and f'href="/boards/{crm["deals"]["id"]}/items/{deal}"' in reverse[1] and ">A</a>" in reverse[1]
    assert 'data-editable="true"' in reverse[0], "links are edited from the panel too"
    pipeline = re.search(r'<td class="cell" data-column-key="pipeline"[^>]*>(.*?)</td>', html, re.S)
    assert "data-editable" not in pipeline[0] and "€250" in pipeline[1]


def test_the_panels_history_names_the_linked_items(admin_web, admin_api, crm):
    deal = add_deal(admin_api, crm)
    admin_api.ok("PATCH", f"/items/{deal}", {"values": {"account": [crm["acme"]]}})
    html = admin_web.get(f"/items/{deal}/panel", headers=HX).get_data(as_text=True)
    assert "set Account to Acme Corp" in html
