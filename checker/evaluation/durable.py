"""The durable_rules engine behind greencheck: rule data compiled into JSON rulesets.

This module owns every piece of durable_rules' global state and guards what reaches it
(see ../shared/notes/durable_rules.md):
- the C extension is driven directly, without ``durable.engine.Host`` and its timer threads;
- each project is one fact under a fresh session id, deleted after its actions complete; a
  catch-all ``seen`` rule makes sure an action always completes, so deletion is safe;
- every compiled rule carries the guard ``gc == 1``, which the engine's own state record never
  satisfies, so that record cannot loop through the rules;
- facts are flat: strings, 0/1 for booleans, numbers written without exponents, lists as flags.

Numbers: metrics are exact Decimals; the engine compares doubles. Rounding to double is
monotonic, so the only way it can change an outcome is a value that differs from a threshold
but rounds onto it; such a value is moved to the adjacent double on its own side.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
import threading
from collections import defaultdict
from decimal import Decimal
from importlib.metadata import version
from json.encoder import encode_basestring
from typing import Any

import durable_rules_engine

from checker.catalogue.model import Condition, Rule
from checker.errors import GreencheckError
from checker.evaluation.protocol import Prepared, RawOutcome

# durable_rules refuses a fact (error 303) that matches more than about 64 branches of one
# ruleset (measured: 65 fine, 67 refused); each rule matches at most 2 (maybe + pass/fail).
MAX_MATCHES_PER_RULESET = 48
GUARD = {"gc": 1}
# Guards on what reaches the C engine: a text no rule names is sent as OTHER_TEXT (it compares
# unequal to every constant either way), and only list members a rule names become flag keys, so
# facts stay small (error 302 at ~252 properties) and free of arbitrary user text.
OTHER_TEXT = "\u2049other"
DATE_KEY = "date"
ASSESSED_KEY = "assessed"
_SMALLEST = Decimal("1e-9")
_LARGEST = Decimal("1e15")
_counter = itertools.count(1)
_lock = threading.Lock()


class EngineError(GreencheckError):
    """durable_rules refused a fact or a ruleset."""


def engine_version() -> str:
    return f"durable_rules {version('durable-rules')}"


@functools.lru_cache(maxsize=1024)
def field_key(field: str) -> str:
    return "f_" + re.sub(r"[^A-Za-z0-9]", "_", field)


@functools.lru_cache(maxsize=1024)
def flag_key(field: str, member: str) -> str:
    return f"{field_key(field)}__{member.encode().hex()}"


def scope_key(index: int) -> str:
    return f"s{index}"


def metric_key(index: int) -> str:
    return f"m{index}"


def number_text(value: Decimal, thresholds: frozenset[Decimal] = frozenset()) -> str:
    """A JSON number durable_rules accepts (no exponent) that compares like the exact value."""
    if abs(value) > _LARGEST:
        value = _LARGEST.copy_sign(value)
    elif value and abs(value) < _SMALLEST:
        value = _SMALLEST.copy_sign(value)
    approx = float(value)
    for bound in thresholds:
        if value != bound and approx == float(bound):
            approx = math.nextafter(approx, math.inf if value > bound else -math.inf)
    text = repr(approx)
    return format(Decimal(approx), "f") if "e" in text else text


class _Number:
    """A number already written as JSON text, kept apart from ordinary values until dumping."""

    def __init__(self, text: str):
        self.text = text


def _dumps(data: Any) -> str:
    placeholders: dict[str, str] = {}

    def default(value: Any) -> str:
        if isinstance(value, _Number):
            token = f"\x00{len(placeholders)}\x00"
            placeholders[json.dumps(token)] = value.text
            return token
        raise TypeError(type(value).__name__)

    text = json.dumps(data, ensure_ascii=False, default=default)
    for token, number in placeholders.items():
        text = text.replace(token, number)
    return text


def _text(value: str) -> str:
    return str(encode_basestring(value))


class _Compiler:
    """Builds JSON ruleset definitions and remembers which thresholds each fact key meets."""

    def __init__(self) -> None:
        self.thresholds: dict[str, set[Decimal]] = defaultdict(set)
        self.texts: dict[str, set[str]] = defaultdict(set)
        self.members: dict[str, set[str]] = defaultdict(set)

    def condition(self, condition: Condition) -> tuple[dict[str, Any], str]:
        key = field_key(condition.field)
        op, value = condition.op, condition.value
        if op == "any_of":
            self.members[condition.field].update(str(v) for v in value)
            return _any([{flag_key(condition.field, str(v)): 1} for v in value]), key
        if op == "given":
            return {"$ex": {key: 1}}, ""  # never unknown: absent fails it
        return self.compare(key, op, value), key

    def compare(self, key: str, op: str, value: Any) -> dict[str, Any]:
        if op == "true":
            return {key: 1}
        if op == "false":
            return {key: 0}
        if op in {"in", "not_in"}:
            options = [self.compare(key, "eq" if op == "in" else "ne", v) for v in value]
            return _any(options) if op == "in" else _all(options)
        if isinstance(value, Decimal):
            self.thresholds[key].add(value)
            value = _Number(number_text(value))
        elif isinstance(value, str):
            self.texts[key].add(value)
        if op == "eq":
            return {key: value}
        return {_DURABLE_OPS[op]: {key: value}}

    def rule(self, index: int, rule: Rule) -> dict[str, dict[str, Any]]:
        """Three branches: ``maybe`` (no condition fails), ``pass`` and ``fail`` (all hold).

        Together they give the three-valued outcome without a branch per unknown condition:
        fail or pass when those fired, insufficient_data when only ``maybe`` did, and
        not_applicable when nothing did. At most two of them match one fact.
        """
        base = [GUARD, {"kind": rule.kind}]
        conditions = [self.condition(c) for c in rule.applies_to.when]
        conditions += _date_conditions(rule)
        conditions.append(({scope_key(index): 1}, scope_key(index)))
        compiled = {_BRANCHES[index][2]: base + [_any([expr, {"$nex": {key: 1}}]) if key else expr
                                              for expr, key in conditions]}
        if not rule.awaits_parameter:  # applicable, but nothing to compare with: maybe only
            compiled.update(self.requirement(index, rule, base + [e for e, _ in conditions]))
        return {name: {"all": [{"m": {"$and": terms}}]} for name, terms in compiled.items()}

    def requirement(self, index: int, rule: Rule, applicable: list[Any]) -> dict[str, list[Any]]:
        requirement = rule.requirement
        metric = metric_key(index)
        passing = self.compare(metric, requirement.op, requirement.threshold)
        failing = self.compare(metric, _NEGATION[requirement.op], requirement.threshold)
        fail, passing_name, _ = _BRANCHES[index]
        return {passing_name: applicable + [passing], fail: applicable + [failing]}


_DURABLE_OPS = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
_NEGATION = {"lt": "ge", "le": "gt", "gt": "le", "ge": "lt", "eq": "ne", "ne": "eq",
             "in": "not_in", "not_in": "in", "true": "false", "false": "true"}


def _any(options: list[dict[str, Any]]) -> dict[str, Any]:
    return options[0] if len(options) == 1 else {"$or": options}


def _all(options: list[dict[str, Any]]) -> dict[str, Any]:
    return options[0] if len(options) == 1 else {"$and": options}


def _date_conditions(rule: Rule) -> list[tuple[dict[str, Any], str]]:
    key = ASSESSED_KEY if rule.date_basis == "assessment" else DATE_KEY
    found = [({"$gte": {key: rule.effective_from.toordinal()}}, key)]
    if rule.effective_until is not None:
        found.append(({"$lte": {key: rule.effective_until.toordinal()}}, key))
    return found


class _Ruleset:
    def __init__(self, definition: dict[str, Any]):
        self._c = durable_rules_engine
        self.name = f"greencheck_{next(_counter)}"
        self.definition = definition
        self.handle = self._c.create_ruleset(self.name, _dumps(definition))

    def fire(self, fact_text: str) -> set[str]:
        sid = str(next(_counter))
        text = f'{{"sid":"{sid}","id":"project",{fact_text}'

        try:
            result = self._c.assert_fact(self.handle, text)
            fired = self._drain(result[1])
        except Exception as exc:  # the C engine raises bare Exceptions with a code
            self.handle = self._c.create_ruleset(f"{self.name}_{sid}", _dumps(self.definition))
            raise EngineError(f"durable_rules rejected a fact: {exc}") from exc
        self._c.delete_state(self.handle, sid)
        return fired

    def _drain(self, state_handle: int) -> set[str]:
        fired: set[str] = set()
        started = self._c.start_action_for_state(self.handle, state_handle)
        message = started[1] if started else None
        while message:
            fired.update(_rule_names(message))
            message = self._c.complete_and_start_action(self.handle, state_handle)
        return fired


def _rule_names(message: str) -> list[str]:
    """The rules an action message names: each action carries one, as '{"<name>":{"m":...'."""
    end = message.find('"', 2)
    if message.startswith('{"') and message.startswith('":{"m":', end):
        return [message[2:end]]
    return list(json.loads(message))


class DurableEngine:
    """Evaluates prepared projects with rule data compiled into durable_rules rulesets."""

    name = "durable_rules"

    def __init__(self, rules: tuple[Rule, ...]):
        compiler = _Compiler()
        self._rulesets: dict[str, list[_Ruleset]] = defaultdict(list)
        self._by_kind: dict[str, list[tuple[int, Rule]]] = defaultdict(list)
        for index, rule in enumerate(rules):
            self._by_kind[rule.kind].append((index, rule))
        definitions = [(kind, definition) for kind, indexed in self._by_kind.items()
                       for definition in _definitions(compiler, indexed)]
        self._thresholds = {k: frozenset(v) for k, v in compiler.thresholds.items()}
        self._texts = {k: frozenset(v) for k, v in compiler.texts.items()}
        self._members = {k: frozenset(v) for k, v in compiler.members.items()}
        with _lock:
            for kind, definition in definitions:
                self._rulesets[kind].append(_Ruleset(definition))

    def fact_text(self, prepared: Prepared) -> str:
        """The project as one flat JSON fact (without its braces and session id)."""
        parts = [f'"gc":1,"kind":{_text(prepared.kind)},"{ASSESSED_KEY}":{prepared.assessed_on.toordinal()}']
        if prepared.date is not None:
            parts.append(f'"{DATE_KEY}":{prepared.date.toordinal()}')
        for field, value in prepared.values.items():
            key = field_key(field)
            if isinstance(value, frozenset):
                parts.append(f'"{key}":{len(value)}')
                known = self._members.get(field, frozenset()) & value
                parts.extend(f'"{flag_key(field, member)}":1' for member in sorted(known))
            else:
                parts.append(f'"{key}":{self._value(key, value)}')
        for index, rule in self._by_kind.get(prepared.kind, ()):
            computed = prepared.metrics.get(rule.id)
            if computed is None:
                continue
            parts.append(f'"{scope_key(index)}":{1 if computed.in_scope else 0}')
            if computed.value is not None:
                key = metric_key(index)
                parts.append(f'"{key}":{self._value(key, computed.value)}')
        return ",".join(parts) + "}"

    def _value(self, key: str, value: Any) -> str:
        """A flag as 0/1, a number as exact JSON text, a text only if a rule names it."""
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, Decimal | int):
            return number_text(Decimal(value), self._thresholds.get(key, frozenset()))
        return _text(value if value in self._texts.get(key, ()) else OTHER_TEXT)

    def evaluate(self, prepared: Prepared) -> dict[str, RawOutcome]:
        fact_text = self.fact_text(prepared)
        fired: set[str] = set()
        with _lock:
            for ruleset in self._rulesets.get(prepared.kind, []):
                fired |= ruleset.fire(fact_text)
        return {rule.id: _resolve(_BRANCHES[index], fired) for index, rule in self._by_kind.get(prepared.kind, ())}


def _definitions(compiler: _Compiler, indexed: list[tuple[int, Rule]]) -> list[dict[str, Any]]:
    """Rulesets for one kind, each small enough that no fact can match too many branches."""
    definitions: list[dict[str, Any]] = []
    matches = MAX_MATCHES_PER_RULESET
    for index, rule in indexed:
        if matches + 2 > MAX_MATCHES_PER_RULESET:
            definitions.append({"seen": {"all": [{"m": GUARD}]}})
            matches = 1
        definitions[-1].update(compiler.rule(index, rule))
        matches += 2
    return definitions


def _resolve(branches: tuple[str, str, str], fired: set[str]) -> RawOutcome:
    fail, passing, maybe = branches
    if fail in fired:
        return "fail"
    if passing in fired:
        return "pass"
    if maybe in fired:
        return "insufficient_data"
    return "not_applicable"


class _Branches(dict[int, tuple[str, str, str]]):
    """A rule's branch names by its index, made once."""

    def __missing__(self, index: int) -> tuple[str, str, str]:
        self[index] = (f"{index}:fail", f"{index}:pass", f"{index}:maybe")
        return self[index]


_BRANCHES = _Branches()
