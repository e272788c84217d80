"""Derived metrics, one module per domain; importing this package registers them all."""

from checker.measures import buildings, data_centres, industry, institutions, transport  # noqa: F401
