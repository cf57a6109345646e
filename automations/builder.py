"""The builder's form ⇄ an automation's definition.

The form holds a draft: the trigger and each action as a type plus the text of each picker
(`trigger.<key>`, `actions.N.<key>`), and the conditions as rule rows (automations/
conditions_form.py). Every change of a select re-renders the sentence from the posted draft, so
pickers that depend on an earlier choice (the labels of the chosen status column) are current.
What a type's pickers are comes from the type itself (automations/pickers.py); this module only
knows the picker kinds.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from automations import conditions_form
from automations.choices import BoardChoices, option_value
from automations.conditions_form import Rule
from automations.pickers import Picker, PickError, pickers_of
from automations.registry import actions, triggers
from automations.tokens import TOKEN
from boards.context import WorkspaceContext
from fields import InvalidValue, column_types

KEEP = "__keep"  # the hidden field with the config entries no picker shows
SHOWN = "__shown"  # the hidden field with the choices other pickers depended on when shown
MAX_ACTIONS = 10


@dataclass
class Part:
    """The trigger or one action: its type ("" until chosen) and its pickers' form text."""

    role: str  # "trigger" | "action"
    type: str = ""
    raw: dict[str, Any] = field(default_factory=dict)
    keep: dict[str, Any] = field(default_factory=dict)

    @property
    def cls(self) -> Any:
        registry = triggers if self.role == "trigger" else actions
        return registry.get(self.type) if self.type in registry else None

    @property
    def pickers(self) -> tuple[Picker, ...]:
        return pickers_of(self.cls) if self.cls is not None else ()

    @property
    def shown_pickers(self) -> tuple[Picker, ...]:
        """The pickers the current choices call for (a weekday only for every week)."""
        return tuple(p for p in self.pickers if p.only_if is None or self.raw.get(p.only_if[0]) in p.only_if[1])

    @property
    def depended_on(self) -> dict[str, Any]:
        """The choices other pickers depend on, as shown: a value typed for the column shown
        is dropped when another column is chosen."""
        return {p.of: self.raw.get(p.of) for p in self.pickers if p.of}


@dataclass
class Draft:
    name: str = ""
    trigger: Part = field(default_factory=lambda: Part("trigger"))
    match: str = "and"
    rules: list[Rule] = field(default_factory=list)
    kept_conditions: Any = None  # conditions the rule rows cannot show (nested groups), kept as they are
    actions: list[Part] = field(default_factory=lambda: [Part("action")])
    test_item: str = ""

    @property
    def gives_change(self) -> bool:
        cls = self.trigger.cls
        return bool(cls and cls.gives_change)


# -- a draft from a definition (a saved automation, a recipe) ------------------------------------
def from_definition(choices: BoardChoices, *, name: str = "", trigger: Any = None, conditions: Any = None,
                    actions_spec: Any = None) -> Draft:
    draft = Draft(name=name or "")
    draft.trigger = _part_from_spec("trigger", trigger, choices)
    draft.actions = [_part_from_spec("action", spec, choices) for spec in (actions_spec or [])] or [Part("action")]
    draft.match, draft.rules, draft.kept_conditions = conditions_form.rules_from_tree(conditions, choices)
    return draft


def _part_from_spec(role: str, spec: Any, choices: BoardChoices) -> Part:
    if not isinstance(spec, dict):
        return Part(role)
    part = Part(role, str(spec.get("type") or ""))
    config = dict(spec.get("config") or {})
    shown = set()
    for picker in part.pickers:
        part.raw[picker.key] = to_text(picker, config, choices)
        shown |= {"people_column", "user_ids"} if picker.kind == "recipients" else {picker.key}
    part.keep = {key: value for key, value in config.items() if key not in shown}
    return part


def to_text(picker: Picker, config: dict, choices: BoardChoices) -> Any:
    """A config value as the picker's form text (a list of texts for multiple choices)."""
    if picker.kind == "recipients":
        if config.get("people_column"):
            return f"column:{config['people_column']}"
        return "users:" + ",".join(map(str, config["user_ids"])) if config.get("user_ids") else ""
    value = config.get(picker.key)
    if picker.kind == "members":
        return [str(v) for v in value or []]
    if value is None:
        return ""
    if picker.kind == "checkbox":
        return "1" if value else ""
    if picker.kind == "value" and not isinstance(value, str):
        column = choices.column(config.get(picker.of))
        if column is not None and column.type in column_types:
            try:
                return column_types.get(column.type)(column.settings).format_text(value)
            except (TypeError, ValueError, AttributeError):
                pass
        return json.dumps(value)
    return option_value(value)


# -- a draft from the posted form ------------------------------------------------------------------
_ACTION = re.compile(r"^actions\.(\d+)$")


def from_form(form: Mapping) -> Draft:
    """The draft the form holds (text only; turned into config by `definition`)."""
    draft = Draft(name=(form.get("name") or "").strip(), match="or" if form.get("match") == "or" else "and",
                  test_item=form.get("test_item") or "")
    draft.trigger = _part_from_form("trigger", form)
    numbers = sorted(int(m.group(1)) for key in form if (m := _ACTION.match(key)))
    draft.actions = [_part_from_form(f"actions.{n}", form) for n in numbers] or [Part("action")]
    draft.rules = conditions_form.rules_from_form(form)
    draft.kept_conditions = _json(form.get("kept_conditions"))
    return draft


