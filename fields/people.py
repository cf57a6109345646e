"""People: members of the workspace, stored by user id."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.filtering import choice_filter
from fields.inference import Inference
from fields.labels import split_list

MAX_INFERRED = 50  # distinct texts a people column is guessed from


@register
class PeopleType(ColumnType):
    name = "people"
    title = _l("People")
    settings_schema = {"type": "object", "properties": {}, "additionalProperties": False}
    value_schema = {"type": "array", "items": {"type": "integer", "minimum": 1}, "maxItems": 100}
    groupable = True
    operators = ops.CHOICE_LIKE
    inference_rank = 65

    @classmethod
    def infer(cls, sample, context):
        # Asking the workspace about each text costs a lookup; a team is not hundreds of names.
        texts = sample.counts
        if not texts or len(texts) > MAX_INFERRED:
            return None
        pieces = {piece for text in texts for piece in split_list(text)}
        if not pieces or any(context.find_member(piece) is None for piece in pieces):
            return None
        return Inference()

    def check(self, value, context):
        ids = list(dict.fromkeys(int(user_id) for user_id in value))
        members = context.member_ids()
        unknown = [user_id for user_id in ids if user_id not in members]
        if unknown:
            listed = ", ".join(map(str, unknown))
            raise InvalidValue(f"not a member of this workspace: {listed}")
        return ids or None

    def parse(self, text, context):
        ids = []
        for piece in split_list(text):
            user_id = int(piece) if piece.isascii() and piece.isdigit() else context.find_member(piece)
            if user_id is None:
                raise InvalidValue(f"no member named '{piece}'")
            ids.append(user_id)
        return ids

    def filter_clause(self, operator, value, expr):
        # Filtering by someone who has left the workspace is fine: only the shape is checked.
        # "me" is whoever looks at the view ("My open deals"); with nobody looking it is no one.
        def user_id(value):
            return (expr.me() or 0) if value == ME else _user_id(value)
        return choice_filter(operator, value, expr, user_id, is_list=True)

    def sort_expression(self, expr):
        return expr.person_name()

    def format_text(self, value):
        return "" if value is None else ", ".join(map(str, value))

    def export_text(self, value, context):
        return "" if value is None else ", ".join(context.member_label(user_id) for user_id in value)


ME = "me"


def _user_id(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue('people are filtered by user id (a positive integer) or "me"')
    return value
