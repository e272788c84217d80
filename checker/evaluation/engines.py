"""The engines a check can run on, by name."""

from __future__ import annotations

import importlib

from checker.catalogue.model import Rule
from checker.evaluation.protocol import Engine

# loaded by name, when asked for: durable_rules costs about 60 ms of start-up, and the oracle
# is the tests' reference, which the production path never imports
ENGINES = {"durable_rules": "checker.evaluation.durable:DurableEngine",
           "oracle": "checker.evaluation.oracle:OracleEngine"}


def make_engine(rules: tuple[Rule, ...], name: str) -> Engine:
    module, implementation = ENGINES[name].split(":")
    engine: Engine = getattr(importlib.import_module(module), implementation)(rules)
    return engine
