"""Ready recipes: an automation with its blanks to fill in. Clicking one opens the builder with the
trigger and actions chosen; the pickers start at the board's first column, label or group of the
right kind, and the person changes what they need. A recipe whose trigger or action is not
registered (yet) is not offered."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from automations.builder import Draft, from_definition
from automations.choices import BoardChoices
from automations.registry import actions, triggers


@dataclass(frozen=True)
class Recipe:
    key: str
    title: Any
    trigger: dict
    actions: tuple[dict, ...]
    # Pickers that should start at a column of these types ("actions.0.column": ("date",)).
    prefer: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def available(self) -> bool:
        return self.trigger["type"] in triggers and all(step["type"] in actions for step in self.actions)


def _do(type_name: str, **config: Any) -> dict:
    return {"type": type_name, "config": config}


# Texts inside configs keep their {tokens} untranslated: they are filled in when the automation runs.
RECIPES = (
    Recipe("status_moves_item", _l("When a status changes to something, move the item to a group"),
           _do("status_changed_to"), (_do("move_to_group"),)),
    Recipe("date_notifies", _l("When a date arrives, notify someone"),
           _do("date_arrived", offset_days=0), (_do("notify", message=_l("{item.name} is due today")),),
           prefer=(("trigger.column", ("date",)),)),
    Recipe("created_assigns", _l("When an item is created, assign a person"),
           _do("item_created"), (_do("assign_person"),)),
    Recipe("weekly_summary", _l("Every Monday, e-mail a summary"),
           _do("every_period", every="week", weekday=0, at="09:00"),
           (_do("send_email", subject=_l("{board.name}: the week ahead"),
                body=_l("{board.name} holds {board.items} items on {today} — {board.summary}.")),)),
    Recipe("status_notifies", _l("When a status changes to something, notify the people in a column"),
           _do("status_changed_to"), (_do("notify", message=_l("{item.name} was changed by {user.name}")),)),
    Recipe("created_notifies", _l("When an item is created, notify someone"),
           _do("item_created"), (_do("notify", message=_l("New item: {item.name}")),)),
    Recipe("status_creates_subitem", _l("When a status changes to something, create a sub-item"),
           _do("status_changed_to"), (_do("create_subitem", name=_l("Follow up on {item.name}")),)),
    Recipe("moved_sets_value", _l("When an item moves to a group, set a column"),
           _do("item_moved_to_group"), (_do("set_value"),)),
    Recipe("created_sets_date", _l("When an item is created, set a date to today"),
           _do("item_created"), (_do("set_value", value="{today}"),),
           prefer=(("actions.0.column", ("date",)),)),
    Recipe("status_archives", _l("When a status changes to something, archive the item"),
           _do("status_changed_to"), (_do("archive_item"),)),
    Recipe("number_changes", _l("When a column changes, increase a number"),
           _do("column_changed"), (_do("increase_number", by=1),)),
)


def available() -> list[Recipe]:
    return [recipe for recipe in RECIPES if recipe.available]


def get(key: str) -> Recipe | None:
    return next((recipe for recipe in available() if recipe.key == key), None)


def draft(recipe: Recipe, choices: BoardChoices) -> Draft:
    """The builder's draft of the recipe, its preferred columns chosen where the board has them."""
    def plain(spec: dict, registry: Any) -> dict:
        known = registry.get(spec["type"]).config_schema.get("properties", {})
        return {"type": spec["type"], "config": {key: value if isinstance(value, int | float) else str(value)
                                                 for key, value in spec["config"].items() if key in known}}
    result = from_definition(choices, trigger=plain(recipe.trigger, triggers),
                             actions_spec=[plain(step, actions) for step in recipe.actions])
    for where, types in recipe.prefer:
        column = next((c for c in choices.columns if c.type in types), None)
        prefix, _sep, key = where.rpartition(".")
        part = result.trigger if prefix == "trigger" else result.actions[int(prefix.rpartition(".")[2])]
        if column is not None:
            part.raw[key] = column.key
    return result
