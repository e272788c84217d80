"""Quantities: plain numbers in the field's unit, or strings with units, converted exactly.

Plain numbers never touch pint (start-up time matters); strings with a unit go through a small
pint registry built on first use with ``Decimal`` magnitudes, so 0.57万 m² is exactly 5700 m².
Standard coal (tce) and money are their own dimensions: converting tce to kWh needs a cited
policy coefficient, never a physical constant.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
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
    if isinstance(value, int | Decimal):
        return _finite(Decimal(value))
    if isinstance(value, float):
        return _finite(Decimal(repr(value)))
    if not isinstance(value, str):
        raise QuantityError(_expected(unit))
    match = _NUMBER.fullmatch(value)
    if not match:
        raise QuantityError(f"cannot read {value!r} as a quantity; {_expected(unit)}")
    number = _finite(Decimal(match.group(1).replace(",", "").replace("，", "")))
    number *= _MULTIPLIERS.get(match.group(2) or "", Decimal(1))
    unit_text = match.group(3)
    if not unit_text or _normalise_unit(unit_text) == unit:  # already in the field's unit
        return number
    return number * _converted(unit_text, unit, value)


def to_ratio(value: Any) -> Decimal:
    """A fraction 0..1 given as a number or as a percent string ("50%")."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("%", "％")):
            body = text[:-1].strip()
            if not _PLAIN_DECIMAL.fullmatch(body):
                raise QuantityError(f"cannot read {value!r} as a percentage")
            return _finite(Decimal(body)) / 100
        if not _PLAIN_DECIMAL.fullmatch(text):
            raise QuantityError(f"cannot read {value!r} as a ratio; write 0.5 or \"50%\"")
        value = Decimal(text)
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise QuantityError('expected a ratio such as 0.5 or "50%"')
    return _finite(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))


MAX_EXPONENT = 100  # no real quantity is beyond 1e±100; keeps Decimal arithmetic in range


def _finite(number: Decimal) -> Decimal:
    if not number.is_finite():
        raise QuantityError("must be a finite number")
    if number and abs(number.adjusted()) > MAX_EXPONENT:
        raise QuantityError(f"{number} is out of range (at most 1e{MAX_EXPONENT}, at least 1e-{MAX_EXPONENT})")
    return number


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
