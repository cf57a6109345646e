"""Numbers, read from the many ways spreadsheets write them ("€1.234,50", "(1,234)", "12%")."""
from __future__ import annotations

import functools
import math
import re
import unicodedata
from functools import cache

import pycountry
from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.filtering import number_filter
from fields.inference import DECIMALS, Inference, reads_every

# Beyond this a float no longer holds every integer, and sorting by the JSON number would lie.
MAX_ABS = 10**15

_PLAIN_START = frozenset("0123456789-+.")
# Numbers grouped in thousands the way a known decimal mark implies ("1.234.567,89" for ",").
_GROUPED = {
    ",": re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"),
    ".": re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"),
}
_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_PARTS = re.compile(r"(?P<pre>[^\d.,]*?)(?P<num>[.,]?\d(?:[\d.,]*\d)?)(?P<post>\D*)")
# Unicode minus and dashes become '-'; the spaces and apostrophes people group digits with go.
_SIGNS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})
_GROUPING = re.compile(r"[\s\u00a0\u202f\u2009'’]")


def _is_affix(text: str, unit: str) -> bool:
    """A currency sign (with its letters: "NT$", "R$"), an ISO currency code ("USD") or the
    column's unit, around the number; any other word ("12abc") makes it text, not a number."""
    if not text or text.casefold() == unit.casefold():
        return True
    if len(text) > 4 or not all(c.isalpha() or unicodedata.category(c) == "Sc" for c in text):
        return False
    return not text.isalpha() or text.upper() in _currency_codes()


@functools.cache
def _currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def _groups_ok(groups: list[str]) -> bool:
    """Thousands (1,234,567) or the Indian lakh grouping (12,34,567)."""
    inner = {len(g) for g in groups[1:-1]}
    return 1 <= len(groups[0]) <= 3 and len(groups[-1]) == 3 and inner in (set(), {3}, {2})


def _to_number(num: str, text: str, decimal: str | None = None) -> int | float:
    """Digits with '.' and ',' in some locale's roles -> a number; `decimal` names the decimal
    mark when the import was told it, else it is guessed from the text."""
    if decimal is None:
        decimal = _guess_decimal(num)
    elif decimal not in num:
        decimal = ""
    whole, _, fraction = num.rpartition(decimal) if decimal else (num, "", "")
    if decimal and (decimal in whole or not fraction.isdigit()):
        raise InvalidValue(f"not a number: '{text}'")
    groups = whole.replace(",", ".").split(".") if whole else ["0"]
    if len(groups) > 1 and not _groups_ok(groups):
        raise InvalidValue(f"not a number: '{text}'")
    digits = "".join(groups)
    return float(f"{digits}.{fraction}") if decimal else int(digits)


def _grouped_number(text: str, decimal: str) -> int | float:
    """A text matched by _GROUPED[decimal]."""
    number = text.replace("." if decimal == "," else ",", "").replace(",", ".")
    return float(number) if "." in number else int(number)


def _guess_decimal(num: str) -> str:
    last = max(num.rfind("."), num.rfind(","))
    if "." in num and "," in num:
        return num[last]
    if num.count(",") == 1 and (len(num) - last - 1 != 3 or num.startswith("0,")):
        return ","  # "1,5" and "1,2345" use a decimal comma; "1,234" is read as thousands.
    return "." if num.count(".") == 1 else ""


# What inference takes for a number: stricter than parse, which reads "Q1 2024" or "Acme 3" as
# numbers when told the column holds numbers. Grouping by spaces must be in threes, and the only
# words allowed around the number are currencies and "%".
_SHAPE = re.compile(
    r"\(?\s*[-+]?\s*(?P<pre>[^\d\s.,()+-]{0,4})\s*[-+]?\s*"
    r"(?P<num>\d{1,3}(?:[\s'’]\d{3})+(?:[.,]\d+)?|\d(?:[\d.,]*\d)?(?:[eE][-+]?\d+)?|[.,]\d+)"
    r"\s*(?P<post>[^\d\s.,()+-]{0,4})\s*-?\s*\)?"
)
_CODE_DOLLAR = re.compile(r"[A-Za-z]{1,3}\$")  # NT$, US$, R$


@cache
def _currency_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def _shape(text: str) -> tuple[str, str] | None:
    """(currency or "%", number without grouping spaces) when the text looks like one number."""
    match = _SHAPE.fullmatch(text.translate(_SIGNS))
    if match is None or (match["pre"] and match["post"]):
        return None
    affix = match["pre"] or match["post"]
    if affix.upper() in _currency_codes():
        affix = affix.upper()
    elif affix and affix != "%" and not _CODE_DOLLAR.fullmatch(affix) \
            and not all(unicodedata.category(c) == "Sc" for c in affix):
        return None
    num = re.sub(r"[\s'’]|[eE].*", "", match["num"])
    # Leading zeros mark codes (zip codes, ids) whose zeros a number would lose.
    return None if re.match(r"0\d", num) else (affix, num)


