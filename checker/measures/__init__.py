"""Derived metrics, one module per domain; importing this package registers them all."""

from checker.measures import buildings, data_centres  # noqa: F401
