"""One deadline for scan as for batch: --timeout stops the analysis with E210 and exit 9."""

from __future__ import annotations

from click.testing import CliRunner

from clausecheck import errors
from clausecheck.cli.main import main
from clausecheck.cli.options import DEFAULT_TIMEOUT
from tests.conftest import SAMPLES


def test_scan_over_its_time_limit_is_exit_9():
    path = SAMPLES / "supplier_weak_harbor.pdf"
    result = CliRunner().invoke(main, ["scan", str(path), "--timeout", "0.001"])
    assert result.exit_code == errors.EXIT_TIMEOUT, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "E210" in lines[0] and "--timeout" in lines[0]


def test_timeout_zero_means_no_limit_and_the_default_is_generous():
    path = SAMPLES / "supplier_weak_harbor.txt"
    assert CliRunner().invoke(main, ["outline", str(path), "--timeout", "0"]).exit_code == 0
    assert DEFAULT_TIMEOUT >= 120
    for command in ("scan", "suggest", "outline"):
        help_text = CliRunner().invoke(main, [command, "--help"]).output
        assert "--timeout" in help_text
