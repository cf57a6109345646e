"""A small generic registry: the extension point for column, view, trigger and action types."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class UnknownType(LookupError):
    def __init__(self, registry: str, name: str):
        super().__init__(f"unknown {registry} type {name!r}")
        self.registry = registry
        self.name = name


class Registry(Generic[T]):
    """Maps a type name to its class. Each type module registers itself on import."""

    def __init__(self, label: str):
        self.label = label
        self._types: dict[str, type[T]] = {}

    def register(self, cls: type[T]) -> type[T]:
        name = cls.name  # type: ignore[attr-defined]
        if name in self._types:
            raise ValueError(f"{self.label} type {name!r} is registered twice")
        self._types[name] = cls
        return cls

    def get(self, name: str) -> type[T]:
        try:
            return self._types[name]
        except KeyError:
            raise UnknownType(self.label, name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def __iter__(self) -> Iterator[type[T]]:
        return iter(self._types.values())

    def names(self) -> list[str]:
        return list(self._types)