def _part_from_form(prefix: str, form: Mapping) -> Part:
    part = Part("trigger" if prefix == "trigger" else "action", form.get(prefix) or "")
    for picker in part.pickers:
        name = f"{prefix}.{picker.key}"
        part.raw[picker.key] = form.getlist(name) if picker.kind == "members" else (form.get(name) or "")
    shown = _json(form.get(f"{prefix}.{SHOWN}"))
    if isinstance(shown, dict):
        for picker in part.pickers:
            if picker.of in shown and shown[picker.of] != part.raw.get(picker.of):
                part.raw[picker.key] = [] if picker.kind == "members" else ""
    keep = _json(form.get(f"{prefix}.{KEEP}"))
    if isinstance(keep, dict) and keep.get("type") == part.type:  # a changed type starts afresh
        part.keep = keep.get("config") or {}
    return part


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def apply(draft: Draft, op: str) -> None:
    """The builder's buttons: + condition / + another action / remove one."""
    verb, _sep, index = op.partition(":")
    n = int(index) if index.isdigit() else -1
    if verb == "add_rule":
        draft.rules.append(Rule())
    elif verb == "remove_rule" and 0 <= n < len(draft.rules):
        del draft.rules[n]
    elif verb == "add_action" and len(draft.actions) < MAX_ACTIONS:
        draft.actions.append(Part("action"))
    elif verb == "remove_action" and 0 <= n < len(draft.actions) and len(draft.actions) > 1:
        del draft.actions[n]
    elif verb == "drop_kept_conditions":
        draft.kept_conditions = None


def normalize(draft: Draft, choices: BoardChoices) -> None:
    """A select whose choice is not (or no longer) offered takes its first option, in picker
    order, so the labels offered follow the status column now chosen."""
    for part in (draft.trigger, *draft.actions):
        for picker in part.shown_pickers:
            options = choices.options(picker, part.raw)
            if options is None or picker.kind == "members":
                continue
            values = [value for value, _title in options]
            if part.raw.get(picker.key) not in values:
                part.raw[picker.key] = "" if picker.optional or not values else values[0]
    conditions_form.normalize(draft.rules, choices)


# -- the definition the service checks ---------------------------------------------------------------
def definition(draft: Draft, choices: BoardChoices) -> tuple[dict, dict[str, str]]:
    """The definition for the service, and the builder's own errors by part (trigger,
    conditions, actions.N): what is missing or cannot be read, in words."""
    errors: dict[str, str] = {}
    trigger = _config("trigger", draft.trigger, choices, errors, _("Choose what starts the automation."))
    steps = [_config(f"actions.{n}", part, choices, errors, _("Choose what the automation does."))
             for n, part in enumerate(draft.actions)]
    try:
        conditions = conditions_form.tree(draft.match, draft.rules, draft.kept_conditions, choices)
    except PickError as error:
        errors["conditions"] = error.reason
        conditions = None
    return {"trigger": trigger, "conditions": conditions, "actions": steps}, errors


def _config(where: str, part: Part, choices: BoardChoices, errors: dict[str, str], unchosen: str) -> dict:
    if part.cls is None:
        errors[where] = unchosen
        return {"type": part.type, "config": {}}
    config = dict(part.keep)
    try:
        for picker in part.shown_pickers:
            read(picker, part.raw.get(picker.key), config, choices)
    except PickError as error:
        errors[where] = error.reason
    return {"type": part.type, "config": config}


def read(picker: Picker, text: Any, config: dict, choices: BoardChoices) -> None:
    """Sets the picker's config value from its form text; PickError when it cannot."""
    if picker.kind == "members":
        try:
            ids = [int(v) for v in text or []]
        except ValueError:
            raise PickError(_("“%(what)s”: choose people from the list.", what=picker.title)) from None
        if ids or not picker.optional:
            config[picker.key] = ids
        return
    if picker.kind == "checkbox":
        config[picker.key] = bool(text)
        return
    text = (text or "").strip() if picker.kind not in ("text", "long_text") else (text or "")
    if not text.strip():
        if picker.optional:
            return
        raise PickError(_("“%(what)s” is missing.", what=picker.title))
    config.update(_value(picker, text, config, choices))


def _value(picker: Picker, text: str, config: dict, choices: BoardChoices) -> dict:
    kind = picker.kind
    if kind == "recipients":
        scope, _sep, rest = text.partition(":")
        if scope == "column":
            return {"people_column": rest}
        return {"user_ids": [_int(part, picker) for part in rest.split(",")]}
    if kind in ("group", "board", "member", "item", "integer"):
        return {picker.key: _int(text, picker)}
    if kind == "number":
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            raise PickError(_("“%(what)s” must be a number.", what=picker.title)) from None
        return {picker.key: int(number) if number.is_integer() else number}
    if kind == "choice":
        found = next((v for v, _t in picker.choices if option_value(v) == text), None)
        if found is None:  # a value set through the API, not among the choices
            found = int(text) if text.lstrip("-").isdigit() else text
        return {picker.key: found}
    if kind == "value":
        return {picker.key: _column_value(picker, text, config, choices)}
    return {picker.key: text}


def _int(text: str, picker: Picker) -> int:
    try:
        return int(text)
    except ValueError:
        raise PickError(_("“%(what)s” must be a whole number.", what=picker.title)) from None


def _column_value(picker: Picker, text: str, config: dict, choices: BoardChoices) -> Any:
    """Typed text read by the column's type, like a typed cell; text with tokens stays text
    (it is read when the automation runs)."""
    column = choices.column(config.get(picker.of))
    if TOKEN.search(text) or column is None or column.type not in column_types:
        return text
    try:
        return column_types.get(column.type)(column.settings).parse_text(
            text, WorkspaceContext(choices.board.workspace_id))
    except InvalidValue as error:
        raise PickError(_("%(column)s: %(reason)s", column=column.title, reason=error.reason)) from None
