"""Bad input never crashes: every file becomes a report, invalid ones an error naming the file.

In-process checks cover many shapes quickly; a sample of batches goes through the CLI in a
subprocess, so that a segfault in a C extension (libyaml, durable_rules) would fail the test
instead of taking pytest down with it.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.catalogue.load import load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.input.document import MAX_DEPTH
from tests.conftest import SAMPLES
from tests.strategies import junk, mutated_projects

CHECKER = Checker(load_catalogue(), CheckOptions())
FAST = settings(derandomize=True, max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
VALID_SAMPLE = SAMPLES / "cp_building_school_pass.yaml"


def _plain(value: Any) -> Any:
    """Data PyYAML's safe dumper and json accept (Decimal as a plain number string)."""
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def as_yaml(data: Any) -> bytes:
    return yaml.safe_dump(_plain(data), allow_unicode=True).encode()


def as_json(data: Any) -> bytes:
    def default(value: Any) -> Any:
        return str(value)

    plain = _plain(data)
    return json.dumps(plain, ensure_ascii=False, default=default, allow_nan=True).encode()


raw_files = st.one_of(
    junk.map(as_yaml),
    junk.map(as_json),
    mutated_projects().map(as_yaml),
    mutated_projects().map(as_json),
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from([b"", b"   \n", b"\xef\xbb\xbf", b"---\n...\n", b"[", b"{", b"- - - -",
                     b"a: b: c", b"\x00\x01\x02", b"\xff\xfe\x00a", "名称: 测试".encode("gbk"),
                     b"? complex\n: key\n", b"&a [*a]", b"!!python/object:os.system ls",
                     b"format: greencheck/v1\nformat: greencheck/v1\n"]),
)


def check_bytes(raw: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"project{suffix}"
        path.write_bytes(raw)
        report = CHECKER.check_file(path)
    assert report.file == str(path)
    if report.verdict == "error":
        assert report.errors, "an error verdict always says why"
        assert all(p.message for p in report.errors)
    else:
        assert report.results is not None
    return report


@FAST
@given(raw_files, st.sampled_from([".yaml", ".json", ".yml"]))
def test_any_bytes_give_a_report_not_an_exception(raw, suffix):
    check_bytes(raw, suffix)


@FAST
@given(mutated_projects())
def test_mutated_projects_give_a_report(data):
    check_bytes(as_yaml(data), ".yaml")
    check_bytes(as_json(data), ".json")


@FAST
@given(st.sampled_from([math.nan, math.inf, -math.inf, 1e-05, 1e16, 1e308, 5e-324, -0.0, 10**30,
                        "1e-05", "1e+16", "1E400 m2", "-5", "NaN m2"]),
       st.sampled_from(["roof_area_m2", "pv_area_m2", "floor_area_m2", "precast_ratio",
                        "parking_spaces"]))
def test_extreme_numbers_in_a_valid_project(number, field):
    data = yaml.safe_load(VALID_SAMPLE.read_text(encoding="utf-8"))
    data["building"][field] = number
    report = check_bytes(as_yaml(data), ".yaml")
    if isinstance(number, float) and not math.isfinite(number):
        assert report.verdict == "error"


def test_deep_nesting_and_long_strings_in_process():
    deep = b"a: " + b"[" * 5000 + b"]" * 5000
    assert check_bytes(deep, ".yaml").verdict == "error"
    long_text = b"format: greencheck/v1\nid: " + b"x" * 1_000_000 + b"\nname: n\nkind: building\n"
    assert check_bytes(long_text, ".yaml").verdict == "error"
    cjk_keys = "format: greencheck/v1\n名称: 测试\n项目: [一, 二]\n".encode()
    report = check_bytes(cjk_keys, ".yaml")
    assert any("名称" in p.message for p in report.errors)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from checker.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)


@settings(derandomize=True, max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(raw_files, min_size=3, max_size=12))
def test_cli_batches_of_bad_files_survive_in_a_subprocess(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        names = []
        for index, raw in enumerate(files):
            name = root / f"f{index:02d}.{'json' if index % 2 else 'yaml'}"
            name.write_bytes(raw)
            names.append(str(name))
        good = root / "zz_good.yaml"
        good.write_bytes(VALID_SAMPLE.read_bytes())
        for fmt in ("json", "text"):
            result = run_cli("check", str(root), "--format", fmt, "--lang", "en")
            assert result.returncode in (0, 1, 2), result.stderr  # negative: killed by a signal
            assert "Traceback" not in result.stderr
            if fmt == "json":
                reports = {p["file"]: p for p in json.loads(result.stdout)["projects"]}
                assert reports[str(good)]["verdict"] == "pass"  # the rest of the batch still checked
                assert set(reports) == {*names, str(good)}
                errors = [p for p in reports.values() if p["verdict"] == "error"]
                assert (result.returncode == 2) == bool(errors)
                assert all(p["errors"] for p in errors)
            else:
                assert f"{good}: PASS" in result.stdout


def test_cli_names_the_invalid_file_and_exits_2():
    with tempfile.TemporaryDirectory() as folder:
        bad = Path(folder) / "bad.yaml"
        bad.write_bytes(b"format: greencheck/v1\nid: [1, 2]\n")
        result = run_cli("check", str(bad))
        assert result.returncode == 2
        assert str(bad) in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


def test_cli_survives_nesting_that_segfaults_the_c_composer():
    with tempfile.TemporaryDirectory() as folder:
        bad = Path(folder) / "deep.yaml"
        bad.write_bytes(b"[" * 200_000 + b"]" * 200_000)
        good = Path(folder) / "good.yaml"
        good.write_bytes(VALID_SAMPLE.read_bytes())
        result = run_cli("check", folder, "--format", "json")
        assert result.returncode == 2, result.stderr
        reports = {p["file"]: p for p in json.loads(result.stdout)["projects"]}
        # greencheck's own limit, whether or not this libyaml has a nesting limit of its own
        assert reports[str(bad)]["errors"][0]["message"] == f"文件嵌套超过 {MAX_DEPTH} 层"
        assert reports[str(bad)]["errors"][0]["message_en"] == (
            f"document is nested more than {MAX_DEPTH} levels deep")
        assert reports[str(good)]["verdict"] == "pass"
