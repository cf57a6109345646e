"""The mapping an import suggests for a CSV's headers: which go to the item's name, its group,
existing columns or new ones, and the type, settings and reading of each new column, inferred
from the whole column's texts (boards/imports/survey.py). Pure functions: columns arrive as
read-only objects (.key .title .type .settings .scope .hidden), nothing is read from the database.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from flask_babel import gettext as _

from fields import column_types
from fields.base import ColumnType, FieldContext
from fields.inference import ColumnSample, Inference, reads_every

# What spreadsheets write for "no value" (casefolded). Inference ignores them, and the import
# reads them as blank wherever the column's reader refuses them.
NULL_TOKENS: frozenset[str] = frozenset({
    "n/a", "na", "n.a.", "n.a", "#n/a", "null", "#null!", "none", "nil", "nan", "-", "--", "---",
    "—", "–", "?", "??", "(blank)", "(empty)", "(none)", "/",
})
TITLE_LIMIT = 200
# Marks that accents decompose into (NFKD); other scripts' marks, such as Thai vowels and
# tones, are letters of their words and stay.
_ACCENTS = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))


def normalise_header(text: str) -> str:
    """"Échéance " and "echeance", "Close_date" and "close date" alike: casefolded, accents
    stripped, spaces and punctuation dropped; letters of every script kept."""
    kept = []
    for char in unicodedata.normalize("NFKD", text.casefold()):
        category = unicodedata.category(char)
        if category[0] in "LN" or (category[0] == "M" and not _is_accent(char)):
            kept.append(char)
    return "".join(kept)


def _is_accent(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _ACCENTS)


def without_nulls(sample: ColumnSample) -> ColumnSample:
    nulls = [text for text in sample.counts if text.casefold() in NULL_TOKENS]
    if not nulls:
        return sample
    counts = {text: n for text, n in sample.counts.items() if text not in nulls}
    removed = sum(sample.counts[text] for text in nulls)
    return replace(sample, counts=counts, non_empty=max(sample.non_empty - removed, 0))


def ranked_types() -> list[type[ColumnType]]:
    return sorted((cls for cls in column_types if cls.inference_rank is not None),
                  key=lambda cls: cls.inference_rank)


def infer_column(sample: ColumnSample, context: FieldContext) -> tuple[str, Inference]:
    """The type a new column for these texts should have: the first, in rank order, whose
    infer() answers — for every text, or for all but a few stray ones (a typo among thousands of
    amounts still makes a number column; its rows fail and are reported); text when none does."""
    sample = without_nulls(sample)
    if sample.counts:
        for cls in ranked_types():
            inference = cls.infer(sample, context)
            if inference is None and (trimmed := _without_strays(cls, sample, context)) is not None:
                inference = cls.infer(trimmed, context)
            if inference is not None:
                return cls.name, inference
    return "text", Inference()


STRAY_SHARE = 0.01  # at most this share of a column's cells may hold texts its type refuses
STRAYS_FROM = 50  # cells; in fewer, one refused text is evidence, not a stray


def _without_strays(cls: type[ColumnType], sample: ColumnSample, context: FieldContext) -> ColumnSample | None:
    """The sample without the texts this type's default reading refuses, when they are few."""
    if sample.non_empty < STRAYS_FROM or cls.name == "text":
        return None
    read = cls(cls.default_settings).reader({}, context)
    allowed = STRAY_SHARE * sample.non_empty
    strays: list[str] = []
    uses = 0
    for text in sample.counts:  # stops at the first stray too many: most types refuse at once
        if not reads_every(read, [text]):
            strays.append(text)
            uses += sample.counts[text]
            if uses > allowed or len(strays) > STRAY_SHARE * len(sample.counts) + 1:
                return None
    if not strays or len(strays) == len(sample.counts):
        return None
    counts = {text: n for text, n in sample.counts.items() if text not in strays}
    return replace(sample, counts=counts, non_empty=sample.non_empty - uses)


