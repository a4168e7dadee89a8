"""User regexes that can backtrack catastrophically are refused when provisions load (and by
'provisions validate'); the shipped provisions all pass the check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from clausecheck.cli.main import main
from clausecheck.data.regex_risk import backtracking_risk

SHIPPED = Path(__file__).resolve().parents[2] / "clausecheck" / "provisions"

RISKY = ["(?:a|a)+$", "(a+)+$", r"(\w+\s?)+$", "(?:x+|y)+$", r"(\w+)*$", "(?:a|b|ab)+$"]
SAFE = [
    r"\bsupplier\b",
    "(?:audit|inspect)(?:s|ed|ing)?",
    "(?:a|b)+",
    r"(?:[a-z]+\s)*x",
    r"\d+(?:\.\d+)*",
    "(?:foo|bar)+",
    r"(?:\w|-)+",
]


@pytest.mark.parametrize("pattern", RISKY)
def test_risky_patterns_are_named(pattern):
    assert backtracking_risk(pattern, re.I)


@pytest.mark.parametrize("pattern", SAFE)
def test_linear_patterns_pass(pattern):
    assert backtracking_risk(pattern, re.I) is None


def test_the_risky_one_really_is_slow():
    """(?:a|a)+$ doubles its time with each extra 'a' (so refusing it is not pedantry)."""
    import time

    rx = re.compile("(?:a|a)+$")
    started = time.process_time()
    rx.search("a" * 18 + "!")
    small = time.process_time() - started
    started = time.process_time()
    rx.search("a" * 21 + "!")
    assert time.process_time() - started > 2 * small


def _regexes(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "regex" and isinstance(value, list):
                yield from value
            else:
                yield from _regexes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _regexes(item)


def test_every_shipped_regex_passes():
    found = 0
    for path in SHIPPED.glob("*.yaml"):
        for rx in _regexes(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found += 1
            assert backtracking_risk(rx, re.I) is None, (path.name, rx)
    assert found > 20  # the walk really reached them


def test_provisions_validate_refuses_a_catastrophic_regex(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    src = SHIPPED / "audit_rights.yaml"
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    groups = data["cues"]
    name = next(iter(groups))
    spec = groups[name]
    if isinstance(spec, list):
        spec = {"phrases": spec}
    spec["regex"] = ["(?:a|a)+$"]
    groups[name] = spec
    (folder / "audit_rights.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["provisions", "validate", "--provisions", str(folder)])
    assert result.exit_code == 8, result.output
    assert "exponential time" in result.output + (result.stderr or "")
