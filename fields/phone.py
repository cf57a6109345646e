"""A phone number, normalised to E.164 ("+14155552671") when it can be read as a real one."""
from __future__ import annotations

import re

import phonenumbers
from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register

_WRITTEN = re.compile(r"[+\s().-]")
_PHONE_LIKE = re.compile(r"\+?[\d\s().\-]+")
# phonenumbers also finds a number inside a sentence; we only take a number (and extension).
_NUMBER_ONLY = re.compile(r"\+?[\d\s().\-/]+(?:\s*(?:ext\.?|x|#)\s*\d+)?", re.IGNORECASE)


def _read_number(text: str, country: str | None) -> phonenumbers.PhoneNumber | None:
    if not _NUMBER_ONLY.fullmatch(text):
        return None
    try:
        return phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        return None


@register
class PhoneType(ColumnType):
    name = "phone"
    title = _l("Phone")
    settings_schema = {
        "type": "object",
        "properties": {"default_country": {"type": "string", "pattern": "^[A-Z]{2}$"}},
        "additionalProperties": False,
    }
    value_schema = {"type": "string", "maxLength": 64}
    operators = ops.TEXT_LIKE
    indexed = True
    trigram_indexed = True
    inference_rank = 55

    @classmethod
    def infer(cls, sample, context):
        # Ids and amounts are digits too: a phone number is written with a + or separators.
        if not sample.counts or not all(_WRITTEN.search(text) and sum(c.isdigit() for c in text) >= 7
                                        for text in sample.counts):
            return None
        return super().infer(sample, context)

    @classmethod
    def check_settings(cls, settings):
        country = settings.get("default_country")
        if country and country not in phonenumbers.SUPPORTED_REGIONS:
            raise InvalidValue(f"no phone numbering plan for country '{country}'")

    def check(self, value, context):
        text = value.strip()
        if text[:4].lower() == "tel:":
            text = text[4:].strip()
        if not text:
            return None
        number = _read_number(text, self.settings.get("default_country"))
        if number is not None and phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            return f"{e164} ext. {number.extension}" if number.extension else e164
        # Internal extensions and numbers from plans phonenumbers does not know are kept as typed.
        digits = sum(c.isdigit() for c in text)
        if _PHONE_LIKE.fullmatch(text) and 6 <= digits <= 20:
            return " ".join(text.split())
        raise InvalidValue(f"not a phone number: '{value.strip()[:100]}'")
