"""Derived metrics, one module per domain; importing this package registers them all."""

import checker.measures.institutions  # noqa: F401
from checker.measures import buildings, data_centres, industry, transport  # noqa: F401
