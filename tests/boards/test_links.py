"""Connect-boards columns through the API: links, the two-way twin, unlinking, trash and
restore of either side and of the column, and the workspace boundary."""
from __future__ import annotations

import pytest


@pytest.fixture
def crm(admin_api, workspace):
    """Deals linked two-way to Accounts through a connect column on Deals."""
    ws = workspace["id"]
    accounts = admin_api.ok("POST", f"/workspaces/{ws}/boards", {"name": "Accounts"})
    deals = admin_api.ok("POST", f"/workspaces/{ws}/boards", {"name": "Deals"})
    link = admin_api.ok("POST", f"/boards/{deals['id']}/columns", {
        "title": "Account", "type": "connect_boards", "settings": {"board_ids": [accounts["id"]], "two_way": True}})
    reverse_id = link["settings"]["reverse_column_id"]
    reverse = next(c for c in admin_api.ok("GET", f"/boards/{accounts['id']}")["columns"] if c["id"] == reverse_id)
    acme = admin_api.ok("POST", f"/boards/{accounts['id']}/items", {"name": "Acme"})
    globex = admin_api.ok("POST", f"/boards/{accounts['id']}/items", {"name": "Globex"})
    return {"accounts": accounts, "deals": deals, "link": link, "reverse": reverse, "acme": acme, "globex": globex}


def values_of(api, item_id: int) -> dict:
    return api.ok("GET", f"/items/{item_id}")["values"]


def test_linking_a_deal_shows_the_deal_on_the_account(admin_api, crm):
    key, reverse = crm["link"]["key"], crm["reverse"]["key"]
    deal = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items",
                        {"name": "Big deal", "values": {key: [crm["acme"]["id"]]}})
    assert deal["values"][key] == [crm["acme"]["id"]]
    assert values_of(admin_api, crm["acme"]["id"])[reverse] == [deal["id"]]
    assert reverse not in values_of(admin_api, crm["globex"]["id"])


def test_the_twin_is_a_two_way_connect_column_back_to_the_source_board(crm):
    reverse = crm["reverse"]
    assert reverse["type"] == "connect_boards"
    assert reverse["title"] == "Deals"
    assert reverse["settings"] == {"board_ids": [crm["deals"]["id"]], "two_way": True,
                                   "reverse_column_id": crm["link"]["id"]}


def test_linking_from_the_account_side_updates_the_deal(admin_api, crm):
    deal = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items", {"name": "D"})
    admin_api.ok("PATCH", f"/items/{crm['globex']['id']}", {"values": {crm["reverse"]["key"]: [deal["id"]]}})
    assert values_of(admin_api, deal["id"])[crm["link"]["key"]] == [crm["globex"]["id"]]


def test_relinking_moves_the_deal_between_accounts_and_unlinking_clears_both_sides(admin_api, crm):
    key, reverse = crm["link"]["key"], crm["reverse"]["key"]
    deal = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items",
                        {"name": "D", "values": {key: [crm["acme"]["id"]]}})
    admin_api.ok("PATCH", f"/items/{deal['id']}", {"values": {key: [crm["globex"]["id"]]}})
    assert reverse not in values_of(admin_api, crm["acme"]["id"])
    assert values_of(admin_api, crm["globex"]["id"])[reverse] == [deal["id"]]
    admin_api.ok("PATCH", f"/items/{deal['id']}", {"values": {key: None}})
    assert key not in values_of(admin_api, deal["id"])
    assert reverse not in values_of(admin_api, crm["globex"]["id"])


def test_links_keep_the_order_they_were_made_in(admin_api, crm):
    key = crm["link"]["key"]
    ids = [crm["globex"]["id"], crm["acme"]["id"]]
    deal = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items", {"name": "D", "values": {key: ids}})
    assert deal["values"][key] == ids


