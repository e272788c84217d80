"""Derived metrics, one module per domain; importing the package registers them all."""

from checker.metrics import buildings, data_centres, industry, institutions, transport  # noqa: F401
