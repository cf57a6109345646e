"""The mapping form of an import page: a row per CSV header (where it goes, the settings of a new
column, the readings to ask about) and the options, from the suggestion, the last dry run, a saved
mapping or the form as posted; turned back into the mapping and options the service takes."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from flask import g
from werkzeug.datastructures import MultiDict

from boards.context import WorkspaceContext
from boards.imports.models import Import, SavedMapping
from boards.imports.suggest import infer_column, without_nulls
from boards.imports.survey import DISTINCT_CAP
from boards.models import Board
from boards.service import ColumnInfo, columns_of
from fields import InvalidValue, column_types
from fields.base import ColumnType
from fields.inference import ColumnSample, Inference
from workspace.access import role_in
from workspace.models import Role

SAMPLES = 3  # sample values shown beside each CSV header
EXAMPLES_TRIED = 200  # texts tried for one that the answers to a format question read differently


@dataclass
class MappingRow:
    """One CSV column in the form: where it goes (`target` is the select's value: name, group,
    skip, new_column or column:<key>), the entry that stands for it, and what to ask about it."""

    index: int
    header: str
    samples: list[str]
    target: str
    entry: dict[str, Any]
    type_cls: type[ColumnType] | None  # the type of the column it fills, if any
    question: dict[str, list[str]] = field(default_factory=dict)  # readings the file leaves open
    examples: dict[str, str] = field(default_factory=dict)  # for each, a text that shows why
    note: str | None = None
    error: str | None = None

    @property
    def signature(self) -> str:
        return signature(self.entry)


def signature(entry: dict) -> str:
    """What a row's settings and formats belong to: when it changes, they are worked out again."""
    target = entry.get("target", "skip")
    if target == "column":
        return f"column:{entry.get('column_key')}"
    return f"new_column:{entry.get('type')}" if target == "new_column" else target


