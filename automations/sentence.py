"""An automation as a sentence: the builder's words and pickers in the order the type's phrase
puts them ("When [Status ▾] changes to [Done ▾]"), and the same sentence in plain words for
the list ("When Status changes to Done, move the item to Done")."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from string import Formatter
from typing import Any

from flask_babel import gettext as _

from automations import conditions_form
from automations.builder import Draft, Part
from automations.choices import BoardChoices
from automations.pickers import Picker

INPUTS = {"members": "multiple", "text": "text", "long_text": "textarea", "number": "number",
          "integer": "number", "time": "time", "checkbox": "checkbox"}


@dataclass
class Widget:
    """One picker as the template draws it."""

    name: str  # the form field: trigger.column, actions.0.group_id
    id: str
    input: str  # select | multiple | text | textarea | number | time | checkbox
    label: str
    value: Any
    options: list[tuple[str, str]] = field(default_factory=list)
    tokens: bool = False
    optional: bool = False


@dataclass
class Segment:
    text: str = ""
    widget: Widget | None = None


def segments(part: Part, prefix: str, choices: BoardChoices) -> list[Segment]:
    """The part's phrase with a widget where each picker goes; pickers the phrase does not
    place follow it, each after its label."""
    shown = []
    for words, picker in _walk(part):
        if picker is None:
            shown.append(Segment(text=words))
            continue
        options = choices.options(picker, part.raw)
        value = part.raw.get(picker.key, [] if picker.kind == "members" else "")
        if picker.kind == "members":
            input_type = "multiple"
        else:
            input_type = "select" if options is not None else INPUTS.get(picker.kind, "text")
        shown.append(Segment(text=words, widget=Widget(
            f"{prefix}.{picker.key}", f"f-{prefix.replace('.', '-')}-{picker.key}", input_type, str(picker.title),
            value, options or [], picker.tokens, picker.optional)))
    return shown


def _walk(part: Part) -> Iterator[tuple[str, Picker | None]]:
    """(words, None) for the phrase's words, (words before it, picker) for each blank."""
    cls = part.cls
    if cls is None:
        return
    pickers = {p.key: p for p in part.shown_pickers}
    hidden = {p.key for p in part.pickers} - set(pickers)
    placed: set[str] = set()
    if cls.phrase:
        for literal, name, _spec, _conversion in Formatter().parse(str(cls.phrase)):
            if literal:
                yield literal, None
            if name in pickers:
                placed.add(name)
                yield "", pickers[name]
            elif name and name not in hidden:
                yield "{" + name + "}", None
    else:
        yield str(cls.title), None
    for key, picker in pickers.items():
        if key not in placed:
            yield f" {picker.title}", picker


# -- in plain words --------------------------------------------------------------------------------
def describe_part(part: Part, choices: BoardChoices) -> str:
    if part.cls is None:
        return "…"
    text = []
    for words, picker in _walk(part):
        text.append(words)
        if picker is not None:
            text.append(_shown(picker, part, choices))
    return "".join(text).strip()


def _shown(picker: Picker, part: Part, choices: BoardChoices) -> str:
    value = part.raw.get(picker.key)
    if picker.kind == "checkbox":
        return _("yes") if value else _("no")
    if value in ("", None, []):
        return "…"
    options = choices.options(picker, part.raw)
    if options is not None:
        titles = dict(options)
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(titles.get(v, v) for v in chosen)
    if picker.kind in ("text", "long_text", "value"):
        return f"“{value}”"
    return str(value)


def describe(draft: Draft, choices: BoardChoices) -> str:
    """ "When Status changes to Done, move the item to Done and notify the people in Owner: “…”"."""
    trigger = describe_part(draft.trigger, choices)
    steps = [describe_part(part, choices) for part in draft.actions]
    done = steps[0] if len(steps) == 1 else _("%(first)s and %(last)s", first=", ".join(steps[:-1]), last=steps[-1])
    conditions = conditions_form.describe(draft.match, draft.rules, draft.kept_conditions, choices)
    if conditions:
        return _("%(trigger)s and only if %(conditions)s, %(actions)s", trigger=trigger, conditions=conditions,
                 actions=done)
    return _("%(trigger)s, %(actions)s", trigger=trigger, actions=done)
