"""The builder's form ⇄ definition (automations/builder.py, conditions_form.py, sentence.py):
every registered trigger and action has pickers the builder can draw; a definition survives the
trip through the form; pickers follow earlier choices; what cannot be read is said in words."""
from __future__ import annotations

from string import Formatter

import pytest
from werkzeug.datastructures import MultiDict

from automations import actions as _registered_actions  # noqa: F401  (the registries, filled at collection)
from automations import builder, recipes, sentence
from automations import triggers as _registered_triggers  # noqa: F401
from automations.builder import KEEP, SHOWN
from automations.choices import BoardChoices
from automations.pickers import KINDS, Picker, from_schema, pickers_of
from automations.registry import actions, triggers
from boards.models import Board
from workspace.extensions import db

REGISTERED = [("trigger", cls) for cls in triggers] + [("action", cls) for cls in actions]


@pytest.fixture
def board(app, flow):
    """The flow board (Status, Owner, Points, Note; groups To do and Done) plus Due, Signed, Email."""
    for title, type_name, key in (("Due", "date", "due"), ("Signed", "checkbox", "signed"),
                                  ("Email", "email", "email")):
        flow["api"].ok("POST", f"/boards/{flow['board']}/columns", {"title": title, "type": type_name, "key": key})
    with app.test_request_context():
        yield db.session.get(Board, flow["board"])
        db.session.remove()


@pytest.fixture
def choices(board) -> BoardChoices:
    return BoardChoices(board)


def form_of(draft: builder.Draft) -> MultiDict:
    """The form the builder's template draws for a draft (what the browser posts back)."""
    import json

    form = MultiDict({"name": draft.name, "match": draft.match})
    for prefix, part in (("trigger", draft.trigger), *((f"actions.{n}", p) for n, p in enumerate(draft.actions))):
        form[prefix] = part.type
        for picker in part.shown_pickers:
            value = part.raw.get(picker.key)
            for one in value if isinstance(value, list) else [value]:
                form.add(f"{prefix}.{picker.key}", one)
        if part.keep:
            form[f"{prefix}.{KEEP}"] = json.dumps({"type": part.type, "config": part.keep})
        if part.depended_on:
            form[f"{prefix}.{SHOWN}"] = json.dumps(part.depended_on)
    for n, rule in enumerate(draft.rules):
        form[f"rules.{n}.column"], form[f"rules.{n}.operator"] = rule.column, rule.operator
        if isinstance(rule.value, list):
            form[f"rules.{n}.multiple"] = "1"
        for one in rule.value if isinstance(rule.value, list) else [rule.value]:
            form.add(f"rules.{n}.value", one)
        form[f"rules.{n}.value2"] = rule.value2
    if draft.kept_conditions:
        form["kept_conditions"] = json.dumps(draft.kept_conditions)
    return form


def through_the_form(choices, trigger, actions_spec, conditions=None) -> dict:
    draft = builder.from_definition(choices, trigger=trigger, conditions=conditions, actions_spec=actions_spec)
    builder.normalize(draft, choices)
    definition, errors = builder.definition(builder.from_form(form_of(draft)), choices)
    assert errors == {}
    return definition


# -- the contract: every registered type -----------------------------------------------------------
@pytest.mark.parametrize(("role", "cls"), REGISTERED, ids=[cls.name for _role, cls in REGISTERED])
def test_every_type_has_pickers_the_builder_can_draw(role, cls, choices):
    pickers = pickers_of(cls)
    keys = [p.key for p in pickers]
    properties = cls.config_schema.get("properties", {})
    for n, picker in enumerate(pickers):
        assert picker.kind in KINDS
        assert picker.key in properties or (picker.kind == "recipients" and {"people_column", "user_ids"} <= set(
            properties)), f"{picker.key} is not in the config schema"
        if picker.of:
            assert picker.of in keys[:n], f"{picker.key} depends on {picker.of}, which must come before it"
        if picker.only_if:
            assert picker.only_if[0] in keys
    if cls.phrase:
        placeholders = {name for _lit, name, _spec, _conv in Formatter().parse(str(cls.phrase)) if name}
        assert placeholders <= set(keys), f"the phrase names {placeholders - set(keys)}, which no picker fills"
    draft = builder.Draft()
    part = builder.Part(role, cls.name)
    if role == "trigger":
        draft.trigger = part
    else:
        draft.actions = [part]
    builder.normalize(draft, choices)
    assert sentence.segments(part, "trigger" if role == "trigger" else "actions.0", choices)
    assert sentence.describe_part(part, choices)


