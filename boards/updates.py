"""Updates: the comment thread of an item, with @-mentions of workspace members.

A mention is `@` followed by a member's name or e-mail, matched case-insensitively; names may
contain spaces, so the longest member name after the `@` wins. Text after an `@` that names
no member stays plain text. The body is stored as typed; `mentions` keeps the member ids, and
the spans are found again at display time (`body_lines`) so the text is never stored as HTML.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from boards.activity import record
from boards.models import Board, Item, Update
from workspace.errors import Invalid
from workspace.extensions import db
from workspace.models import Membership, User

MAX_BODY = 10_000

# Scripts written without spaces between words: a mention there may be followed (or preceded)
# directly by more text, so "@王小明你好" still mentions 王小明.
_SPACELESS = "\u0e00-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A word character of a spaced script: a mention must not start or end in the middle of a word.
_WORD = rf"[^\W{_SPACELESS}]"


@dataclass(frozen=True)
class Mention:
    start: int  # index of the "@"
    end: int
    user_id: int


def members_for_mentions(workspace_id: int) -> list[tuple[int, str, str]]:
    """(id, name, e-mail) of every member of the workspace, oldest account first."""
    rows = db.session.execute(
        select(User.id, User.name, User.email).join(Membership, Membership.user_id == User.id)
        .where(Membership.workspace_id == workspace_id).order_by(User.id))
    return [(user_id, name, email) for user_id, name, email in rows]


def find_mentions(text: str, members: Iterable[tuple[int, str, str]]) -> list[Mention]:
    """The @-mentions in text of these (id, name, e-mail) members, in order of appearance.

    Where two members share a name, the older account is meant; their e-mail tells them apart."""
    owners: dict[str, int] = {}
    for user_id, name, email in members:
        for token in (name.strip(), email.strip()):
            if token:
                owners.setdefault(token.casefold(), user_id)
    if not owners or "@" not in text:
        return []
    # Longest first: the regex tries alternatives in order, so "Ann Lee" wins over "Ann".
    alternatives = "|".join(re.escape(token) for token in sorted(owners, key=len, reverse=True))
    pattern = re.compile(rf"(?<!{_WORD})@({alternatives})(?!{_WORD})", re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        user_id = owners.get(match.group(1).casefold())
        if user_id is None:  # a case-insensitive match whose casefold differs (rare scripts)
            user_id = next(uid for token, uid in owners.items()
                           if re.fullmatch(re.escape(token), match.group(1), re.IGNORECASE))
        found.append(Mention(match.start(), match.end(), user_id))
    return found


def _clean_body(body: object) -> str:
    if not isinstance(body, str):
        raise Invalid({"body": "must be text"})
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise Invalid({"body": "must not be empty"})
    if len(body) > MAX_BODY:
        raise Invalid({"body": f"must be at most {MAX_BODY:,} characters"})
    return body


def add_update(item: Item, user: User, body: str) -> Update:
    """Posts a comment on the item and records an "update_added" activity with it (the caller
    commits both). The caller checks the user may post (member or admin)."""
    body = _clean_body(body)
    mentioned: list[int] = []
    for mention in find_mentions(body, members_for_mentions(item.workspace_id)):
        if mention.user_id not in mentioned:
            mentioned.append(mention.user_id)
    update = Update(workspace_id=item.workspace_id, board_id=item.board_id, item_id=item.id,
                    user_id=user.id, body=body, mentions=mentioned)
    db.session.add(update)
    db.session.flush()
    record("update_added", db.session.get(Board, item.board_id), item=item, user=user,
           new={"update_id": update.id, "mentions": mentioned})
    return update


def list_updates(item: Item, limit: int = 200) -> list[Update]:
    """The item's live updates, newest first."""
    return list(db.session.scalars(
        select(Update).where(Update.workspace_id == item.workspace_id, Update.item_id == item.id,
                             Update.deleted_at.is_(None))
        .order_by(Update.id.desc()).limit(limit)))


# -- display ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """A piece of a line of a comment: plain text, or a mention of user_id."""

    text: str
    user_id: int | None = None


def body_lines(body: str, mentions: list[Mention]) -> list[list[Part]]:
    """The body split into lines, and each line into plain and mention parts, for a template to
    render part by part with escaping (never as markup)."""
    parts: list[Part] = []
    cursor = 0
    for mention in mentions:
        if mention.start > cursor:
            parts.append(Part(body[cursor:mention.start]))
        parts.append(Part(body[mention.start:mention.end], mention.user_id))
        cursor = mention.end
    if cursor < len(body):
        parts.append(Part(body[cursor:]))
    lines: list[list[Part]] = [[]]
    for part in parts:
        if part.user_id is not None:
            lines[-1].append(part)
            continue
        for n, piece in enumerate(part.text.split("\n")):
            if n:
                lines.append([])
            if piece:
                lines[-1].append(Part(piece))
    return lines


def thread_lines(updates: list[Update], users: dict[int, User]) -> dict[int, list[list[Part]]]:
    """Each update's body as lines of parts; only its stored mentions are highlighted."""
    result = {}
    for update in updates:
        mentioned = [(uid, users[uid].name, users[uid].email) for uid in update.mentions or [] if uid in users]
        result[update.id] = body_lines(update.body, find_mentions(update.body, mentioned))
    return result
