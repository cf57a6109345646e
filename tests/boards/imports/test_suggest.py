"""The mapping an import suggests: headers matched to the board's columns, the rest inferred."""
from __future__ import annotations

import itertools

import pytest

from boards.imports.suggest import NULL_TOKENS, infer_column, normalise_header, suggest
from boards.service import ColumnInfo
from fields.inference import ColumnSample, Inference
from fields.status import StatusType
from tests.fields.cases import FakeContext
from tests.fields.samples import sample

_ids = itertools.count(1)
US, EU = "MM/DD/YYYY", "DD/MM/YYYY"


def column(key: str, title: str, type: str = "text", scope: str = "item", hidden: bool = False,
           settings: dict | None = None) -> ColumnInfo:
    return ColumnInfo(next(_ids), 1, key, title, type, settings or {}, scope, 1.0, hidden)


def run(table: dict[str, list[str]], columns: list | None = None) -> tuple[dict, dict]:
    """suggest() over a CSV given as {header: cells}."""
    headers = list(table)
    samples = [sample(*cells, header=header) for header, cells in table.items()]
    return suggest(headers, samples, columns or [], FakeContext())


CRM = {
    "Deal Name": ["Acme renewal", "Globex pilot", "Initech upsell", "Umbrella", "Hooli", "Stark"],
    "Stage": ["Won", "Lost", "Won", "New", "New", "Won"],
    "Amount": ["€1.234,50", "€200", "€3.000", "€10,5", "n/a", "€99"],
    "Close date": ["2024-03-05", "25.03.2024", "03/25/2024", "2024-04-01", "", "-"],
    "Owner e-mail": ["ada@example.com", "grace@example.com", "ada@example.com", "", "x@y.org", "ada@example.com"],
    "Phone": ["+49 30 1234567", "+1 415 555 2671", "(415) 555-2671", "+44 20 7946 0958", "", ""],
    "Country": ["Germany", "DE", "France", "FR", "Germany", "US"],
    "Website": ["https://acme.example", "www.globex.com", "initech.example", "", "n/a", ""],
    "Tags": ["vip, lead", "lead", "vip", "lead; partner", "partner", "lead"],
    "Notes": ["Call back\nnext week", "ok", "", "Line 1\nLine 2", "", ""],
}


def test_a_crm_file_gets_a_new_column_of_the_right_type_for_each_header():
    mapping, options = run(CRM)
    assert options == {"blank": "leave"}
    assert mapping["Deal Name"] == {"target": "name"}
    assert mapping["Stage"]["type"] == "status"
    assert mapping["Amount"] == {"target": "new_column", "title": "Amount", "type": "number",
                                 "settings": {"unit": "€", "decimals": 2}, "format": {"decimal": ","}}
    assert mapping["Close date"] == {"target": "new_column", "title": "Close date", "type": "date",
                                     "settings": {"include_time": False}, "format": {"date_format": US}}
    expected = {"Owner e-mail": "email", "Phone": "phone", "Country": "country", "Website": "link",
                "Notes": "long_text"}
    assert {header: mapping[header]["type"] for header in expected} == expected
    assert mapping["Tags"]["type"] == "dropdown"
    assert mapping["Tags"]["settings"] == {"labels": ["vip", "lead", "partner"]}


def test_a_status_is_suggested_with_its_labels_in_order_and_colours():
    mapping, _options = run(CRM)
    settings = mapping["Stage"]["settings"]
    assert [entry["label"] for entry in settings["labels"]] == ["Won", "Lost", "New"]
    assert StatusType.clean_settings(settings) == settings


def test_the_first_text_column_names_the_items_when_no_header_says_name():
    mapping, _options = run({"Stage": ["Won", "Won", "Lost", "Lost"], "Company": ["Acme", "Globex", "Initech", "X"],
                             "Contact": ["Ada", "Grace", "Alan", "Edsger"]})
    assert mapping["Company"] == {"target": "name"}
    assert mapping["Contact"]["target"] == "new_column"