def test_trashing_either_side_hides_the_link_and_restoring_brings_it_back(admin_api, crm):
    key, reverse = crm["link"]["key"], crm["reverse"]["key"]
    deal = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items",
                        {"name": "D", "values": {key: [crm["acme"]["id"]]}})
    admin_api.ok("DELETE", f"/items/{crm['acme']['id']}")
    assert key not in values_of(admin_api, deal["id"])
    admin_api.ok("POST", f"/trash/item/{crm['acme']['id']}/restore", status=200)
    assert values_of(admin_api, deal["id"])[key] == [crm["acme"]["id"]]
    admin_api.ok("DELETE", f"/items/{deal['id']}")
    assert reverse not in values_of(admin_api, crm["acme"]["id"])
    admin_api.ok("POST", f"/trash/item/{deal['id']}/restore", status=200)
    assert values_of(admin_api, crm["acme"]["id"])[reverse] == [deal["id"]]


def test_setting_links_while_a_target_is_in_the_trash_keeps_the_hidden_link(admin_api, crm):
    key = crm["link"]["key"]
    deal = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items",
                        {"name": "D", "values": {key: [crm["acme"]["id"]]}})
    admin_api.ok("DELETE", f"/items/{crm['acme']['id']}")
    admin_api.ok("PATCH", f"/items/{deal['id']}", {"values": {key: [crm["globex"]["id"]]}})
    admin_api.ok("POST", f"/trash/item/{crm['acme']['id']}/restore", status=200)
    assert values_of(admin_api, deal["id"])[key] == [crm["acme"]["id"], crm["globex"]["id"]]  # made first


def test_deleting_the_column_trashes_its_links_and_its_twin_and_restore_brings_all_back(admin_api, crm):
    key, reverse = crm["link"]["key"], crm["reverse"]["key"]
    deal = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items",
                        {"name": "D", "values": {key: [crm["acme"]["id"]]}})
    admin_api.ok("DELETE", f"/columns/{crm['link']['id']}")
    accounts_columns = [c["key"] for c in admin_api.ok("GET", f"/boards/{crm['accounts']['id']}")["columns"]]
    assert reverse not in accounts_columns
    assert key not in values_of(admin_api, deal["id"])
    admin_api.ok("POST", f"/trash/column/{crm['link']['id']}/restore", status=200)
    assert values_of(admin_api, deal["id"])[key] == [crm["acme"]["id"]]
    assert values_of(admin_api, crm["acme"]["id"])[reverse] == [deal["id"]]


def test_a_link_to_an_item_of_another_board_is_refused_naming_the_column(admin_api, crm):
    key = crm["link"]["key"]
    other = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items", {"name": "not an account"})
    result = admin_api.post(f"/boards/{crm['deals']['id']}/items", {"name": "D", "values": {key: [other["id"]]}})
    assert result.status == 422
    assert "linked boards" in result.error["details"][key]


def test_linking_across_workspaces_is_refused(admin_api, crm, make_api):
    stranger = make_api()
    their_ws = stranger.ok("POST", "/workspaces", {"name": "Theirs"})
    their_board = stranger.ok("POST", f"/workspaces/{their_ws['id']}/boards", {"name": "Secret"})
    their_item = stranger.ok("POST", f"/boards/{their_board['id']}/items", {"name": "secret"})
    # Neither a column pointing at their board ...
    result = admin_api.post(f"/boards/{crm['deals']['id']}/columns", {
        "title": "X", "type": "connect_boards", "settings": {"board_ids": [their_board["id"]]}})
    assert result.status == 422 and "settings" in result.error["details"]
    # ... nor a link to their item through ours.
    result = admin_api.post(f"/boards/{crm['deals']['id']}/items",
                            {"name": "D", "values": {crm["link"]["key"]: [their_item["id"]]}})
    assert result.status == 422


def test_two_way_needs_exactly_one_board_and_cannot_be_switched_later(admin_api, crm):
    result = admin_api.post(f"/boards/{crm['deals']['id']}/columns", {
        "title": "X", "type": "connect_boards",
        "settings": {"board_ids": [crm["accounts"]["id"], crm["deals"]["id"]], "two_way": True}})
    assert result.status == 422
    result = admin_api.patch(f"/columns/{crm['link']['id']}", {"settings": {"board_ids": [crm["accounts"]["id"]],
                                                                             "two_way": False}})
    assert result.status == 422