def test_pickers_are_derived_from_the_schema_by_convention():
    schema = {"type": "object", "properties": {
        "column": {"type": "string"}, "label": {"type": "string"}, "group_id": {"type": "integer"},
        "user_ids": {"type": "array"}, "message": {"type": "string"}, "every": {"enum": ["day", "week"]},
        "at": {"type": "string"}, "by": {"type": "number"}, "values": {"type": "object"}},
        "required": ["column", "message"]}
    by_key = {p.key: p for p in from_schema(schema, ("message",))}
    assert by_key["column"] == Picker("column", "column")
    assert by_key["label"].kind == "label" and by_key["label"].of == "column" and by_key["label"].optional
    assert by_key["group_id"].kind == "group" and by_key["user_ids"].kind == "members"
    assert by_key["message"] == Picker("message", "long_text", tokens=True)
    assert by_key["every"].choices == (("day", "day"), ("week", "week"))
    assert by_key["at"].kind == "time" and by_key["by"].kind == "number"
    assert "values" not in by_key  # kept as it is, shown by no picker


def test_an_unknown_picker_kind_is_refused():
    with pytest.raises(ValueError, match="unknown picker kind"):
        Picker("column", "colour")


# -- through the form and back ----------------------------------------------------------------------
def definitions(flow_ids, user_id):
    done = flow_ids["done"]
    return [
        ({"type": "status_changed_to", "config": {"column": "status", "label": "Done"}},
         [{"type": "move_to_group", "config": {"group_id": done}}], None),
        ({"type": "column_changed", "config": {"column": "points"}},
         [{"type": "set_value", "config": {"column": "points", "value": 5}},
          {"type": "set_value", "config": {"column": "status", "value": "Stuck"}},
          {"type": "set_value", "config": {"column": "signed", "value": True}},
          {"type": "set_value", "config": {"column": "owner", "value": [user_id]}},
          {"type": "set_value", "config": {"column": "due", "value": "{today}"}}], None),
        ({"type": "item_created", "config": {}},
         [{"type": "notify", "config": {"people_column": "owner", "message": "Hi {item.name}"}},
          {"type": "assign_person", "config": {"user_id": user_id, "column": "owner"}},
          {"type": "increase_number", "config": {"column": "points", "by": 2.5}}], None),
        ({"type": "item_moved_to_group", "config": {"group_id": done}},
         [{"type": "notify", "config": {"user_ids": [user_id], "message": "Moved"}},
          {"type": "create_item", "config": {"board_id": flow_ids["board"], "name": "Copy", "values": {"note": "x"}}}],
         None),
        ({"type": "date_arrived", "config": {"column": "due", "offset_days": -3}},
         [{"type": "create_subitem", "config": {"name": "Call {item.name}"}}], None),
        ({"type": "every_period", "config": {"every": "week", "weekday": 2, "at": "09:30"}},
         [{"type": "send_webhook", "config": {"url": "https://example.com/hook", "secret": "s3cret"}}], None),
        ({"type": "every_period", "config": {"every": "month", "day_of_month": 15, "at": "18:00"}},
         [{"type": "send_email", "config": {"to": "ops@example.com", "subject": "Monthly", "body": "Hello"}}], None),
        ({"type": "column_changed", "config": {"column": "status"}}, [{"type": "archive_item", "config": {}}],
         {"or": [{"column": "points", "operator": "greater_than", "value": 10},
                 {"column": "status", "operator": "any_of", "value": ["Working", "Done"]},
                 {"column": "status", "operator": "equals", "value": "Stuck"},
                 {"column": "note", "operator": "contains_text", "value": "x"},
                 {"column": "due", "operator": "within_the_next", "value": {"days": 7}},
                 {"column": "points", "operator": "between", "value": [1, 5]},
                 {"column": "owner", "operator": "is_empty"},
                 {"column": "group", "operator": "any_of", "value": [done]}]}),
    ]


def test_definitions_survive_the_trip_through_the_form(choices, flow):
    for trigger, steps, conditions in definitions(flow, flow["api"].user_id):
        result = through_the_form(choices, trigger, steps, conditions)
        assert result == {"trigger": trigger, "conditions": conditions, "actions": steps}, trigger


def test_nested_conditions_are_kept_as_they_are(choices, flow):
    nested = {"and": [{"column": "points", "operator": "greater_than", "value": 1},
                      {"or": [{"column": "note", "operator": "is_empty"},
                              {"column": "owner", "operator": "is_empty"}]}]}
    draft = builder.from_definition(choices, trigger={"type": "item_created", "config": {}}, conditions=nested,
                                    actions_spec=[{"type": "archive_item", "config": {}}])
    assert draft.rules == [] and draft.kept_conditions == nested
    definition, errors = builder.definition(builder.from_form(form_of(draft)), choices)
    assert errors == {} and definition["conditions"] == nested
    builder.apply(draft, "drop_kept_conditions")
    assert builder.definition(draft, choices)[0]["conditions"] is None


