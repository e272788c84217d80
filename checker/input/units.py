"""Quantities: plain numbers in the field's unit, or strings with units, converted exactly.

Plain numbers never touch pint (start-up time matters); strings with a unit go through a small
pint registry built on first use with ``Decimal`` magnitudes, so 0.57万 m² is exactly 5700 m².
Standard coal (tce) and money are their own dimensions: converting tce to kWh needs a cited
policy coefficient, never a physical constant.
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation, localcontext
from functools import lru_cache
from typing import Any

from checker.messages import ByLang, Quoted, Said, Words, words

_DEFINITIONS = """
meter = [length] = m
square_meter = meter ** 2 = m2
hectare = 10000 * square_meter = ha
cubic_meter = meter ** 3 = m3
liter = cubic_meter / 1000 = L
gram = [mass] = g
kilogram = 1000 * gram = kg
tonne = 1000 * kilogram = t
second = [time] = s
hour = 3600 * second = h
joule = [energy] = J
megajoule = 1000000 * joule = MJ
gigajoule = 1000000000 * joule = GJ
watt = joule / second = W
kilowatt = 1000 * watt = kW
megawatt = 1000000 * watt = MW
gigawatt = 1000000000 * watt = GW
kilowatt_hour = kilowatt * hour = kWh
megawatt_hour = 1000 * kilowatt_hour = MWh
gigawatt_hour = 1000000 * kilowatt_hour = GWh
tonne_coal_equivalent = [standard_coal] = tce
kilogram_coal_equivalent = tonne_coal_equivalent / 1000 = kgce
yuan = [currency]
wan_yuan = 10000 * yuan
"""

# Chinese and typographic spellings, mapped to the registry's names (longest first).
_ALIASES: list[tuple[str, str]] = sorted(
    [
        ("平方米", "m2"), ("平方公尺", "m2"), ("㎡", "m2"), ("m²", "m2"), ("m^2", "m2"),
        ("sqm", "m2"), ("立方米", "m3"), ("m³", "m3"), ("m^3", "m3"), ("公顷", "ha"),
        ("千瓦时", "kWh"), ("kW·h", "kWh"), ("kwh", "kWh"), ("度", "kWh"), ("兆瓦时", "MWh"),
        ("mwh", "MWh"), ("千瓦", "kW"), ("kw", "kW"), ("兆瓦", "MW"), ("mw", "MW"),
        ("吉瓦", "GW"), ("吨标准煤", "tce"), ("吨标煤", "tce"), ("千克标准煤", "kgce"),
        ("万元", "wan_yuan"), ("元", "yuan"), ("千克", "kg"), ("公斤", "kg"), ("吨", "t"),
        ("升", "L"), ("吉焦", "GJ"), ("兆焦", "MJ"), ("gj", "GJ"),
    ],
    key=lambda pair: -len(pair[0]),
)
_MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000)}
_NUMBER = re.compile(r"\s*([-+]?(?:\d[\d,，]*)?\.?\d+(?:[eE][-+]?\d+)?)\s*(万|亿)?\s*(.*?)\s*$", re.S)
_PLAIN_DECIMAL = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)")

UNIT_LABELS = {
    "m2": "m²", "m3": "m³", "kWh": "kWh", "tce": "tce (吨标准煤)", "MW": "MW", "t": "t",
    "L": "L", "GJ": "GJ", "kg": "kg", "tce/wan_yuan": "tce/万元",
}


class QuantityError(Said):
    """A value that is not a valid quantity of the expected unit (a catalogue sentence)."""


def to_decimal(value: Any, unit: str) -> Decimal:
    """Convert ``value`` (a number in ``unit``, or a string with a unit) to a Decimal in ``unit``."""
    if isinstance(value, bool) or value is None:
        raise QuantityError(_expected(unit))
    if isinstance(value, int | Decimal | float):
        return checked(_number(value))
    if not isinstance(value, str):
        raise QuantityError(_expected(unit))
    if len(value) > MAX_QUANTITY_CHARS:
        raise QuantityError(long_number_problem(value) or words(
            "input.quantity.too_long", count=f"{len(value):,}", limit=MAX_QUANTITY_CHARS,
            expected=_expected(unit)))
    match = _NUMBER.fullmatch(value)
    if not match:
        raise QuantityError(words("input.quantity.unreadable", value=Quoted(value),
                                  expected=_expected(unit)))
    number = checked(_parse(match.group(1).replace(",", "").replace("，", "")))
    multiplier, unit_text = match.group(2), match.group(3)
    if not multiplier and (not unit_text or _normalise_unit(unit_text) == unit):
        return number  # already in the field's unit
    with localcontext(_CONVERSION):  # exact: a checked number times powers of ten
        number *= _MULTIPLIERS.get(multiplier or "", Decimal(1))
        if unit_text and _normalise_unit(unit_text) != unit:
            number *= _converted(unit_text, unit, value)
    return checked(number, words("input.quantity.converted", value=Quoted(value),
                                 number=_plain(number), unit=unit_words(unit)))


def to_ratio(value: Any) -> Decimal:
    """A fraction 0..1 given as a number or as a percent string ("50%")."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_QUANTITY_CHARS:
            raise QuantityError(long_number_problem(text) or words(
                "input.ratio.too_long", count=f"{len(text):,}", limit=MAX_QUANTITY_CHARS))
        if text.endswith(("%", "％")):
            body = text[:-1].strip()
            if not _PLAIN_DECIMAL.fullmatch(body):
                raise QuantityError(words("input.ratio.bad_percent", value=Quoted(value)))
            with localcontext(_CONVERSION):
                fraction = checked(_parse(body)) / 100
            return checked(fraction, words("input.ratio.converted", value=Quoted(value),
                                           number=_plain(fraction)))
        if not _PLAIN_DECIMAL.fullmatch(text):
            raise QuantityError(words("input.ratio.unreadable", value=Quoted(value)))
        value = _parse(text)
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise QuantityError(words("input.ratio.expected"))
    return checked(_number(value))


