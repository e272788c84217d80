"""The package tree is the pipeline: no import cycles (deferred imports counted), the oracle off
the production path, and imports inside functions only where start-up time needs them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "checker"
# deferred on purpose: each costs start-up (pint ~130 ms, jinja2 ~46 ms, durable_rules ~60 ms,
# a reporter or command only when asked for), or loads only when workers are used
DEFERRABLE = ("pint", "jinja2", "durable_rules_engine", "multiprocessing", "concurrent.futures",
              "tomllib", "xml.etree", "checker.report", "checker.check", "checker.catalogue",
              "checker.authoring", "checker.evaluation.durable", "checker.errors",
              "checker.input", "openpyxl", "weasyprint",
              # the message catalogue (PyYAML and messages.yaml): only once a problem is said
              "checker.messages")
# only the command line defers greencheck's own modules (so that --help loads click alone)
DEFERS_OWN = ("checker.cli", "checker.report.sink")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path) -> list[tuple[str, ast.AST, bool]]:
    """(imported greencheck or library module, node, inside a function) for every import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, ast.AST, bool]] = []

    def visit(node: ast.AST, deferred: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = deferred or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, child, deferred) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                for alias in child.names:
                    candidate = f"{child.module}.{alias.name}"
                    found.append((candidate if candidate in MODULES else child.module, child, deferred))
            elif isinstance(child, ast.If) and _is_type_checking(child):
                continue  # annotations only; never executed
            visit(child, inner)

    visit(tree, False)
    return found


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def graph() -> dict[str, set[str]]:
    return {name: {target for target, _, _ in imports(path) if target in MODULES and target != name}
            for name, path in MODULES.items()}


def test_no_import_cycle_counting_deferred_imports():
    edges = graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycle = stack[stack.index(target):] + [target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                walk(target)
        stack.pop()
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            walk(name)


def test_production_modules_do_not_import_the_oracle():
    importers = sorted(name for name, targets in graph().items()
                       if "checker.evaluation.oracle" in targets)
    assert importers == []


def test_imports_inside_functions_only_where_start_up_needs_them():
    hidden = []
    for name, path in MODULES.items():
        for target, node, deferred in imports(path):
            if not deferred:
                continue
            own = target.startswith("checker")
            allowed = target.startswith(DEFERRABLE) and (not own or name.startswith(DEFERS_OWN))
            if not allowed:
                hidden.append(f"{name}:{node.lineno} imports {target} inside a function")
    assert hidden == []


def test_each_deferred_import_says_why():
    unexplained = []
    for name, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for _target, node, deferred in imports(path):
            if not deferred:
                continue
            start = node.lineno - 1
            block = lines[max(0, start - 8):start + 1]
            if not any("#" in line for line in block) and not _module_says_why(lines):
                unexplained.append(f"{name}:{node.lineno}")
    assert unexplained == []


def _module_says_why(lines: list[str]) -> bool:
    """A module whose every command defers its imports says so once, at the top."""
    return any(line.startswith("# deferred imports:") for line in lines[:40])
