"""Triggers and actions: the automation vocabulary, one module per type, like column types.

A trigger says which events start an automation; an action does one thing to the item (or the
world) through the boards service. Each has a JSON Schema for its config, checked on save, and
`check(board)` for what the schema cannot know (columns, groups, labels, users must exist).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from fields.base import check_schema
from workspace.registry import Registry

if TYPE_CHECKING:
    from automations.context import BoardFacts, Event, RunContext
    from automations.pickers import Picker


class InvalidConfig(ValueError):
    """A trigger or action config that cannot work on this board; `reason` is shown as is."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Trigger:
    name: ClassVar[str]
    title: ClassVar[Any]
    config_schema: ClassVar[dict] = {"type": "object", "properties": {}, "additionalProperties": False}
    # Activity kinds this trigger listens to; empty for time triggers (run by the clock).
    kinds: ClassVar[tuple[str, ...]] = ()
    # Tokens the actions may use beyond item/today/user: old.<key> and new.<key> of the change.
    gives_change: ClassVar[bool] = False
    # Whether runs have an item (every_period's do not: actions that need one are refused on save).
    gives_item: ClassVar[bool] = True
    # The builder's sentence with "{key}" where each picker goes, and the pickers
    # (automations/pickers.py); None: the title, then pickers derived from config_schema.
    phrase: ClassVar[Any] = None
    pickers: ClassVar[tuple[Picker, ...] | None] = None

    def __init__(self, config: dict | None = None):
        self.config = config or {}

    def clean(self) -> None:
        check_schema(self.config_schema, self.config, "trigger config")

    def check(self, board: BoardFacts) -> None:
        """Raises InvalidConfig when the config names what the board does not have."""

    def matches(self, event: Event) -> bool:
        return event.kind in self.kinds


class Action:
    name: ClassVar[str]
    title: ClassVar[Any]
    config_schema: ClassVar[dict] = {"type": "object", "properties": {}, "additionalProperties": False}
    # Config fields whose text may hold tokens ({item.name}, {item.<key>}, {today}, ...).
    token_fields: ClassVar[tuple[str, ...]] = ()
    # Whether it needs an item (every trigger but every_period gives one).
    needs_item: ClassVar[bool] = True
    # As on Trigger: the builder's sentence and its pickers.
    phrase: ClassVar[Any] = None
    pickers: ClassVar[tuple[Picker, ...] | None] = None

    def __init__(self, config: dict | None = None):
        self.config = config or {}

    def clean(self) -> None:
        check_schema(self.config_schema, self.config, "action config")

    def check(self, board: BoardFacts) -> None:
        """Raises InvalidConfig when the config names what the board does not have."""

    def run(self, ctx: RunContext) -> dict:
        """Does it, inside the run's transaction; returns what it changed, for the run log.
        Work that leaves the system goes through ctx.after_commit."""
        raise NotImplementedError

    def preview(self, ctx: RunContext) -> str:
        """What it would do to ctx.item, in words, without doing it (the builder's "test")."""
        return str(self.title)


triggers: Registry[Trigger] = Registry("trigger")
actions: Registry[Action] = Registry("action")
