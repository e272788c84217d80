"""Site parameters: a review office supplies a figure the sources do not print, in its
configuration file, and the duty that compares with it is decided on that figure."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main

DATA_CENTRE = """\
format: greencheck/v1
id: DC-1
name: 临港某数据中心
kind: data_centre
district: 浦东新区
approval_date: 2023-05-01
data_centre:
  construction: new
  pue: 1.25
  value_added_energy_intensity_tce_per_10k_yuan: {intensity}
  public_institution: false
"""
SITE_YAML = """\
parameters:
  shanghai_gdp_energy_intensity:
    value: "{value}"
    unit: {unit}
    as_of: 2024-12-31
    source: 上海市统计局《2024年上海市国民经济和社会发展统计公报》
"""


def run_in(folder: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=folder) as here:
        for item in folder.iterdir():
            if item.is_file():
                (Path(here) / item.name).write_bytes(item.read_bytes())
        result = runner.invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def value_added(stdout: str) -> dict[str, object]:
    results = json.loads(stdout)["projects"][0]["results"]
    return next(r for r in results if r["rule"] == "CP-DC-VALUE-ADDED")


def test_without_a_site_value_the_duty_waits_and_asks_the_review_office(tmp_path):
    (tmp_path / "dc.yaml").write_text(DATA_CENTRE.format(intensity="0.21"), encoding="utf-8")
    code, out, _ = run_in(tmp_path, "check", "dc.yaml", "-f", "json")
    finding = value_added(out)
    assert finding["outcome"] == "insufficient_data"
    assert "审查机构" in str(finding["message"])
    assert "parameters.shanghai_gdp_energy_intensity" in str(finding["message"])
    assert code == 1


def test_a_site_value_decides_the_duty_and_the_report_says_where_it_came_from(tmp_path):
    (tmp_path / ".greencheck.yaml").write_text(SITE_YAML.format(value="0.3", unit="tce/万元"),
                                                encoding="utf-8")
    for intensity, expected in (("0.21", "pass"), ("0.3", "fail"), ("0.2999", "pass")):
        (tmp_path / "dc.yaml").write_text(DATA_CENTRE.format(intensity=intensity), encoding="utf-8")
        code, out, _ = run_in(tmp_path, "check", "dc.yaml", "-f", "json")
        finding = value_added(out)
        assert finding["outcome"] == expected, intensity  # 优于: strictly below the city figure
        assert "站点参数" in str(finding["required"]) and "统计公报" in str(finding["required"])
        assert "2024-12-31" in str(finding["required"])
        assert code == (1 if expected == "fail" else 0)


def test_a_site_value_in_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent("""\
        [project]
        name = "x"

        [tool.greencheck.parameters.shanghai_gdp_energy_intensity]
        value = "0.3"
        unit = "tce/万元"
        as_of = 2024-12-31
        source = "上海市统计局统计公报"
        """), encoding="utf-8")
    (tmp_path / "dc.yaml").write_text(DATA_CENTRE.format(intensity="0.21"), encoding="utf-8")
    code, out, _ = run_in(tmp_path, "check", "dc.yaml", "-f", "json")
    assert value_added(out)["outcome"] == "pass"
    assert code == 0


def test_an_unknown_parameter_or_a_wrong_unit_is_a_located_error(tmp_path):
    (tmp_path / "dc.yaml").write_text(DATA_CENTRE.format(intensity="0.21"), encoding="utf-8")
    (tmp_path / ".greencheck.yaml").write_text(
        SITE_YAML.format(value="0.3", unit="tce/万元").replace("shanghai_gdp_energy_intensity",
                                                             "shanghai_gdp_energy_intensty"),
        encoding="utf-8")
    code, _, err = run_in(tmp_path, "check", "dc.yaml")
    assert code == 2
    assert ".greencheck.yaml:2" in err and "did you mean 'shanghai_gdp_energy_intensity'" in err
    (tmp_path / ".greencheck.yaml").write_text(SITE_YAML.format(value="0.3", unit="kgce/元"),
                                                encoding="utf-8")
    code, _, err = run_in(tmp_path, "check", "dc.yaml")
    assert code == 2 and "write the value in tce/万元" in err


def test_a_site_value_must_be_exact_dated_and_cited(tmp_path):
    (tmp_path / "dc.yaml").write_text(DATA_CENTRE.format(intensity="0.21"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.greencheck.parameters.shanghai_gdp_energy_intensity]\nvalue = 0.3\n'
        'unit = "tce/万元"\nas_of = 2024-12-31\nsource = "统计公报"\n', encoding="utf-8")
    code, _, err = run_in(tmp_path, "check", "dc.yaml")
    assert code == 2 and "float" in err, err
    (tmp_path / "pyproject.toml").unlink()
    for text, wanted in (
        (SITE_YAML.format(value="0.3", unit="tce/万元").replace("    as_of: 2024-12-31\n", ""),
         "as_of"),
        (SITE_YAML.format(value="0.3", unit="tce/万元").replace(
            "    source: 上海市统计局《2024年上海市国民经济和社会发展统计公报》\n", ""), "source"),
    ):
        (tmp_path / ".greencheck.yaml").write_text(text, encoding="utf-8")
        code, _, err = run_in(tmp_path, "check", "dc.yaml")
        assert code == 2 and wanted in err, err