class MappingForm:
    """The mapping form of one import: a row per CSV header and the options, from a source (the
    suggestion, the last dry run, a saved mapping, or the form as posted)."""

    def __init__(self, imp: Import, board: Board, source: str):
        self.imp, self.board, self.source = imp, board, source
        writable = [c for c in columns_of(board) if not column_types.get(c.type).read_only]
        self.item_columns = [c for c in writable if c.scope == "item"]
        self.subitem_columns = [c for c in writable if c.scope == "subitem"]
        self.columns: dict[str, ColumnInfo] = {c.key: c for c in writable}
        self.suggested: dict[str, dict] = imp.suggested_mapping or {}
        self.context = WorkspaceContext(board.workspace_id)
        self.rows: list[MappingRow] = []
        self.options: dict[str, Any] = {"blank": "leave"}
        self.applied: str | None = None  # the saved mapping applied, by name
        role = role_in(board.workspace_id, g.user)
        self.can_add_columns = role is not None and role.allows(Role.admin)  # admins design boards

    @classmethod
    def initial(cls, imp: Import, board: Board, saved: SavedMapping | None = None) -> MappingForm:
        if saved is not None:
            form = cls(imp, board, "saved")
            form.applied = saved.name
            entries, options = {**form.suggested, **saved.mapping}, saved.options
        elif imp.dry_run and imp.mapping and set(imp.mapping) == set(imp.headers):
            form = cls(imp, board, "dry_run")
            entries, options = imp.mapping, imp.options or {}
        else:
            form = cls(imp, board, "suggestion")
            entries, options = form.suggested, imp.suggested_options or {}
        form.options.update({k: v for k, v in options.items()
                             if k in ("key_column", "parent_key_column", "blank") and v})
        form.rows = [form._row(i, h, dict(entries.get(h) or {"target": "skip"}), None)
                     for i, h in enumerate(imp.headers)]
        return form

    @classmethod
    def posted(cls, imp: Import, board: Board, values: MultiDict) -> MappingForm:
        form = cls(imp, board, "form")
        for name in ("key_column", "parent_key_column", "blank", "save_mapping_as"):
            if value := (values.get(name) or "").strip():
                form.options[name] = value
        form.rows = [form._row(i, h, form._posted_entry(values, i, h), values.get(f"m{i}-was"))
                     for i, h in enumerate(imp.headers)]
        return form

    def mapping(self) -> dict[str, dict]:
        """{header: entry} as the service takes it."""
        keys = ("target", "column_key", "title", "type", "settings", "scope", "format")
        return {row.header: {k: row.entry[k] for k in keys if k in row.entry} for row in self.rows}

    @cached_property
    def new_column_types(self) -> list[type[ColumnType]]:
        """Types a new column can be made with from a file: writable, and whole with their defaults
        (a connect-boards column needs a board to link to first)."""
        found = []
        for cls in column_types:
            try:
                if not cls.read_only:
                    cls.clean_settings(None)
                    found.append(cls)
            except InvalidValue:
                continue
        return sorted(found, key=lambda cls: str(cls.title).casefold())

    def _posted_entry(self, values: MultiDict, index: int, header: str) -> dict:
        prefix = f"m{index}-"
        target = values.get(prefix + "target") or "skip"
        if target.startswith("column:"):
            entry: dict[str, Any] = {"target": "column", "column_key": target.removeprefix("column:")}
        elif target == "new_column":
            entry = {"target": target, "title": (values.get(prefix + "title") or "").strip(),
                     "type": values.get(prefix + "type") or "", "scope": values.get(prefix + "scope") or "item"}
            try:
                entry["settings"] = json.loads(values.get(prefix + "settings") or "{}")
            except ValueError:
                entry["settings"] = {}
        else:
            return {"target": target}
        entry["format"] = {name.removeprefix(prefix + "format-"): value for name, value in values.items()
                           if name.startswith(prefix + "format-") and value}
        return entry

    def _row(self, index: int, header: str, entry: dict, was: str | None) -> MappingRow:
        suggested = self.suggested.get(header, {})
        target = entry.get("target")
        if target == "new_column":
            guess = suggested if suggested.get("target") == "new_column" else {}
            entry.setdefault("scope", guess.get("scope", "item"))
            entry["title"] = entry.get("title") or guess.get("title") or header
            if entry.get("type") not in column_types:
                entry["type"] = guess.get("type") or infer_column(self._sample(index, header), self.context)[0]
        elif target == "column" and entry.get("column_key") not in self.columns:
            # Gone from the board (or read-only): kept, so that starting says so next to the header.
            return MappingRow(index, header, self._samples(index), signature(entry), entry, None)
        elif target not in ("column", "name", "group"):
            return MappingRow(index, header, self._samples(index), "skip", {"target": "skip"}, None,
                              note=suggested.get("note"))
        type_cls = self._type_of(entry)
        if type_cls is None:
            return MappingRow(index, header, self._samples(index), target, {"target": target}, None)
        defaults = self._defaults(index, header, entry, type_cls)
        changed = was is not None and was != signature(entry)  # the target or type was just changed
        if target == "new_column" and (changed or "settings" not in entry):
            entry["settings"] = defaults.settings
        if changed or "format" not in entry:
            entry["format"] = dict(defaults.reading)
        entry["format"] = {k: v for k, v in entry["format"].items() if k in type_cls.readings}
        question = {k: v for k, v in defaults.choices.items() if k in type_cls.readings}
        settings = entry.get("settings") if target == "new_column" else self.columns[entry["column_key"]].settings
        examples = {reading: self._example(index, header, type_cls(settings), reading, values)
                    for reading, values in question.items()}
        return MappingRow(index, header, self._samples(index), "new_column" if target == "new_column" else
                          signature(entry), entry, type_cls, question, examples)

    def _example(self, index: int, header: str, column_type: ColumnType, reading: str, values: list[str]) -> str:
        """A text of the column that the answers read differently ("03/04/2024", not "02/02/2024"):
        the one to show in the question."""
        readers = [column_type.reader({reading: value}, self.context) for value in values]
        texts = self._sample(index, header).texts
        for text in texts[:EXAMPLES_TRIED]:
            try:
                if len({repr(read(text)) for read in readers}) > 1:
                    return text
            except InvalidValue:
                continue
        return texts[0] if texts else "…"

    def _type_of(self, entry: dict) -> type[ColumnType] | None:
        if entry.get("target") == "column":
            column = self.columns.get(entry.get("column_key"))
            return column_types.get(column.type) if column is not None else None
        return column_types.get(entry["type"]) if entry.get("target") == "new_column" else None

    def _defaults(self, index: int, header: str, entry: dict, type_cls: type[ColumnType]) -> Inference:
        """Settings, reading and open questions for this target: the suggestion's when it is the
        suggested one (read from the whole file), else inferred from the preview's rows."""
        suggested = self.suggested.get(header, {})
        if signature(suggested) == signature(entry):
            return Inference(suggested.get("settings") or {}, suggested.get("format") or {},
                             suggested.get("choices") or {})
        sample = self._sample(index, header)
        inference = type_cls.infer(sample, self.context) if sample.counts else None
        if inference is not None:
            return inference
        try:  # the type does not read every text: settings that take them, where it has any
            settings = type_cls(type_cls.default_settings).settings_for_values(sample.texts)
        except InvalidValue:
            settings = dict(type_cls.default_settings)
        return Inference(settings)

    def _sample(self, index: int, header: str) -> ColumnSample:
        """The column's distinct texts as the upload read them from the whole file (their counts
        from the preview: the user chose the type, so how often a text repeats hardly matters)."""
        texts = self.imp.samples.get(header) if self.imp.samples else None
        sample = ColumnSample(header, complete=texts is None or len(texts) < DISTINCT_CAP)
        for row in self.imp.preview:
            if index < len(row) and (text := row[index].strip()):
                sample.counts[text] = sample.counts.get(text, 0) + 1
        for text in texts or ():
            sample.counts.setdefault(text, 1)
        sample.non_empty = max(sum(sample.counts.values()), self.imp.total_rows if texts else 0)
        return without_nulls(sample)

    def _samples(self, index: int) -> list[str]:
        seen: list[str] = []
        for row in self.imp.preview:
            text = row[index].strip() if index < len(row) else ""
            if text and text not in seen:
                seen.append(text)
                if len(seen) == SAMPLES:
                    break
        return seen
