"""The builder's "and only if" part: rule rows (column, operator, value) ⇄ a filter tree of the
views language, with the fields, operators and choices the board's filter builder offers
(static/js/filters.js reads values the same way). A tree the rows cannot show (nested groups,
set through the API) is kept as it is."""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from automations.choices import BoardChoices, option_value
from automations.pickers import PickError
from fields import operators

DAYS = ("within_the_next", "within_the_last")
NUMBER_TYPES = ("number", "rating", "auto_number")
DATE_TYPES = ("date", "timeline", "creation_log", "last_updated")
_RULE = re.compile(r"^rules\.(\d+)\.column$")


@dataclass
class Rule:
    """One row, as the form holds it: `value` is a list for a multiple choice."""

    column: str = ""
    operator: str = ""
    value: Any = ""
    value2: str = ""


def rules_from_form(form: Mapping) -> list[Rule]:
    numbers = sorted(int(m.group(1)) for key in form if (m := _RULE.match(key)))
    rules = []
    for n in numbers:
        prefix = f"rules.{n}."
        values = form.getlist(prefix + "value")
        rules.append(Rule(form.get(prefix + "column") or "", form.get(prefix + "operator") or "",
                          values if len(values) > 1 or form.get(prefix + "multiple") else (values[0] if values else ""),
                          form.get(prefix + "value2") or ""))
    return rules


def rules_from_tree(tree: Any, choices: BoardChoices) -> tuple[str, list[Rule], Any]:
    """(match, rows, kept): a flat and/or of rules becomes rows; anything else is kept."""
    if not tree:
        return "and", [], None
    if not isinstance(tree, dict) or len(tree) != 1 or next(iter(tree)) not in ("and", "or"):
        return "and", [], tree
    match, nodes = next(iter(tree.items()))
    if not isinstance(nodes, list) or not all(isinstance(n, dict) and "column" in n for n in nodes):
        return "and", [], tree
    return match, [_rule_from_node(node, choices) for node in nodes], None


def _rule_from_node(node: dict, choices: BoardChoices) -> Rule:
    rule = Rule(str(node.get("column") or ""), str(node.get("operator") or ""))
    value = node.get("value")
    meta = choices.filter_fields.get(rule.column) or {}
    if rule.operator in operators.WITHOUT_VALUE or value is None:
        return rule
    if rule.operator in DAYS:
        rule.value = option_value(value.get("days") if isinstance(value, dict) else value)
    elif rule.operator == "between" and isinstance(value, list) and len(value) == 2:
        rule.value, rule.value2 = option_value(value[0]), option_value(value[1])
    elif meta.get("choices"):
        values = value if isinstance(value, list) else [value]
        rule.value = [json.dumps(v) for v in values] if rule.operator in operators.CHOICE else json.dumps(values[0])
    else:
        rule.value = ", ".join(map(option_value, value)) if isinstance(value, list) else option_value(value)
    return rule


def normalize(rules: list[Rule], choices: BoardChoices) -> None:
    """A new or changed column offers its own operators: an operator it lacks becomes its first."""
    fields = choices.filter_fields
    for rule in rules:
        if rule.column not in fields and fields:
            rule.column = next(iter(fields))
        meta = fields.get(rule.column)
        if meta and rule.operator not in meta["operators"]:
            rule.operator, rule.value, rule.value2 = meta["operators"][0], "", ""


def tree(match: str, rules: list[Rule], kept: Any, choices: BoardChoices) -> Any:
    """The filter tree of the rows (None without any); PickError names a row it cannot read."""
    if kept and not rules:
        return kept
    nodes = []
    for n, rule in enumerate(rules, start=1):
        meta = choices.filter_fields.get(rule.column)
        if meta is None:
            raise PickError(_("Condition %(n)s: choose a column.", n=n))
        node: dict[str, Any] = {"column": rule.column, "operator": rule.operator}
        if _input(rule.operator, meta) and not _filled(rule):
            raise PickError(_("Condition %(n)s: fill in a value.", n=n))
        try:
            value = _value(rule, meta)
        except ValueError:
            raise PickError(_("Condition %(n)s: “%(value)s” is not a number.", n=n, value=rule.value)) from None
        if value is not None:
            node["value"] = value
        nodes.append(node)
    if kept:
        nodes.append(kept)
    return {match: nodes} if nodes else None


