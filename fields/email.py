"""An e-mail address."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register

MAX_LENGTH = 254  # RFC 5321's limit on a forward path
# Deliberately loose (one @, a dotted domain, no spaces): the only real check is sending a mail.
_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_][\w-]*[^\W_]")
_NAMED = re.compile(r"[^<>]*<([^<>]+)>")  # Ada Lovelace <ada@example.com>


@register
class EmailType(ColumnType):
    name = "email"
    title = _l("E-mail")
    settings_schema = {"type": "object", "properties": {}, "additionalProperties": False}
    value_schema = {"type": "string"}
    operators = ops.TEXT_LIKE
    indexed = True
    trigram_indexed = True
    inference_rank = 45

    def check(self, value, context):
        address = value.strip()
        if address[:7].lower() == "mailto:":
            address = address[7:]
        if not address:
            return None
        if len(address) > MAX_LENGTH or not _ADDRESS.fullmatch(address):
            raise InvalidValue(f"not a valid e-mail address: '{value.strip()[:100]}'")
        local, _, domain = address.rpartition("@")
        return f"{local}@{domain.lower()}"

    def parse(self, text, context):
        named = _NAMED.fullmatch(text)
        return named[1].strip() if named else text
