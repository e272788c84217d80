from decimal import Decimal

import pytest

from checker.input.units import QuantityError, to_decimal, to_ratio


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1.2万 m²", "m2", "12000"),
        ("6,000 m2", "m2", "6000"),
        ("0.57万 m²", "m2", "5700"),
        ("5700平方米", "m2", "5700"),
        ("45 MW", "MW", "45"),
        ("3.2万千瓦", "MW", "32"),
        ("45000 kW", "MW", "45"),
        ("120 tce", "tce", "120"),
        ("120 吨标准煤", "tce", "120"),
        ("800 kgce", "tce", "0.8"),
        ("15万立方米", "m3", "150000"),
        ("1.5 MWh", "kWh", "1500"),
        ("1.56亿千瓦时", "kWh", "156000000"),
        ("2 GJ", "GJ", "2"),
        ("0.21 吨标准煤/万元", "tce/wan_yuan", "0.21"),
    ],
)
def test_unit_strings_convert_exactly(text, unit, expected):
    assert to_decimal(text, unit) == Decimal(expected)


def test_plain_numbers_are_in_the_field_unit():
    assert to_decimal(Decimal("5700.5"), "m2") == Decimal("5700.5")
    assert to_decimal(12, "kWh") == 12


def test_ten_thousand_square_metres_divide_exactly():
    ratio = to_decimal("0.57万 m²", "m2") / to_decimal("1.9万 m²", "m2")
    assert ratio == Decimal("0.3")


@pytest.mark.parametrize(("text", "unit"), [("45 MW", "m2"), ("120 tce", "kWh"), ("12 parsecs", "m2"),
                                            ("lots", "m2"), ("1.2.3 m2", "m2")])
def test_wrong_or_unknown_units_are_errors(text, unit):
    with pytest.raises(QuantityError):
        to_decimal(text, unit)


@pytest.mark.parametrize("value", [True, None, [1], {"a": 1}, Decimal("NaN"), Decimal("Infinity")])
def test_non_numbers_are_errors(value):
    with pytest.raises(QuantityError):
        to_decimal(value, "m2")


@pytest.mark.parametrize(("value", "expected"), [("50%", "0.5"), ("30.5%", "0.305"), (Decimal("0.42"), "0.42"),
                                                 ("0.3", "0.3"), (1, "1")])
def test_ratios(value, expected):
    assert to_ratio(value) == Decimal(expected)


@pytest.mark.parametrize("value", ["fifty%", "half", True])
def test_bad_ratios(value):
    with pytest.raises(QuantityError):
        to_ratio(value)