def _filled(rule: Rule) -> bool:
    values = rule.value if isinstance(rule.value, list) else [rule.value]
    return any(str(v).strip() for v in values) and (rule.operator != "between" or bool(rule.value2.strip()))


def _value(rule: Rule, meta: dict) -> Any:
    operator = rule.operator
    if operator in operators.WITHOUT_VALUE:
        return None
    if operator in DAYS:
        return {"days": int(_number(rule.value or "0"))}
    if operator == "between":
        return [_typed(str(rule.value), meta), _typed(rule.value2, meta)]
    if meta.get("choices"):
        values = [json.loads(v) for v in (rule.value if isinstance(rule.value, list) else [rule.value]) if v]
        return values if operator in operators.CHOICE else (values[0] if values else None)
    text = rule.value if isinstance(rule.value, str) else ", ".join(rule.value)
    if operator in operators.CHOICE:
        parts = [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
        return [int(p) if meta["type"] in ("people", "rating") else p for p in parts]
    return _typed(text, meta)


def _typed(text: str, meta: dict) -> Any:
    return _number(text) if meta["type"] in NUMBER_TYPES else text.strip()


def _number(text: str) -> float | int:
    value = float(str(text).replace(",", "").strip())
    return int(value) if value.is_integer() else value


# -- what the template shows -------------------------------------------------------------------------
@dataclass
class RuleView:
    n: int
    rule: Rule
    fields: list[tuple[str, str]]
    operators: list[tuple[str, str]]
    input: str  # "" (no value) | "days" | "between" | "select" | "multiple" | "number" | "date" | "text"
    options: list[tuple[str, str]] = field(default_factory=list)


def views(rules: list[Rule], choices: BoardChoices) -> list[RuleView]:
    fields = [(key, str(meta["title"])) for key, meta in choices.filter_fields.items()]
    shown = []
    for n, rule in enumerate(rules):
        meta = choices.filter_fields.get(rule.column) or {"operators": [], "type": "text"}
        ops = [(op, str(operators.TITLES.get(op, op))) for op in meta["operators"]]
        shown.append(RuleView(n, rule, fields, ops, _input(rule.operator, meta),
                              [(json.dumps(c["value"]), str(c["label"])) for c in meta.get("choices") or []]))
    return shown


def _input(operator: str, meta: dict) -> str:
    if operator in operators.WITHOUT_VALUE:
        return ""
    if operator in DAYS:
        return "days"
    if operator == "between":
        return "between"
    if meta.get("choices") and operator in (*operators.CHOICE, *operators.EQUALITY):
        return "multiple" if operator in operators.CHOICE else "select"
    if meta["type"] in NUMBER_TYPES:
        return "number"
    return "date" if meta["type"] in DATE_TYPES else "text"


def describe(match: str, rules: list[Rule], kept: Any, choices: BoardChoices) -> str:
    """The rows in words: "Points is greater than 10 and Status is Done"."""
    parts = []
    for view in views(rules, choices):
        title = dict(view.fields).get(view.rule.column, view.rule.column)
        words = [title, dict(view.operators).get(view.rule.operator, view.rule.operator)]
        if view.input and not _filled(view.rule):
            words.append("…")
        elif view.input in ("select", "multiple"):
            chosen = view.rule.value if isinstance(view.rule.value, list) else [view.rule.value]
            words.append(", ".join(dict(view.options).get(v, v) for v in chosen))
        elif view.input == "days":
            words.append(_("%(n)s days", n=view.rule.value))
        elif view.input == "between":
            words.append(_("%(low)s and %(high)s", low=view.rule.value, high=view.rule.value2))
        elif view.input:
            words.append(f"“{view.rule.value}”" if view.input == "text" else str(view.rule.value))
        parts.append(" ".join(words))
    if kept:
        parts.append(_("the conditions set through the API"))
    return (f" {_('or')} " if match == "or" else f" {_('and')} ").join(parts)
