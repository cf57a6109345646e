"""A status: one coloured label out of the column's list."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.filtering import choice_filter, label_order
from fields.inference import Inference, repeats
from fields.labels import MAX_LABEL, PALETTE, can_add, check_unique, dedupe, match_label, meaning_color, unknown

MAX_LABELS = 200
MAX_INFERRED = 30  # labels a status is guessed with; more is free text


@register
class StatusType(ColumnType):
    name = "status"
    title = _l("Status")
    settings_schema = {
        "type": "object",
        "properties": {
            "labels": {
                "type": "array",
                "maxItems": MAX_LABELS,
                "items": {
                    "type": "object",
                    "properties": {
                        "label": {"type": "string", "minLength": 1, "maxLength": MAX_LABEL},
                        "color": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
                    },
                    "required": ["label"],
                    "additionalProperties": False,
                },
            },
            "default": {"type": "string"},
        },
        "required": ["labels"],
        "additionalProperties": False,
    }
    default_settings = {
        "labels": [
            {"label": "Working on it", "color": "#fdab3d"},
            {"label": "Stuck", "color": "#e2445c"},
            {"label": "Done", "color": "#00c875"},
        ]
    }
    value_schema = {"type": "string"}
    groupable = True
    operators = ops.CHOICE_LIKE + ops.EQUALITY
    inference_rank = 75

    @classmethod
    def infer(cls, sample, context):
        # A few short labels that come again and again ("Won", "Lost", "New").
        texts = sample.counts
        if not sample.complete or any(len(text) > MAX_LABEL or "\n" in text or "\r" in text for text in texts):
            return None
        labels = dedupe(texts)  # labels match ignoring case: "won" is the label "Won"
        if len(labels) > MAX_INFERRED or not repeats(sample.non_empty, len(labels)):
            return None
        entries = [{"label": label, "color": color} if (color := meaning_color(label)) else {"label": label}
                   for label in labels]
        return Inference(cls.clean_settings({"labels": entries}))

    @property
    def labels(self) -> list[str]:
        return [entry["label"] for entry in self.settings["labels"]]

    @classmethod
    def clean_settings(cls, settings):
        """Labels given without a colour get the next free one from the palette."""
        settings = super().clean_settings(settings)
        used = {entry["color"].lower() for entry in settings["labels"] if "color" in entry}
        free = [color for color in PALETTE if color not in used] or list(PALETTE)
        labels = []
        for n, entry in enumerate(settings["labels"]):
            labels.append(entry if "color" in entry else {**entry, "color": free[n % len(free)]})
        return {**settings, "labels": labels}

    @classmethod
    def check_settings(cls, settings):
        labels = [entry["label"] for entry in settings["labels"]]
        check_unique(labels, in_lists=False)
        default = settings.get("default")
        if default is not None and default not in labels:
            raise InvalidValue(f"the default '{default}' is not one of the labels")

    def check(self, value, context):
        if not value.strip():
            return None
        label = match_label(value, self.labels)
        if label is None:
            raise unknown([value.strip()], self.labels)
        return label

    def reader(self, reading, context):
        # One dict lookup per cell instead of match_label's walk over the labels.
        by_key = {label.casefold(): label for label in reversed(self.labels)}  # first spelling wins

        def read(text: str) -> str | None:
            text = text.strip()
            label = by_key.get(text.casefold())
            if label is None and text:
                raise unknown([text], self.labels)
            return label
        return read

    def filter_clause(self, operator, value, expr):
        return choice_filter(operator, value, expr, self.validate, is_list=False)

    def sort_expression(self, expr):
        return label_order(expr.text(), self.labels)

    def settings_for_values(self, texts):
        entries = [dict(entry) for entry in self.settings["labels"]]
        used = {entry["color"].lower() for entry in entries}
        free = [color for color in PALETTE if color not in used] or list(PALETTE)
        for text in texts:
            text = text.strip()
            if can_add(text, [entry["label"] for entry in entries], MAX_LABELS):
                entries.append({"label": text, "color": free[0]})
                free = free[1:] or list(PALETTE)
        return {**self.settings, "labels": entries}
