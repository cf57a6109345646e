"""The column-type registry. Each module below registers one type; the list is explicit."""
from fields import (  # noqa: F401  (imported for their registration)
    auto_number,
    button,
    checkbox,
    connect_boards,
    country,
    creation_log,
    date,
    dropdown,
    email,
    last_updated,
    link,
    location,
    long_text,
    mirror,
    number,
    people,
    phone,
    rating,
    status,
    tags,
    text,
    timeline,
)
from fields.base import ColumnType, FieldContext, InvalidValue, NoContext, column_types

__all__ = ["ColumnType", "FieldContext", "InvalidValue", "NoContext", "column_types"]