# What greencheck computes with exactly. Every accepted number, as written and again in the
# field's unit, has at most MAX_SIGNIFICANT_DIGITS significant digits, at most
# MAX_INTEGER_DIGITS digits before the decimal point and at most MAX_FRACTION_DIGITS after it
# (zero aside: at least 1e-20, below 1e15). ``checked`` looks only at the digits and the exponent,
# before any conversion (int(), a unit factor, quantize), so 1e999999 or a 5,000-digit number is
# refused in microseconds. 20 significant digits hold the shortest repr of every double (17) and
# any metered reading; 1e15 is four orders beyond the largest plausible bound
# (checker/input/plausibility.py); 20 fraction digits keep a float ratio such as
# 0.30000000000000004. The metrics rest on these limits: see checker.metrics.registry.WIDE.
MAX_SIGNIFICANT_DIGITS = 20
MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 20
MAX_QUANTITY_CHARS = 100  # a quantity string longer than this is not a quantity
_CONVERSION = Context(prec=MAX_SIGNIFICANT_DIGITS + 40)  # a number × 万/亿 × a unit factor, exactly


def checked(number: Decimal, prefix: Words | None = None) -> Decimal:
    """``number`` if greencheck can compute with it exactly; else a QuantityError naming the
    limit (led by ``prefix``, a sentence whose figure ``problem`` the limit fills)."""
    if not number.is_finite():
        raise _refused(prefix, words("input.number.not_finite"))
    if not number:
        return number
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    if (len(digits) <= MAX_SIGNIFICANT_DIGITS and exponent >= -MAX_FRACTION_DIGITS
            and len(digits) + exponent <= MAX_INTEGER_DIGITS):
        return number  # the common case, within every limit as written
    zeros = len(digits) - len(bytes(digits).rstrip(b"\0"))  # trailing zeros are not significant
    before = number.adjusted() + 1  # digits before the decimal point
    if before > MAX_INTEGER_DIGITS:
        raise _refused(prefix, _before_message(f"{before:,}"))
    significant = len(digits) - zeros
    if significant > MAX_SIGNIFICANT_DIGITS:
        raise _refused(prefix, _significant_message(significant))
    after = -(exponent + zeros)  # digits after the decimal point, to the last non-zero one
    if after > MAX_FRACTION_DIGITS:
        raise _refused(prefix, _after_message(after))
    return number


def _refused(prefix: Words | None, problem: Words) -> QuantityError:
    if prefix is None:
        return QuantityError(problem)
    return QuantityError(Words(prefix.key, (*prefix.figures, ("problem", problem))))


