"""A user's data files (profiles, clause-library entries) are read bounded and checked: no
pipes or devices, no complex YAML keys, no format specs in clause text."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausecheck import errors
from clausecheck.cli.main import main
from clausecheck.data import yamlfile
from clausecheck.leverage import library

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

import hostile  # noqa: E402


@pytest.fixture
def contract(tmp_path) -> Path:
    return hostile.visible_contract(tmp_path)


def _fifo(tmp_path) -> Path:
    path = tmp_path / "profile.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "make", [lambda t: Path("/dev/zero"), _fifo, lambda t: t], ids=["dev_zero", "fifo", "folder"]
)
def test_special_files_are_refused_without_reading(tmp_path, make):
    with pytest.raises(errors.DataFileError) as info:
        yamlfile.read_mapping(make(tmp_path))
    assert info.value.code == "E331" and "regular file" in str(info.value)


def test_an_oversized_data_file_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (yamlfile.MAX_DATA_FILE_BYTES + 10))
    with pytest.raises(errors.DataFileError, match="larger than"):
        yamlfile.read_mapping(path)


def test_a_complex_key_is_a_yaml_error(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("? [a, b]\n: 1\nid: x\n", encoding="utf-8")
    with pytest.raises(errors.DataFileError) as info:
        yamlfile.read_mapping(path)
    assert info.value.code == "E330" and "plain word" in str(info.value)


@pytest.mark.parametrize("which", ["dev_zero", "fifo", "complex_key"])
def test_scan_with_a_hostile_profile_is_one_line_exit_8(tmp_path, contract, which):
    if which == "dev_zero":
        profile = "/dev/zero"
    elif which == "fifo":
        profile = str(_fifo(tmp_path))
    else:
        profile = str(tmp_path / "p.yaml")
        Path(profile).write_text("? [a, b]\n: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(contract), "--profile", profile])
    assert result.exit_code == 8, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("clausecheck: error E33")


@pytest.mark.parametrize("placeholder", ["{counterparty:>1500000000}", "{counterparty!r}"])
def test_format_specs_in_library_text_are_refused(tmp_path, placeholder):
    src = next(
        p for p in (REPO / "clause_library").glob("*.yaml") if "{counterparty}" in p.read_text()
    )
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / src.name).write_text(
        src.read_text(encoding="utf-8").replace("{counterparty}", placeholder, 1), encoding="utf-8"
    )
    with pytest.raises(errors.DataFileError, match="no format or conversion"):
        library.load_entry(folder / src.name)
    result = CliRunner().invoke(main, ["library", "validate", "--library", str(folder)])
    assert result.exit_code == 8, result.output
    assert "no format or conversion" in result.output + result.stderr


def test_the_formatter_ignores_a_spec_that_got_through():
    assert library._SafeFormatter().format("{a:>999999}|{a!r}", a="x") == "x|x"


def test_formatted_placeholders_are_listed():
    assert library.formatted_placeholders("{a} {b:>9} {c!r}") == ["{b:>9}", "{c!r}"]
