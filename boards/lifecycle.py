"""What a column type needs done in the database beyond its values: checks of its settings
against the workspace, companions made with it, and what its trash and restore take along.

Types that need nothing have the default; connect_boards (boards/links.py) and mirror
(boards/mirrors.py) register their own. boards/columns.py calls these and nothing type-specific.
"""
from __future__ import annotations

from typing import ClassVar

from boards.models import Board, Column
from workspace.models import User
from workspace.registry import Registry


class ColumnLifecycle:
    name: ClassVar[str] = "default"
    # Whether values convert to and from other types through their text form.
    convertible: ClassVar[bool] = True

    def clean_settings(self, board: Board, settings: dict, column: Column | None) -> dict:
        """Checks that need the database (boards, columns); `column` is None on creation.
        Raises workspace.errors.Invalid naming `settings`."""
        return settings

    def twin_settings(self, settings: dict, original: Column) -> dict:
        """Settings of a column created as another column's companion."""
        return settings

    def created(self, column: Column, user: User) -> None:
        """After the column row exists."""

    def trashed(self, column: Column, user: User) -> list[Column]:
        """After the column went to the trash; returns companions to trash along with it."""
        return []

    def restored(self, column: Column, user: User) -> list[Column]:
        """After the column came back; returns companions to restore along with it."""
        return []


lifecycles: Registry[ColumnLifecycle] = Registry("column lifecycle")


def lifecycle_of(type_name: str) -> ColumnLifecycle:
    return lifecycles.get(type_name)() if type_name in lifecycles else ColumnLifecycle()
