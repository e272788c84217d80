"""The locks agree with pyproject.toml: every dependency it names is pinned, hash-checked, at a
version its specifier allows (after editing the dependencies, run `make lock`)."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def entries(name: str) -> list[tuple[str, Version, str]]:
    """Each ``name==version`` entry of a lock, with its text (markers, hashes)."""
    found = []
    for entry in re.split(r"\n(?=\S)", (ROOT / name).read_text(encoding="utf-8")):
        if match := _PIN.match(entry):
            found.append((canonicalize_name(match[1]), Version(match[2]), entry))
    return found


def pins(name: str) -> dict[str, Version]:
    return {package: version for package, version, _ in entries(name)}


LOCKS = {"requirements.lock": pins("requirements.lock"),
         "requirements-build.lock": pins("requirements-build.lock")}
BUILD_IN = [line.split("#")[0].strip()
            for line in (ROOT / "requirements-build.in").read_text(encoding="utf-8").splitlines()]
NEEDED = {  # each lock and what it must satisfy
    "requirements.lock": [*PYPROJECT["project"]["dependencies"],
                          *PYPROJECT["project"]["optional-dependencies"]["test"]],
    "requirements-build.lock": [*PYPROJECT["build-system"]["requires"], *filter(None, BUILD_IN)],
}


@pytest.mark.parametrize(("lock", "requirement"), [
    (lock, requirement) for lock, needed in NEEDED.items() for requirement in dict.fromkeys(needed)
])
def test_each_dependency_is_pinned_within_its_specifier(lock, requirement):
    wanted = Requirement(requirement)
    name = canonicalize_name(wanted.name)
    pinned = LOCKS[lock]
    assert name in pinned, f"{requirement} is not in {lock}: run `make lock`"
    assert wanted.specifier.contains(pinned[name], prereleases=True), (
        f"{lock} pins {name}=={pinned[name]}, outside {requirement}: run `make lock`")


@pytest.mark.parametrize("lock", list(LOCKS))
def test_every_pin_carries_hashes(lock):
    assert LOCKS[lock], f"{lock} pins nothing"
    assert [package for package, _, text in entries(lock) if "--hash=sha256:" not in text] == []


def test_the_locks_agree_where_they_overlap():
    runtime, build = LOCKS["requirements.lock"], LOCKS["requirements-build.lock"]
    assert {name: str(v) for name, v in build.items() if runtime.get(name, v) != v} == {}


def test_packaging_that_this_test_reads_with_is_locked():
    assert "packaging" in LOCKS["requirements.lock"]
