"""Limits and encodings: refused quickly and clearly; reading never changes an input file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from checker.errors import InputError
from checker.input import document
from checker.input.document import MAX_BYTES, MAX_DEPTH, MAX_NODES, parse_document
from checker.input.loader import load_project
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "cp_building_school_pass.yaml"


def refused(raw: bytes, file: str = "p.yaml") -> str:
    with pytest.raises(InputError) as caught:
        parse_document(raw, file)
    assert caught.value.file == file
    return str(caught.value)


def test_oversized_file_is_refused_before_parsing(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("parsed an oversized file")

    monkeypatch.setattr(document.yaml, "parse", never)
    message = refused(b"a: 1\n" * (MAX_BYTES // 5 + 1))
    assert f"the limit is {MAX_BYTES}" in message


def test_alias_bomb_is_refused_at_the_first_alias():
    bomb = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]\n".encode()
    message = refused(bomb)
    assert "aliases" in message and "p.yaml:2:" in message


def test_anchors_without_aliases_are_harmless():
    assert parse_document(b"a: &x 1\nb: 2\n", "p.yaml").data == {"a": 1, "b": 2}


@pytest.mark.parametrize("raw", [
    b"[" * 100_000 + b"]" * 100_000,                 # flow: segfaults PyYAML's C composer
    b"".join(b"  " * i + b"k:\n" for i in range(500)),  # block mappings
    b"a:" + b" [" * (MAX_DEPTH + 1) + b" ]" * (MAX_DEPTH + 1),
])
def test_deep_nesting_meets_max_depth(raw):
    # greencheck's limit, not libyaml's own (from 0.2.5 it refuses flow nesting past 1000)
    assert f"nested more than {MAX_DEPTH} levels deep" in refused(raw)


def test_our_limits_win_over_any_refusal_of_the_c_parser(monkeypatch):
    """Whatever libyaml refuses a file with, and however it words it, a limit of greencheck's
    met before that point is what the user is told; otherwise libyaml's refusal stands."""

    class Refusing(document._Loader):
        def get_event(self):
            raise yaml.scanner.ScannerError(
                problem="some wording of the parser's own",
                problem_mark=yaml.Mark("<unicode string>", 60, 0, 60, None, None))

    monkeypatch.setattr(document, "_Loader", Refusing)
    assert refused(b"[" * 100 + b"]" * 100) == (
        f"p.yaml:1:{MAX_DEPTH + 1}: document is nested more than {MAX_DEPTH} levels deep")
    assert refused(b"a: 1\na: 2\n") == "p.yaml:2:1: a: duplicate key 'a' (first at line 1)"
    assert refused(b"[" * 10 + b"]" * 10) == (
        "p.yaml:1:61: not valid YAML/JSON: some wording of the parser's own")


def test_depth_just_inside_the_limit_is_read():
    depth = MAX_DEPTH - 1
    data = parse_document(b"[" * depth + b"1" + b"]" * depth, "p.yaml").data
    for _ in range(depth - 1):
        data = data[0]
    assert data == [1]


def test_deep_json_fallback_is_bounded():
    assert "nested more than" in refused(b'{"a":\t' + b"[" * 100_000 + b"]" * 100_000 + b"}", "p.json")
    assert "nested more than" in refused(b'{"a":\t' + b"[" * 40 + b"]" * 40 + b"}", "p.json")


def test_too_many_values():
    raw = b"[" + b",".join(b"1" for _ in range(MAX_NODES + 1)) + b"]"
    assert f"more than {MAX_NODES} values" in refused(raw)


def test_a_thousands_digit_number_does_not_crash_int():
    data = parse_document(b"a: " + b"9" * 5000 + b"\n", "p.yaml").data
    assert data == {"a": "9" * 5000}


def test_utf8_with_and_without_bom(tmp_path):
    text = SAMPLE.read_bytes()
    plain, bom = tmp_path / "plain.yaml", tmp_path / "bom.yaml"
    plain.write_bytes(text)
    bom.write_bytes(b"\xef\xbb\xbf" + text)
    assert load_project(plain).project == load_project(bom).project


def test_gbk_is_refused_by_name_never_mojibake(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").replace("m²", "m2").encode("gbk"))
    with pytest.raises(InputError) as caught:
        load_project(path)
    message = str(caught.value)
    assert "not UTF-8" in message and "GBK" in message and str(path) in message


def test_utf16_is_refused(tmp_path):
    path = tmp_path / "u16.yaml"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        load_project(path)


def test_reading_never_modifies_input_files(tmp_path):
    files = {
        "good.yaml": SAMPLE.read_bytes(),
        "gbk.yaml": "名称: 测试\n".encode("gbk"),
        "bom.yaml": b"\xef\xbb\xbf" + SAMPLE.read_bytes(),
        "bad.json": b'{"format":\t"greencheck/v1", "id": [1]}',
        "deep.yaml": b"[" * 1000 + b"]" * 1000,
    }
    before = {}
    for name, raw in files.items():
        path = tmp_path / name
        path.write_bytes(raw)
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
        os.chmod(path, 0o444)
        before[name] = (raw, path.stat().st_mtime_ns)
    result = subprocess.run([sys.executable, "-c", "from checker.cli import main; main()",
                             "check", str(tmp_path), "--format", "json"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    for name, (raw, mtime) in before.items():
        path = tmp_path / name
        assert path.read_bytes() == raw
        assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)


def test_oversized_file_through_the_cli_names_the_file(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    result = subprocess.run([sys.executable, "-c", "from checker.cli import main; main()",
                             "check", str(big)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"{big}: 文件大小为 {MAX_BYTES + 3} 字节；上限为 {MAX_BYTES} 字节" in result.stdout


def test_limits_are_sane():
    assert Path(document.__file__).exists()
    assert sys.getrecursionlimit() // 4 > MAX_DEPTH