def long_number_problem(text: str) -> Words | None:
    """What is wrong with a numeral too long to be a number (the document reader keeps one of
    more than 100 characters as text); None if ``text`` is not a plain numeral. No regex and no
    Decimal: linear in the text, whatever its length."""
    if len(text) <= MAX_QUANTITY_CHARS:
        return None
    body = text.strip().removeprefix("-").removeprefix("+")
    whole, _, fraction = body.partition(".")
    plain = all(part.isascii() and (part.isdigit() or not part) for part in (whole, fraction))
    if not plain or not (whole or fraction):
        return None
    whole = whole.lstrip("0")
    if len(whole) > MAX_INTEGER_DIGITS:
        return _before_message(f"{len(whole):,}")
    significant = len((whole + fraction).strip("0"))
    if significant > MAX_SIGNIFICANT_DIGITS:
        return _significant_message(significant)
    after = len(fraction.rstrip("0"))
    return _after_message(after) if after > MAX_FRACTION_DIGITS else None


def _before_message(digits: Any) -> Words:
    return words("input.number.before", digits=digits, limit=MAX_INTEGER_DIGITS)


def _significant_message(digits: int) -> Words:
    return words("input.number.significant", digits=f"{digits:,}", limit=MAX_SIGNIFICANT_DIGITS)


def _after_message(digits: int) -> Words:
    return words("input.number.after", digits=f"{digits:,}", limit=MAX_FRACTION_DIGITS)


def checked_int(value: int) -> int:
    """An int of at most MAX_INTEGER_DIGITS digits, refused before any conversion to text."""
    if abs(value) >= 10**MAX_INTEGER_DIGITS:
        digits: Any = (f"{len(str(abs(value))):,}" if value.bit_length() < 10_000
                       else ByLang(zh="超过 3,000", en="more than 3,000"))
        raise QuantityError(_before_message(digits))
    return value


def _number(value: int | Decimal | float) -> Decimal:
    if isinstance(value, float):
        return _parse(repr(value))
    if isinstance(value, int):
        return Decimal(checked_int(value))
    return value


def _parse(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:  # an exponent beyond what Decimal itself holds
        raise QuantityError(words("input.number.exponent")) from None


def _plain(number: Decimal) -> str:
    """A number without exponent for a message (short: only checked numbers get here in full)."""
    return f"{number:f}" if abs(number.adjusted()) <= 40 else str(number)


def _expected(unit: str) -> Words:
    if not unit:
        return words("input.quantity.expected_number")
    return words("input.quantity.expected", unit=unit_words(unit),
                 written=UNIT_WRITTEN.get(unit, UNIT_LABELS.get(unit, unit)))


# how a message names a unit (en without the Chinese of a label), and how a file writes it
UNIT_WRITTEN = {"tce": "tce", "tce/wan_yuan": "tce/万元"}


def unit_words(unit: str) -> Any:
    """A unit in a message: its label, in English words where the label is Chinese."""
    if unit == "tce":
        return ByLang(zh="tce（吨标准煤）", en="tce (tonnes of standard coal)")
    if unit == "tce/wan_yuan":
        return ByLang(zh="tce/万元", en="tce per 10,000 yuan")
    return UNIT_LABELS.get(unit, unit)


def _normalise_unit(text: str) -> str:
    for alias, name in _ALIASES:
        text = text.replace(alias, name)
    return text.replace("·", "*")


def _converted(unit_text: str, target: str, original: str) -> Decimal:
    import pint  # deferred: ~130 ms of start-up, paid only by a value with a unit string

    try:
        return _factor(unit_text, target)
    except pint.DimensionalityError as exc:
        raise QuantityError(words("input.quantity.dimension", value=Quoted(original),
                                  written=unit_text, unit=unit_words(target))) from exc
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, InvalidOperation) as exc:
        raise QuantityError(words("input.quantity.unknown_unit", unit=Quoted(unit_text),
                                  value=Quoted(original), expected=_expected(target))) from exc


@lru_cache(maxsize=256)
def _factor(unit_text: str, target: str) -> Decimal:
    """How many ``target`` units one ``unit_text`` is (exact: Decimal magnitudes throughout)."""
    converted = _registry().Quantity(Decimal(1), _normalise_unit(unit_text)).to(target).magnitude
    return Decimal(converted).normalize() if not isinstance(converted, Decimal) else converted


@lru_cache(maxsize=1)
def _registry() -> Any:
    import pint  # deferred: ~130 ms of start-up, paid only by a value with a unit string

    registry: Any = pint.UnitRegistry(None, non_int_type=Decimal, autoconvert_offset_to_baseunit=False)
    for line in _DEFINITIONS.strip().splitlines():
        registry.define(line)
    return registry
