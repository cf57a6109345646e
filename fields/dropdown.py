"""A dropdown: any number of labels out of the column's list."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, register
from fields.filtering import ListChoiceFilters
from fields.inference import Inference, repeats
from fields.labels import MAX_LABEL, SEPARATORS, can_add, check_unique, dedupe, match_label, split_list, unknown

MAX_LABELS = 500
MAX_INFERRED = 50  # labels a dropdown is guessed with; more is free text


@register
class DropdownType(ListChoiceFilters, ColumnType):
    name = "dropdown"
    title = _l("Dropdown")
    settings_schema = {
        "type": "object",
        "properties": {
            "labels": {
                "type": "array",
                "maxItems": MAX_LABELS,
                "items": {"type": "string", "minLength": 1, "maxLength": MAX_LABEL},
            },
        },
        "required": ["labels"],
        "additionalProperties": False,
    }
    default_settings = {"labels": []}
    value_schema = {"type": "array", "items": {"type": "string"}, "maxItems": MAX_LABELS}
    groupable = True
    operators = ops.CHOICE_LIKE
    inference_rank = 70

    @classmethod
    def infer(cls, sample, context):
        # Lists ("a, b") drawn from a few labels that come again and again.
        if not sample.complete or not any(sep in text for text in sample.counts for sep in SEPARATORS):
            return None
        uses: dict[str, int] = {}  # casefolded piece -> cells holding it
        combinations: dict[str, int] = {}  # casefolded piece -> distinct texts holding it
        labels: list[str] = []
        for text, n in sample.counts.items():
            for piece in dedupe(split_list(text)):
                if piece.casefold() not in uses:
                    labels.append(piece)
                uses[piece.casefold()] = uses.get(piece.casefold(), 0) + n
                combinations[piece.casefold()] = combinations.get(piece.casefold(), 0) + 1
        # Labels of a multi-select turn up in more than one combination ("vip", "vip, lead"); the
        # pieces of free text with commas ("Call back, urgent") each belong to one text only.
        if len(labels) > MAX_INFERRED or any(len(label) > MAX_LABEL for label in labels) \
                or not repeats(sum(uses.values()), len(labels)) or max(combinations.values()) < 2:
            return None
        return Inference({"labels": labels})

    @classmethod
    def check_settings(cls, settings):
        check_unique(settings["labels"])

    def check(self, value, context):
        labels = self.settings["labels"]
        texts = [text.strip() for text in value if text.strip()]
        matched = {text: match_label(text, labels) for text in texts}
        missing = [text for text, label in matched.items() if label is None]
        if missing:
            raise unknown(missing, labels)
        return dedupe(matched[text] for text in texts) or None

    def parse(self, text, context):
        return split_list(text)

    def format_text(self, value):
        return "" if value is None else ", ".join(value)

    def settings_for_values(self, texts):
        labels = list(self.settings["labels"])
        for text in texts:
            for piece in split_list(text):
                if can_add(piece, labels, MAX_LABELS):
                    labels.append(piece)
        return {**self.settings, "labels": labels}
