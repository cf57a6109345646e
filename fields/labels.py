"""Helpers shared by the label-like types (status, dropdown, tags, people): splitting a typed
list, matching a label case-insensitively and naming the labels in an error."""
from __future__ import annotations

import re
from collections.abc import Iterable

from fields.base import InvalidValue

# monday.com-like colours handed out to labels created from imported values.
PALETTE = (
    "#00c875", "#fdab3d", "#e2445c", "#579bfc", "#a25ddc", "#ffcb00", "#037f4c", "#ff642e",
    "#66ccff", "#bb3354", "#9aadbd", "#ff158a", "#784bd1", "#cab641", "#175a63", "#7f5347",
)
SEPARATORS = (",", ";")
MAX_LABEL = 100
_SPLIT = re.compile(r"[,;]")


def split_list(text: str) -> list[str]:
    """'a, b;c,,' -> ['a', 'b', 'c']."""
    return [piece.strip() for piece in _SPLIT.split(text) if piece.strip()]


def one_name(text: str) -> str | None:
    """The text, stripped, when a list cell holding only it reads back as that one name: not
    empty, no separator, not digits (which the import reads as an id); else None."""
    text = text.strip()
    return text if split_list(text) == [text] and not (text.isascii() and text.isdigit()) else None


def dedupe(values: Iterable[str]) -> list[str]:
    """Drops case-insensitive repeats, keeping the first spelling and the order."""
    seen: set[str] = set()
    kept = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


def match_label(text: str, labels: Iterable[str]) -> str | None:
    """The label's own spelling for a case-insensitive match, else None."""
    wanted = text.strip().casefold()
    return next((label for label in labels if label.casefold() == wanted), None)


def describe(labels: list[str], limit: int = 10) -> str:
    """'New, Won' -- or the first few and '…' for long lists; '(none)' for no labels."""
    if not labels:
        return "(none)"
    shown = ", ".join(labels[:limit])
    return shown + (", …" if len(labels) > limit else "")


def check_unique(labels: list[str], in_lists: bool = True) -> None:
    """Rejects blank labels and case-insensitive duplicates; labels picked in lists (dropdown)
    also may not contain the separators their text form is split on."""
    seen: set[str] = set()
    for label in labels:
        if not label.strip():
            raise InvalidValue("labels cannot be blank")
        if in_lists and any(sep in label for sep in SEPARATORS):
            raise InvalidValue(f"label '{label}' cannot contain ',' or ';'")
        if label.strip().casefold() in seen:
            raise InvalidValue(f"label '{label}' is given twice")
        seen.add(label.strip().casefold())


def can_add(text: str, labels: list[str], limit: int) -> bool:
    """Whether settings_for_values may add this text as a label (new, not too long, room left):
    what it cannot add is left to be refused, with a reason, when the value is checked."""
    return bool(text) and len(text) <= MAX_LABEL and len(labels) < limit and match_label(text, labels) is None


def unknown(texts: list[str], labels: list[str]) -> InvalidValue:
    quoted = ", ".join(f"'{t}'" for t in texts)
    verb = "is not one of" if len(texts) == 1 else "are not among"
    return InvalidValue(f"{quoted} {verb} the labels: {describe(labels)}")


# Colours people expect of common status words (monday.com's: green done, red stuck, orange busy,
# blue new), in the languages our users write; other labels take the palette's next free colour.
MEANINGS = {
    "#00c875": ("done", "won", "closed won", "complete", "completed", "approved", "paid", "active", "yes",
                "success", "delivered", "完成", "已完成", "成交", "เสร็จ", "เสร็จแล้ว", "สำเร็จ"),
    "#e2445c": ("stuck", "lost", "closed lost", "failed", "rejected", "cancelled", "canceled", "blocked", "no",
                "overdue", "churned", "失败", "丢单", "取消", "ล้มเหลว", "ยกเลิก"),
    "#fdab3d": ("working on it", "in progress", "open", "pending", "engaging", "negotiation", "in review",
                "waiting", "on hold", "进行中", "处理中", "กำลังดำเนินการ", "รอ"),
    "#579bfc": ("new", "to do", "todo", "prospecting", "lead", "planned", "not started", "新建", "待办", "ใหม่"),
}
_MEANING_OF = {word: color for color, words in MEANINGS.items() for word in words}


def meaning_color(label: str) -> str | None:
    return _MEANING_OF.get(label.strip().casefold())