@pytest.mark.parametrize("header", ["Name", "name", "Item", "Item name", "ITEM_NAME", "Title"])
def test_a_header_saying_name_names_the_items(header):
    mapping, _options = run({"Company": ["Acme"], header: ["Deal 1"]})
    assert mapping[header] == {"target": "name"}
    assert mapping["Company"]["target"] == "new_column"


def test_only_the_first_name_header_names_the_items():
    mapping, _options = run({"Name": ["a"], "Title": ["Dr"]})
    assert mapping["Name"] == {"target": "name"}
    assert mapping["Title"]["target"] == "new_column"


def test_group_parent_and_error_columns_have_their_roles():
    mapping, options = run({"Name": ["a"], "Group": ["Q1"], "Parent item": ["7"], "Import line": ["3"],
                            "Import error": ["bad date"]})
    assert mapping["Group"] == {"target": "group"}
    assert mapping["Parent item"] == {"target": "skip"}
    assert options == {"blank": "leave", "parent_key_column": "Parent item"}
    assert mapping["Import line"] == mapping["Import error"] == {"target": "skip"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Échéance ", "echeance"), ("Close_date", "closedate"), ("close-date.", "closedate"), ("E-Mail", "email"),
    ("ＦＵＬＬ　ｗｉｄｔｈ", "fullwidth"), ("客户 名称", "客户名称"), ("ชื่อ ลูกค้า", "ชื่อลูกค้า"), ("Straße", "strasse"),
])
def test_headers_normalise_without_case_accents_spaces_or_punctuation(text, expected):
    assert normalise_header(text) == expected


@pytest.mark.parametrize(("header", "title"), [
    ("Échéance ", "echeance"), ("close date", "Close_Date"), ("DEAL VALUE", "Deal value"), ("deal_value", "Worth"),
])
def test_headers_match_columns_by_title_or_key_ignoring_case_accents_and_spaces(header, title):
    target = column("deal_value" if title == "Worth" else "c1", title)
    mapping, _options = run({"Name": ["a"], header: ["x"]}, [column("other", "Other"), target])
    assert mapping[header] == {"target": "column", "column_key": target.key}


def test_a_column_is_matched_by_one_header_only():
    mapping, _options = run({"Name": ["a"], "Stage": ["x"], "stage": ["y"]}, [column("stage", "Stage")])
    assert mapping["Stage"] == {"target": "column", "column_key": "stage"}
    assert mapping["stage"]["target"] == "new_column"


def test_visible_columns_are_matched_before_hidden_ones():
    columns = [column("old", "Owner", hidden=True), column("owner", "Owner")]
    mapping, _options = run({"Name": ["a"], "Owner": ["x"], "owner ": ["y"]}, columns)
    assert mapping["Owner"]["column_key"] == "owner"
    assert mapping["owner "]["column_key"] == "old"


def test_subitem_headers_map_to_subitem_columns_and_plain_ones_to_item_columns():
    columns = [column("owner", "Owner"), column("sub_owner", "Owner", scope="subitem"),
               column("hours", "Hours", scope="subitem")]
    mapping, _options = run({"Name": ["a"], "Owner": ["x"], "Subitem: Owner": ["y"], "Hours": ["3"]}, columns)
    assert mapping["Owner"]["column_key"] == "owner"
    assert mapping["Subitem: Owner"]["column_key"] == "sub_owner"
    assert mapping["Hours"]["column_key"] == "hours"  # no item column of that title


def test_a_subitem_header_without_its_column_suggests_a_new_subitem_column():
    mapping, _options = run({"Name": ["a"], "Subitem: Effort": ["2", "3"]})
    assert mapping["Subitem: Effort"] == {"target": "new_column", "title": "Effort", "type": "number",
                                          "settings": {}, "scope": "subitem"}