# -- pickers follow earlier choices ----------------------------------------------------------------------
def test_another_status_column_offers_its_own_labels(choices, flow):
    flow["api"].ok("POST", f"/boards/{flow['board']}/columns", {
        "title": "Stage", "type": "status", "key": "stage", "settings": {"labels": [{"label": "Lead"}]}})
    choices = BoardChoices(choices.board)
    form = MultiDict({"trigger": "status_changed_to", "trigger.column": "stage", "trigger.label": "Done",
                      "actions.0": "archive_item"})
    draft = builder.from_form(form)
    builder.normalize(draft, choices)
    assert draft.trigger.raw["label"] == "Lead"
    assert sentence.describe(draft, choices) == "When Stage changes to Lead, archive the item"


def test_a_value_typed_for_one_column_is_dropped_when_another_is_chosen(choices):
    form = MultiDict({"trigger": "item_created", "actions.0": "set_value", "actions.0.column": "due",
                      "actions.0.value": "Stuck", f"actions.0.{SHOWN}": '{"column": "status"}'})
    draft = builder.from_form(form)
    assert draft.actions[0].raw == {"column": "due", "value": ""}
    assert builder.definition(draft, choices)[1] == {"actions.0": "“Value” is missing."}


def test_a_weekday_is_asked_for_only_every_week(choices):
    draft = builder.from_form(MultiDict({"trigger": "every_period", "trigger.every": "day", "trigger.at": "08:00",
                                         "trigger.weekday": "3", "actions.0": "send_webhook",
                                         "actions.0.url": "https://example.com"}))
    assert [w.widget.name for w in sentence.segments(draft.trigger, "trigger", choices) if w.widget] == [
        "trigger.every", "trigger.at"]
    assert builder.definition(draft, choices)[0]["trigger"] == {"type": "every_period",
                                                                "config": {"every": "day", "at": "08:00"}}


def test_a_new_condition_starts_at_the_first_field_and_its_first_operator(choices):
    draft = builder.from_form(MultiDict({"trigger": "item_created", "actions.0": "archive_item"}))
    builder.apply(draft, "add_rule")
    builder.normalize(draft, choices)
    [rule] = draft.rules
    meta = choices.filter_fields[rule.column]
    assert rule.operator == meta["operators"][0]


def test_actions_are_added_up_to_the_limit_and_the_last_one_stays(choices):
    draft = builder.Draft()
    for _n in range(builder.MAX_ACTIONS + 3):
        builder.apply(draft, "add_action")
    assert len(draft.actions) == builder.MAX_ACTIONS
    for _n in range(builder.MAX_ACTIONS + 3):
        builder.apply(draft, "remove_action:0")
    assert len(draft.actions) == 1


# -- what cannot be read, in words ------------------------------------------------------------------------
def test_what_cannot_be_read_is_said_per_part(choices):
    form = MultiDict({"trigger": "", "actions.0": "increase_number", "actions.0.column": "points",
                      "actions.0.by": "many", "actions.1": "", "actions.2": "set_value", "actions.2.column": "points",
                      "actions.2.value": "twelve", "rules.0.column": "points", "rules.0.operator": "greater_than",
                      "rules.0.value": ""})
    _definition, errors = builder.definition(builder.from_form(form), choices)
    assert errors == {"trigger": "Choose what starts the automation.", "actions.0": "“By” must be a number.",
                      "actions.1": "Choose what the automation does.", "actions.2": errors["actions.2"],
                      "conditions": "Condition 1: fill in a value."}
    assert errors["actions.2"].startswith("Points: ")


def test_a_value_with_tokens_is_read_when_the_automation_runs(choices):
    form = MultiDict({"trigger": "item_created", "actions.0": "set_value", "actions.0.column": "points",
                      "actions.0.value": "{item.points}"})
    definition, errors = builder.definition(builder.from_form(form), choices)
    assert errors == {} and definition["actions"][0]["config"]["value"] == "{item.points}"


# -- in plain words ----------------------------------------------------------------------------------------
def test_the_sentence_reads_like_the_issue_says(choices, flow):
    draft = builder.from_definition(
        choices, trigger={"type": "status_changed_to", "config": {"column": "status", "label": "Done"}},
        actions_spec=[{"type": "move_to_group", "config": {"group_id": flow["done"]}},
                      {"type": "notify", "config": {"people_column": "owner", "message": "{item.name} is done"}}],
        conditions={"and": [{"column": "points", "operator": "greater_than", "value": 10}]})
    assert sentence.describe(draft, choices) == (
        "When Status changes to Done and only if Points is greater than 10, move the item to Done "
        "and notify the people in Owner: “{item.name} is done”")


def test_every_recipe_makes_a_draft_with_its_types(choices):
    for recipe in recipes.available():
        draft = recipes.draft(recipe, choices)
        builder.normalize(draft, choices)
        assert draft.trigger.type == recipe.trigger["type"]
        assert [part.type for part in draft.actions] == [step["type"] for step in recipe.actions]


def test_a_recipe_prefers_a_column_of_the_right_type(choices):
    draft = recipes.draft(recipes.get("created_sets_date"), choices)
    assert draft.actions[0].raw["column"] == "due"
