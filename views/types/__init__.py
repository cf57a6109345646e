"""View types. Each module registers one; the list is explicit."""
from views.types import kanban, map, table  # noqa: F401  (imported for their registration)
from views.types.base import ViewType, view_types

__all__ = ["ViewType", "view_types"]