@pytest.mark.parametrize(("type", "settings"), [
    ("auto_number", {}), ("creation_log", {}), ("last_updated", {}), ("button", {}),
    ("mirror", {"link_column": "account", "target_column": "value"}),
])
def test_read_only_columns_are_skipped_with_a_note(type, settings):
    mapping, _options = run({"Name": ["a"], "Number": ["1"]}, [column("n", "Number", type, settings=settings)])
    assert mapping["Number"]["target"] == "skip"
    assert "Number" in mapping["Number"]["note"]


def test_an_existing_date_column_gets_the_reading_of_its_texts_not_new_settings():
    mapping, _options = run({"Name": ["a", "b"], "Due": ["03/04/2024", "05/06/2024 14:30"]},
                            [column("due", "Due", "date")])
    assert mapping["Due"] == {"target": "column", "column_key": "due", "format": {"date_format": US},
                              "choices": {"date_format": [US, EU]}}


def test_an_existing_number_column_gets_the_decimal_comma_of_its_texts():
    mapping, _options = run({"Name": ["a", "b"], "Price": ["1.234,50", "12,5"]},
                            [column("price", "Price", "number", settings={"unit": "$"})])
    assert mapping["Price"] == {"target": "column", "column_key": "price", "format": {"decimal": ","}}


@pytest.mark.parametrize(("type", "cells"), [("status", ["Won", "Lost"]), ("text", ["a"]), ("number", ["abc"])])
def test_existing_columns_without_a_reading_to_choose_get_no_format(type, cells):
    mapping, _options = run({"Name": ["a"], "X": cells}, [column("x", "X", type)])
    assert mapping["X"] == {"target": "column", "column_key": "x"}


def test_an_ambiguous_date_column_asks_for_the_day_order():
    mapping, _options = run({"Name": ["a", "b"], "Due": ["03/04/2024", "05/06/2024"]})
    assert mapping["Due"]["format"] == {"date_format": US}
    assert mapping["Due"]["choices"] == {"date_format": [US, EU]}


@pytest.mark.parametrize(("cells", "decimal"), [(["1,5", "2,25", "1.234,5"], ","), (["1.5", "1,234.5"], ".")])
def test_the_decimal_mark_of_a_new_number_column_is_detected(cells, decimal):
    mapping, _options = run({"Name": ["a"], "Value": cells})
    assert mapping["Value"]["type"] == "number"
    assert mapping["Value"]["format"] == {"decimal": decimal}
    assert "choices" not in mapping["Value"]


def test_a_number_column_of_only_ambiguous_thousands_asks_for_the_decimal_mark():
    mapping, _options = run({"Name": ["a"], "Value": ["1,234", "5,678", "12"]})
    assert mapping["Value"]["format"] == {"decimal": "."}
    assert mapping["Value"]["choices"] == {"decimal": [".", ","]}


def test_a_header_only_file_gets_text_columns():
    headers = ["Company", "Amount", "Due"]
    mapping, options = suggest(headers, [ColumnSample(h) for h in headers], [], FakeContext())
    assert mapping == {"Company": {"target": "name"},
                       "Amount": {"target": "new_column", "title": "Amount", "type": "text", "settings": {}},
                       "Due": {"target": "new_column", "title": "Due", "type": "text", "settings": {}}}
    assert options == {"blank": "leave"}


def test_null_tokens_are_ignored_when_inferring():
    assert {"n/a", "na", "#n/a", "null", "none", "nil", "-", "--", "—", "–", "?"} <= NULL_TOKENS
    type_name, inference = infer_column(sample("12", "N/A", "-", "7", "NULL", "—"), FakeContext())
    assert type_name == "number"
    assert infer_column(sample("n/a", "-", "?"), FakeContext()) == ("text", Inference())


def test_long_headers_make_titles_of_at_most_200_characters():
    header = "x" * 250
    mapping, _options = run({"Name": ["a"], header: ["b"]})
    assert mapping[header]["title"] == "x" * 200


def test_random_words_are_text():
    assert infer_column(sample("qzx", "wvut", "plok", "brr"), FakeContext()) == ("text", Inference())
