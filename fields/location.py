"""A place on the map: coordinates and an optional address.

Text is read only when it carries coordinates; turning an address into them (geocoding) needs an
outside service and is not done here.
"""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.filtering import text_filter

MAX_ADDRESS = 500
_NUMBER = r"[+-]?\d{1,3}(?:\.\d+)?(?:e-\d+)?"  # repr() writes 0.00001 as 1e-05
_COORDINATES = re.compile(rf"(?P<lat>{_NUMBER})\s*[,;\s]\s*(?P<lng>{_NUMBER})")
_DECIMAL = re.compile(r"\d\.\d")
_WITH_ADDRESS = re.compile(rf"(?P<coords>{_NUMBER}\s*[,;\s]\s*{_NUMBER})\s*\((?P<address>.*)\)", re.DOTALL)


@register
class LocationType(ColumnType):
    name = "location"
    title = _l("Location")
    settings_schema = {"type": "object", "properties": {}, "additionalProperties": False}
    value_schema = {
        "type": "object",
        "properties": {"lat": {"type": "number"}, "lng": {"type": "number"}, "address": {"type": "string"}},
        "required": ["lat", "lng"],
        "additionalProperties": False,
    }
    operators = ops.EMPTY + ("contains_text", "not_contains_text")  # on the address
    inference_rank = 40

    @classmethod
    def infer(cls, sample, context):
        # Coordinates come with decimals; "1, 2" or "12 34" is more likely a list or a size.
        if not all(len(_DECIMAL.findall(_coordinates_part(text))) == 2 for text in sample.counts):
            return None
        return super().infer(sample, context)

    def check(self, value, context):
        lat, lng = value["lat"], value["lng"]
        # Written so that NaN fails too: every comparison with it is false.
        if not -90 <= lat <= 90:
            raise InvalidValue("latitude must be between -90 and 90")
        if not -180 <= lng <= 180:
            raise InvalidValue("longitude must be between -180 and 180")
        address = " ".join(value.get("address", "").split())
        if len(address) > MAX_ADDRESS:
            raise InvalidValue(f"the address is longer than {MAX_ADDRESS} characters")
        return {"lat": lat, "lng": lng, "address": address} if address else {"lat": lat, "lng": lng}

    def parse(self, text, context):
        address = ""
        if "|" in text:  # "Taipei 101 | 25.03, 121.56", the export form
            address, text = (part.strip() for part in text.rsplit("|", 1))
        elif match := _WITH_ADDRESS.fullmatch(text):  # "25.03, 121.56 (Taipei 101)"
            address, text = match["address"].strip(), match["coords"]
        match = _COORDINATES.fullmatch(text)
        if match is None:
            raise InvalidValue(f"no coordinates in '{text[:100]}' (lat, lng)")
        place = {"lat": float(match["lat"]), "lng": float(match["lng"])}
        return {**place, "address": address} if address else place

    def filter_clause(self, operator, value, expr):
        return text_filter(operator, value, expr.text("address"), expr.present())

    def sort_expression(self, expr):
        return func.lower(expr.text("address"))

    def format_text(self, value):
        if value is None:
            return ""
        coordinates = f"{value['lat']}, {value['lng']}"
        return f"{value['address']} | {coordinates}" if value.get("address") else coordinates


def _coordinates_part(text: str) -> str:
    if "|" in text:
        return text.rsplit("|", 1)[1]
    match = _WITH_ADDRESS.fullmatch(text)
    return match["coords"] if match else text