def suggest(headers: list[str], samples: list[ColumnSample], columns: list,
            context: FieldContext) -> tuple[dict[str, dict], dict]:
    """(mapping keyed by header, options), in the shapes of API.md ("Imports")."""
    roles = _roles()
    by_scope = {scope: _ColumnIndex([c for c in columns if c.scope == scope]) for scope in ("item", "subitem")}
    mapping: dict[str, dict] = {}
    options: dict[str, Any] = {"blank": "leave"}
    taken_roles: set[str] = set()
    inferred: dict[str, str] = {}  # header -> the type of the new column it would make
    for position, header in enumerate(headers):
        sample = samples[position] if position < len(samples) else ColumnSample(header)
        role = roles.get(normalise_header(header))
        if role == "skip":
            mapping[header] = {"target": "skip"}
            continue
        if role is not None and role not in taken_roles:
            taken_roles.add(role)
            if role == "parent":
                mapping[header] = {"target": "skip"}
                options["parent_key_column"] = header
            else:
                mapping[header] = {"target": role}
            continue
        subitem_title = _subitem_title(header)
        scope, title = ("subitem", subitem_title) if subitem_title is not None else ("item", header)
        column = by_scope[scope].take(title)
        if column is None and scope == "item":  # a file of sub-items only may name them plainly
            column = by_scope["subitem"].take(title)
        if column is not None:
            mapping[header] = _existing(column, sample, context)
            continue
        type_name, inference = infer_column(sample, context)
        inferred[header] = type_name
        entry = {"target": "new_column", "title": title[:TITLE_LIMIT], "type": type_name,
                 "settings": inference.settings}
        if scope == "subitem":
            entry["scope"] = scope
        mapping[header] = {**entry, **_reading(inference)}
    if "name" not in taken_roles:
        # No header says "name": the first column of plain text names the items.
        first_text = next((h for h, t in inferred.items() if t == "text" and "scope" not in mapping[h]), None)
        if first_text is not None:
            mapping[first_text] = {"target": "name"}
    return mapping, options


def _roles() -> dict[str, str]:
    """Normalised headers that name an item's own fields, in English and the user's language."""
    names = {
        "name": ("name", "item", "item name", "title", _("Name")),
        "group": ("group", _("Group")),
        "parent": ("parent", "parent item", _("Parent item")),
        # The errors CSV hands rows back with these two columns added.
        "skip": ("import line", "import error", _("Import line"), _("Import error")),
    }
    return {normalise_header(word): role for role, words in names.items() for word in words}


def _subitem_title(header: str) -> str | None:
    """The column title in the export's "Subitem: <title>" (or its translation), else None."""
    folded = header.casefold()
    for template in {"Subitem: %(title)s", _("Subitem: %(title)s")}:
        prefix, _marker, suffix = template.partition("%(title)s")
        prefix, suffix = prefix.strip().casefold(), suffix.strip().casefold()
        if (prefix or suffix) and folded.startswith(prefix) and folded.endswith(suffix):
            title = header[len(prefix): len(header) - len(suffix)].strip()
            if title:
                return title
    return None


class _ColumnIndex:
    """Columns of one scope by normalised title, then key; each handed out once."""

    def __init__(self, columns: Iterable):
        self.by_title: dict[str, list] = {}
        self.by_key: dict[str, list] = {}
        for column in sorted(columns, key=lambda c: c.hidden):  # visible ones first
            self.by_title.setdefault(normalise_header(column.title), []).append(column)
            self.by_key.setdefault(normalise_header(column.key), []).append(column)
        self.taken: set[str] = set()

    def take(self, header: str) -> Any | None:
        wanted = normalise_header(header)
        if not wanted:
            return None
        for index in (self.by_title, self.by_key):
            for column in index.get(wanted, ()):
                if column.key not in self.taken:
                    self.taken.add(column.key)
                    return column
        return None


def _existing(column: Any, sample: ColumnSample, context: FieldContext) -> dict:
    cls = column_types.get(column.type)
    if cls.read_only:
        return {"target": "skip", "note": _(
            "%(title)s is computed by the board (%(type)s), so it is not imported.",
            title=column.title, type=str(cls.title))}
    entry: dict[str, Any] = {"target": "column", "column_key": column.key}
    cleaned = without_nulls(sample)
    if cls.readings and cleaned.counts:  # only the reading matters: the column has its settings
        inference = cls.infer(cleaned, context)
        if inference is not None:
            entry.update(_reading(inference))
    return entry


def _reading(inference: Inference) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if inference.reading:
        extra["format"] = dict(inference.reading)
    if inference.choices:
        extra["choices"] = {key: list(values) for key, values in inference.choices.items()}
    return extra
