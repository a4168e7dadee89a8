"""The README's Quick start and the CI script stay in step."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert (
        text.lstrip("# clausecheck\n").lstrip().startswith("## Quick start")
        or "\n## Quick start" in text.split("\n## ")[0] + "\n## Quick start"
    )
    block = re.search(r"## Quick start\s*```sh\n(.*?)```", text, re.S)
    assert block, "README needs a fenced sh block right after '## Quick start'"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_one_line_commands():
    cmds = quick_start_commands()
    assert len(cmds) == 2
    assert "python3 -m venv" in cmds[0] and "clausecheck scan sample_contracts/" in cmds[0]
    assert "python3 -m venv" in cmds[1] and "pytest" in cmds[1]


def test_quick_start_is_the_first_section():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    first_section = re.search(r"^## (.+)$", text, re.M)
    assert first_section and first_section.group(1).strip() == "Quick start"


def test_sample_named_in_quick_start_exists():
    path = re.search(r"clausecheck scan (\S+)", quick_start_commands()[0]).group(1)
    assert (REPO / path).is_file()


def test_ci_runs_the_readme_test_command_exactly():
    script = (REPO / ".ci" / "run").read_text()
    extract = re.search(r"test_cmd=\$\((.*)\)\n", script).group(1)
    out = subprocess.run(
        ["bash", "-c", extract], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == quick_start_commands()[1]
    assert 'bash -c "$test_cmd"' in script


def test_the_layout_section_names_every_package_and_nothing_that_is_gone():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("## Development", 1)[0]
    listed = set(re.findall(r"\b([a-z_]+)(?:/|\.py)", block))
    packages = {p.name for p in (REPO / "clausecheck").iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in (REPO / "clausecheck").glob("*.py") if not p.stem.startswith("_")}
    assert packages - listed == set(), "packages missing from the README layout"
    assert modules - listed == set(), "modules missing from the README layout"
    for name in re.findall(r"^  ([a-z_]+)/", block, re.M):
        assert (REPO / "clausecheck" / name).is_dir(), f"the layout names clausecheck/{name}/"
