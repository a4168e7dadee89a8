"""The command line: a thin shell over the library, with help, examples and exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from clausecheck import __version__
from clausecheck.cli.main import main
from tests.conftest import N_PROVISIONS

CONTRACT = (
    'SERVICES AGREEMENT\n\nThis Agreement is between Lumen Inc. ("Client") and Shine LLC ("Service Provider").\n\n'
    "1. ETHICS\n\n1.1 The Service Provider shall not pay any bribe to any government official.\n"
)


@pytest.fixture
def runner():
    return CliRunner()


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["scan"],
        ["outline"],
        ["provisions"],
        ["provisions", "list"],
        ["provisions", "validate"],
        ["eval"],
        ["train"],
        ["library"],
        ["library", "list"],
        ["library", "show"],
        ["library", "validate"],
    ],
)
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_scan_json(runner, tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(CONTRACT)
    result = runner.invoke(main, ["scan", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {f["provision"]: f["status"] for f in data["findings"]}["anti_bribery"] == "present"


def test_scan_terminal_has_no_colour_codes_when_piped(runner, tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(CONTRACT)
    result = runner.invoke(main, ["scan", str(path)])
    assert result.exit_code == 0
    assert "Anti-bribery and corruption" in result.output and "\x1b[" not in result.output


def test_outline(runner, tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(CONTRACT)
    result = runner.invoke(main, ["outline", str(path)])
    assert result.exit_code == 0
    assert "1.1" in result.output and "Service Provider" in result.output


def test_provisions_list_and_validate(runner):
    listed = runner.invoke(main, ["provisions", "list"])
    lines = listed.output.strip().splitlines()
    assert listed.exit_code == 0 and len(lines) == N_PROVISIONS + 1  # a header, then one each
    # aligned: every title starts in the same column as the header's
    at = lines[0].index("title")
    assert all(line[at - 2 : at] == "  " and line[at] != " " for line in lines)
    valid = runner.invoke(main, ["provisions", "validate"])
    assert valid.exit_code == 0 and f"{N_PROVISIONS} provisions" in valid.output


@pytest.mark.parametrize(
    ("content", "name", "code", "words"),
    [
        (None, "missing.pdf", 3, "no such file"),
        (b"", "empty.txt", 3, "empty"),
        (b"%PDF-1.4 garbage", "broken.pdf", 3, "cannot be parsed"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc", 4, ".doc"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "photo.png", 4, "image"),
    ],
)
def test_bad_input_one_line_and_exit_code(runner, tmp_path, content, name, code, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(main, ["scan", str(path)])
    assert result.exit_code == code
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("clausecheck: error E")
    assert name in lines[0] and words in lines[0]
    assert "Traceback" not in result.output


def test_eval_command(runner, tmp_path):
    (tmp_path / "a.txt").write_text(CONTRACT)
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        json.dumps(
            {
                "file": "a.txt",
                "labels": {
                    "anti_bribery": {"status": "present", "evidence": ["shall not pay any bribe"]},
                    "audit_rights": {"status": "missing", "evidence": []},
                    "grievance_mechanism": {"status": "present", "evidence": ["hotline"]},
                },
            }
        )
        + "\n"
    )
    result = runner.invoke(main, ["eval", str(tmp_path), "--labels", str(labels), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["overall"]["pairs"] == 3
    assert abs(data["overall"]["accuracy"] - 2 / 3) < 1e-9
    assert data["provisions"]["anti_bribery"]["evidence_hit_rate"] == 1.0
    assert data["provisions"]["grievance_mechanism"]["present_f1"] == 0.0


def test_suggest_prints_groups_by_priority():
    from tests.conftest import SAMPLES

    result = CliRunner().invoke(main, ["suggest", str(SAMPLES / "supplier_weak_harbor.txt")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("P1") < out.index("P2")
    assert "insert as 8.3A" in out and "Vendor" in out


def test_suggest_json():
    import json as _json

    from tests.conftest import SAMPLES

    result = CliRunner().invoke(
        main, ["suggest", str(SAMPLES / "supplier_weak_harbor.txt"), "--json"]
    )
    data = _json.loads(result.output)
    assert list(data)[0] == "P1"
    assert all(
        s["insertion"]["section_number"]
        for items in data.values()
        for i in items
        for s in i["suggestions"]
    )


def test_several_formats_into_a_directory(tmp_path):
    from tests.conftest import SAMPLES

    result = CliRunner().invoke(
        main,
        [
            "scan",
            str(SAMPLES / "supplier_weak_harbor.txt"),
            "--format",
            "json,ics",
            "-o",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "supplier_weak_harbor.ics",
        "supplier_weak_harbor.json",
    ]


def test_unknown_format_is_a_usage_error():
    result = CliRunner().invoke(main, ["scan", "x.txt", "--format", "json,pdf"])
    assert result.exit_code == 2 and "unknown format" in result.output


@pytest.mark.parametrize("command", ["scan", "suggest", "batch", "diff"])
def test_counterparty_option_is_offered(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "--counterparty" in result.output


def test_company_and_counterparty_override_the_roles_in_the_report():
    from tests.conftest import SAMPLES

    path = str(SAMPLES / "supplier_weak_harbor.txt")
    result = CliRunner().invoke(main, ["scan", path, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    roles = {p["defined_as"]: p["role"] for p in json.loads(result.output)["document"]["parties"]}
    assert roles == {"Company": "company", "Vendor": "counterparty"}
    result = CliRunner().invoke(
        main,
        ["scan", path, "--format", "json", "--company", "Vendor", "--counterparty", "Company"],
    )
    doc = json.loads(result.output)["document"]
    roles = {p["defined_as"]: (p["role"], p["reason"]) for p in doc["parties"]}
    assert roles == {
        "Company": ("counterparty", "set by the user"),
        "Vendor": ("company", "set by the user"),
    }
    assert doc["company"] == "Vendor"
    assert doc["term"]["renewal_notice"]["section"] == "9.2"


def test_top_level_help_lists_exit_codes_one_a_line_and_commands_uncut(runner):
    from clausecheck import errors

    out = runner.invoke(main, ["--help"], terminal_width=80).output
    block = out.split("Exit codes:\n")[1].split("\n\n")[0].splitlines()
    assert [int(line.split()[0]) for line in block] == list(errors.EXIT_CODES)
    assert all(len(line) <= 80 for line in out.splitlines())
    commands = out.split("Commands:\n")[1].splitlines()
    assert len(commands) == len(main.commands) and not any("..." in c for c in commands)


def test_commands_kept_in_their_own_modules_load_when_used():
    """scan does not import the other commands' modules; each one loads under its own name."""
    import subprocess
    import sys

    import click

    from clausecheck.cli.main import _LazyGroup

    code = (
        "import sys\n"
        "from clausecheck.cli.main import main\n"
        "print(sorted(m for m in sys.modules if m.startswith('clausecheck.cli.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    loaded = out.stdout.strip()
    modules = {spec.split(":")[0] for spec in _LazyGroup.lazy.values()}
    assert "clausecheck.cli.main" in loaded and not any(f"'{m}'" in loaded for m in modules)
    ctx = click.Context(main)
    for name in _LazyGroup.lazy:
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name
        assert command.short_help  # the one-line help of SHORT_HELP, or its own
    assert set(_LazyGroup.lazy) < set(main.list_commands(ctx)) == set(main.commands)