def _decimal_evidence(num: str) -> str:
    """The decimal mark a number's separators prove, "?" when 1,234 leaves it open, "" when it
    has no separator."""
    if "." in num and "," in num:
        return num[max(num.rfind("."), num.rfind(","))]
    mark = "." if "." in num else "," if "," in num else ""
    if not mark:
        return ""
    if num.count(mark) > 1:  # 1,234,567: it groups thousands
        return "," if mark == "." else "."
    whole, _, fraction = num.partition(mark)
    return "?" if len(fraction) == 3 and whole not in ("", "0") and len(whole) <= 3 else mark


@register
class NumberType(ColumnType):
    name = "number"
    title = _l("Number")
    settings_schema = {
        "type": "object",
        "properties": {
            "unit": {"type": "string", "maxLength": 20},
            "decimals": {"type": "integer", "minimum": 0, "maximum": 10},
        },
        "additionalProperties": False,
    }
    value_schema = {"type": "number"}
    operators = ops.NUMBER_LIKE
    rollups = ("sum", "avg", "min", "max")
    indexed = True
    inference_rank = 20
    readings = {"decimal": DECIMALS}

    def check(self, value, context):
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidValue("not a finite number")
        if abs(value) > MAX_ABS:
            raise InvalidValue(f"number is out of range (at most {MAX_ABS:.0e} either way)")
        return value

    def parse(self, text, context):
        return self._parse(text, None)

    def _parse(self, text: str, decimal: str | None) -> int | float:
        compact = _GROUPING.sub("", text if text.isascii() else text.translate(_SIGNS))
        if _PLAIN.fullmatch(compact) and not (decimal == "," and "." in compact):
            return float(compact) if re.search(r"[.eE]", compact) else int(compact)
        parenthesised = compact.startswith("(") and compact.endswith(")")  # accounting: (1,234) < 0
        match = _PARTS.fullmatch(compact[1:-1] if parenthesised else compact)
        if match is None:
            raise InvalidValue(f"not a number: '{text}'")
        pre, post = match["pre"], match["post"].removesuffix("%")  # "12%" is kept as 12
        signs = (pre + post).count("-") + (pre + post).count("+")
        unit = (self.settings.get("unit") or "").replace(" ", "")
        if signs > 1 or not (_is_affix(pre.strip("+-"), unit) and _is_affix(post.strip("-"), unit)):
            raise InvalidValue(f"not a number: '{text}'")
        number = _to_number(match["num"], text, decimal)
        return -number if parenthesised or "-" in pre + post else number

    def reader(self, reading, context):
        decimal = reading.get("decimal")
        unit = self.settings.get("unit") or ""
        if any(c.isdigit() or c in ".,+-" for c in unit):
            unit = ""  # stripping it could take a digit with it ("100" ends with a unit "0")
        grouped = _GROUPED.get(decimal)
        check, parse = self.check, self._parse
        point = decimal != ","  # with a decimal comma, float() would misread "1.234"

        def read(text: str) -> int | float | None:
            # Most cells are plain ("1234", "-5", "1234.5"), perhaps with the column's unit or
            # grouped the way the reading says ("€1.234,50"): int(), float() or one regex read
            # them in a fraction of the full parse. int() also takes "1_000"; spreadsheets don't.
            bare = text
            if unit and (text.startswith(unit) or text.endswith(unit)):
                bare = text.removeprefix(unit).removesuffix(unit).strip()
            if bare[:1] in _PLAIN_START and "_" not in bare:
                try:
                    value = float(bare) if point and "." in bare else int(bare)
                except ValueError:
                    if grouped is not None and grouped.fullmatch(bare):
                        return check(_grouped_number(bare, decimal), context)
                else:
                    return check(value, context)
            text = text.strip()
            return check(parse(text, decimal), context) if text else None
        return read

    @classmethod
    def infer(cls, sample, context):
        shapes = []
        for text in sample.counts:
            if (shape := _shape(text)) is None:
                return None
            shapes.append(shape)
        if not shapes:
            return None
        evidence = {_decimal_evidence(num) for _affix, num in shapes}
        decided = evidence & set(DECIMALS)
        if len(decided) > 1:
            return None
        reading, choices = {}, {}
        if decided:
            reading = {"decimal": decided.pop()}
        elif "?" in evidence:  # only 1,234 or 1.234: a thousands separator or a decimal mark
            reading, choices = {"decimal": "."}, {"decimal": list(DECIMALS)}
        settings = {}
        affixes = {affix for affix, _num in shapes if affix}
        if len(affixes) == 1:
            settings["unit"] = affixes.pop()
        mark = reading.get("decimal", ".")
        fractions = [len(num.rpartition(mark)[2]) for _affix, num in shapes if mark in num]
        if fractions:
            settings["decimals"] = min(max(fractions), 10)
        if not reads_every(cls(settings).reader(reading, context), sample.counts):
            return None
        return Inference(settings, reading, choices)

    def filter_clause(self, operator, value, expr):
        return number_filter(operator, value, expr)

    def sort_expression(self, expr):
        return expr.number()

    def format_text(self, value):
        return "" if value is None else repr(value)