def test_a_connect_column_cannot_change_type(admin_api, crm):
    result = admin_api.patch(f"/columns/{crm['link']['id']}", {"type": "text"})
    assert result.status == 422 and "type" in result.error["details"]


def test_each_side_records_the_change_in_its_history(admin_api, crm):
    key, reverse = crm["link"]["key"], crm["reverse"]["key"]
    deal = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items", {"name": "D"})
    admin_api.ok("PATCH", f"/items/{deal['id']}", {"values": {key: [crm["acme"]["id"]]}})
    deal_history = admin_api.ok("GET", f"/items/{deal['id']}/activity")
    account_history = admin_api.ok("GET", f"/items/{crm['acme']['id']}/activity")
    assert {"column_key": key, "old": None, "new": [crm["acme"]["id"]]}.items() <= deal_history[0].items()
    assert {"column_key": reverse, "old": None, "new": [deal["id"]]}.items() <= account_history[0].items()


def test_filtering_by_linked_item_and_by_having_links(admin_api, crm):
    key = crm["link"]["key"]
    linked = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items",
                          {"name": "linked", "values": {key: [crm["acme"]["id"]]}})
    admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items", {"name": "alone"})

    def names(rule):
        body = admin_api.ok("GET", f"/boards/{crm['deals']['id']}/items?filter=" + _json({"and": [rule]}))
        return [i["name"] for i in body["items"]]
    assert names({"column": key, "operator": "any_of", "value": [crm["acme"]["id"]]}) == ["linked"]
    assert names({"column": key, "operator": "not_any_of", "value": [crm["acme"]["id"]]}) == ["alone"]
    assert names({"column": key, "operator": "is_empty"}) == ["alone"]
    assert names({"column": key, "operator": "is_not_empty"}) == ["linked"]
    admin_api.ok("DELETE", f"/items/{crm['acme']['id']}")
    assert names({"column": key, "operator": "is_empty"}) == ["linked", "alone"]
    assert linked


def test_sorting_by_a_connect_column_sorts_by_the_linked_name(admin_api, crm):
    key = crm["link"]["key"]
    for name, account in (("to globex", "globex"), ("to acme", "acme")):
        admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items",
                     {"name": name, "values": {key: [crm[account]["id"]]}})
    body = admin_api.ok("GET", f"/boards/{crm['deals']['id']}/items?sort=" + _json([{"column": key}]))
    assert [i["name"] for i in body["items"]] == ["to acme", "to globex"]


def _json(value) -> str:
    import json
    from urllib.parse import quote

    return quote(json.dumps(value))


def test_items_are_found_by_name_on_live_linked_boards_only_and_labelled_so_they_are_found_again(
        app, admin_api, crm, workspace):
    from boards import links
    from workspace.extensions import db

    accounts, ws = crm["accounts"]["id"], workspace["id"]
    twin = admin_api.ok("POST", f"/boards/{accounts}/items", {"name": "Twin"})["id"]
    twin_too = admin_api.ok("POST", f"/boards/{accounts}/items", {"name": " twin"})["id"]
    gone = admin_api.ok("POST", f"/boards/{accounts}/items", {"name": "Gone"})["id"]
    admin_api.ok("DELETE", f"/items/{gone}")
    elsewhere = admin_api.ok("POST", f"/boards/{crm['deals']['id']}/items", {"name": "Acme"})["id"]
    acme, globex = crm["acme"]["id"], crm["globex"]["id"]
    with app.app_context():
        found = links.items_named([accounts], ws, {"acme", "twin", "gone", "nobody"})
        assert found == {"acme": [acme], "twin": [twin, twin_too]}  # not the trashed one, nor another board's
        labels = links.name_labels([accounts], ws, {acme, globex, twin, twin_too})
        assert labels == {acme: "Acme", globex: "Globex", twin: str(twin), twin_too: str(twin_too)}
        # On the boards of a column linking Deals too, "Acme" is shared: the id says which.
        both = links.name_labels([accounts, crm["deals"]["id"]], ws, {acme, elsewhere})
        assert both == {acme: str(acme), elsewhere: str(elsewhere)}
        db.session.rollback()
