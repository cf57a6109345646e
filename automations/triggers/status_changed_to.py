"""When a status column changes to a given label."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.pickers import Picker
from automations.registry import InvalidConfig, Trigger, triggers


@triggers.register
class StatusChangedTo(Trigger):
    name = "status_changed_to"
    title = _l("When a status changes to something")
    phrase = _l("When {column} changes to {label}")
    pickers = (Picker("column", "column", column_types=("status",)), Picker("label", "label", of="column"))
    config_schema = {"type": "object", "properties": {"column": {"type": "string"}, "label": {"type": "string"}},
                     "required": ["column", "label"], "additionalProperties": False}
    kinds = ("value_changed",)
    gives_change = True

    def check(self, board):
        column = board.column(self.config["column"], "status")
        labels = [entry["label"] for entry in column.settings.get("labels", [])]
        if self.config["label"] not in labels:
            raise InvalidConfig(f"{self.config['label']!r} is not a label of {column.title!r}: {', '.join(labels)}")

    def matches(self, event):
        return (event.kind in self.kinds and event.column_key == self.config["column"]
                and event.new == self.config["label"] and event.old != event.new)
