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


class QuantityError(ValueError):
    """A value that is not a valid quantity of the expected unit."""


def to_decimal(value: Any, unit: str) -> Decimal:
    """Convert ``value`` (a number in ``unit``, or a string with a unit) to a Decimal in ``unit``."""
    if isinstance(value, bool) or value is None:
        raise QuantityError(_expected(unit))
    if isinstance(value, int | Decimal | float):
        return checked(_number(value))
    if not isinstance(value, str):
        raise QuantityError(_expected(unit))
    if len(value) > MAX_QUANTITY_CHARS:
        raise QuantityError(long_number_problem(value) or f"a text of {len(value):,} characters is "
                            f"not a quantity (at most {MAX_QUANTITY_CHARS}); {_expected(unit)}")
    match = _NUMBER.fullmatch(value)
    if not match:
        raise QuantityError(f"cannot read {value!r} as a quantity; {_expected(unit)}")
    number = checked(_parse(match.group(1).replace(",", "").replace("，", "")))
    multiplier, unit_text = match.group(2), match.group(3)
    if not multiplier and (not unit_text or _normalise_unit(unit_text) == unit):
        return number  # already in the field's unit
    with localcontext(_CONVERSION):  # exact: a checked number times powers of ten
        number *= _MULTIPLIERS.get(multiplier or "", Decimal(1))
        if unit_text and _normalise_unit(unit_text) != unit:
            number *= _converted(unit_text, unit, value)
    return checked(number, f"{value!r} is {_plain(number)} {UNIT_LABELS.get(unit, unit)}: ")


def to_ratio(value: Any) -> Decimal:
    """A fraction 0..1 given as a number or as a percent string ("50%")."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_QUANTITY_CHARS:
            raise QuantityError(long_number_problem(text) or f"a text of {len(text):,} characters "
                                f"is not a ratio (at most {MAX_QUANTITY_CHARS}); write 0.5 or \"50%\"")
        if text.endswith(("%", "％")):
            body = text[:-1].strip()
            if not _PLAIN_DECIMAL.fullmatch(body):
                raise QuantityError(f"cannot read {value!r} as a percentage")
            with localcontext(_CONVERSION):
                fraction = checked(_parse(body)) / 100
            return checked(fraction, f"{value!r} is {_plain(fraction)}: ")
        if not _PLAIN_DECIMAL.fullmatch(text):
            raise QuantityError(f"cannot read {value!r} as a ratio; write 0.5 or \"50%\"")
        value = _parse(text)
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise QuantityError('expected a ratio such as 0.5 or "50%"')
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


def checked(number: Decimal, prefix: str = "") -> Decimal:
    """``number`` if greencheck can compute with it exactly; else a QuantityError naming the limit."""
    if not number.is_finite():
        raise QuantityError(f"{prefix}must be a finite number")
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
        raise QuantityError(prefix + _before_message(f"{before:,}"))
    significant = len(digits) - zeros
    if significant > MAX_SIGNIFICANT_DIGITS:
        raise QuantityError(prefix + _significant_message(significant))
    after = -(exponent + zeros)  # digits after the decimal point, to the last non-zero one
    if after > MAX_FRACTION_DIGITS:
        raise QuantityError(prefix + _after_message(after))
    return number


def long_number_problem(text: str) -> str | None:
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


def _before_message(digits: str) -> str:
    return (f"{digits} digits before the decimal point; at most {MAX_INTEGER_DIGITS} (exponent out "
            f"of range: a quantity is below 1e{MAX_INTEGER_DIGITS})")


def _significant_message(digits: int) -> str:
    return (f"{digits:,} significant digits; at most {MAX_SIGNIFICANT_DIGITS} (greencheck computes "
            "exactly and does not round a figure)")


def _after_message(digits: int) -> str:
    return (f"{digits:,} digits after the decimal point; at most {MAX_FRACTION_DIGITS} (exponent out "
            f"of range: a quantity other than 0 is at least 1e-{MAX_FRACTION_DIGITS})")


def checked_int(value: int) -> int:
    """An int of at most MAX_INTEGER_DIGITS digits, refused before any conversion to text."""
    if abs(value) >= 10**MAX_INTEGER_DIGITS:
        digits = f"{len(str(abs(value))):,}" if value.bit_length() < 10_000 else "more than 3,000"
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
        raise QuantityError("exponent out of range") from None


def _plain(number: Decimal) -> str:
    """A number without exponent for a message (short: only checked numbers get here in full)."""
    return f"{number:f}" if abs(number.adjusted()) <= 40 else str(number)


def _expected(unit: str) -> str:
    label = UNIT_LABELS.get(unit, unit)
    return f"expected a number in {label} or a string with a unit (e.g. \"1.2万 {label}\")"


def _normalise_unit(text: str) -> str:
    for alias, name in _ALIASES:
        text = text.replace(alias, name)
    return text.replace("·", "*")


def _converted(unit_text: str, target: str, original: str) -> Decimal:
    import pint  # deferred: ~130 ms of start-up, paid only by a value with a unit string

    try:
        return _factor(unit_text, target)
    except pint.DimensionalityError as exc:
        raise QuantityError(
            f"{original!r} is in {unit_text}, which cannot be converted to "
            f"{UNIT_LABELS.get(target, target)}"
        ) from exc
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, InvalidOperation) as exc:
        raise QuantityError(f"unknown unit {unit_text!r} in {original!r}; {_expected(target)}") from exc


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
