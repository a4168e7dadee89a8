"""The error catalogue: unique codes, documented entries, docs/errors.md in step with the code,
and no error raised in the package without a catalogue code."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausecheck import errors
from clausecheck.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "clausecheck"
DOCS = ROOT / "docs" / "errors.md"
PROVISIONS_DOC = ROOT / "docs" / "provisions-format.md"
REGENERATE = (
    "docs/errors.md is out of date; regenerate it with\n"
    "  python -c \"from clausecheck import errors; open('docs/errors.md', 'w', encoding='utf-8')"
    '.write(errors.catalogue_markdown())"\n'
    "or run this test with CLAUSECHECK_REGENERATE_DOCS=1"
)
ERROR_CLASSES = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.ClauseCheckError)
}


def test_docs_errors_md_is_generated_from_the_catalogue():
    text = errors.catalogue_markdown()
    if os.environ.get("CLAUSECHECK_REGENERATE_DOCS"):
        DOCS.write_text(text, encoding="utf-8")
    assert DOCS.read_text(encoding="utf-8") == text, REGENERATE


def test_codes_are_unique_and_well_formed():
    codes = [e.code for e in errors.CATALOGUE.values()]
    assert len(codes) == len(set(codes))
    assert all(key == e.code for key, e in errors.CATALOGUE.items())
    assert all(re.fullmatch(r"E\d{3}", code) for code in codes)
    with pytest.raises(ValueError, match="twice"):
        errors._entries(
            ("E999", errors.DataFileError, "a", "b.", "c"),
            ("E999", errors.DataFileError, "d", "e.", "f"),
        )


def test_every_entry_has_one_line_message_cause_and_fix():
    for e in errors.CATALOGUE.values():
        for text in (e.message, e.cause, e.fix):
            assert text.strip() and "\n" not in text, e.code
        assert e.cause.endswith("."), f"{e.code}: the usual cause is a sentence"


def test_no_message_is_written_twice():
    messages = [e.message for e in errors.CATALOGUE.values()]
    assert len(messages) == len(set(messages))


def test_every_class_used_maps_to_a_documented_exit_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for e in errors.CATALOGUE.values():
        assert e.kind.__name__ in ERROR_CLASSES
        assert e.exit_code in errors.EXIT_CODES, e.code
    for code in errors.EXIT_CODES:
        assert re.search(rf"^\| {code} \|", readme, re.M), f"README lacks exit code {code}"


def test_an_entry_builds_its_class_with_the_printed_one_line_format():
    exc = errors.error("E105", "deal.docx")
    assert isinstance(exc, errors.CorruptFile) and exc.exit_code == errors.EXIT_UNREADABLE
    assert exc.code == "E105"
    assert str(exc) == (
        "error E105: deal.docx: the DOCX is not a valid zip package (truncated or corrupt) - "
        "re-save it from Word, or export it as PDF"
    )
    page = errors.error("E132", "scan.pdf", page=7)
    assert "page 7" in str(page) and "\n" not in str(errors.error("E103", "a\nb.pdf", detail="x"))
    with pytest.raises(TypeError, match="E132 takes the fields"):
        errors.error("E132", "scan.pdf")
    with pytest.raises(TypeError):
        errors.error("E105", "deal.docx", detail="unexpected")


def test_every_template_formats_with_its_fields():
    for e in errors.CATALOGUE.values():
        exc = e("x", **dict.fromkeys(e.fields, 1))
        assert exc.code == e.code and exc.exit_code == e.exit_code


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name != "errors.py" or path.parent != PACKAGE:
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def test_every_error_in_the_package_comes_from_the_catalogue():
    """No ``SomeError(path, cause, fix)`` outside errors.py: each raise names a catalogue code,
    and gives exactly the fields of its message."""
    problems = []
    for path, tree in _sources():
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            if name in ERROR_CLASSES:
                problems.append(f"{where}:{node.lineno}: {name}(...) without a catalogue code")
            if name != "error" or not node.args:
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue  # a computed code: its literals are checked below
            entry = errors.CATALOGUE.get(first.value)
            if entry is None:
                problems.append(f"{where}:{node.lineno}: unknown code {first.value}")
                continue
            given = {k.arg for k in node.keywords}
            if None not in given and given != set(entry.fields):
                problems.append(
                    f"{where}:{node.lineno}: {entry.code} takes {sorted(entry.fields)}, "
                    f"given {sorted(k for k in given if k)}"
                )
    assert not problems, "\n".join(problems)


def test_every_code_literal_in_the_package_is_catalogued():
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.fullmatch(r"E\d{3}", node.value):
                    assert node.value in errors.CATALOGUE, f"{path}:{node.lineno}"


def test_output_errors_by_errno_take_no_fields():
    from clausecheck.report import atomic

    for code in atomic.CODES.values():
        entry = errors.CATALOGUE[code]
        assert not entry.fields and entry.kind is errors.OutputError


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    out = set()
    for line in markdown.splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            out.add(re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", title)))
    return out


def test_every_link_to_the_provisions_format_names_a_real_section():
    from clausecheck.data import provisions

    anchors = _anchors(PROVISIONS_DOC.read_text(encoding="utf-8"))
    assert set(provisions.DOC_SECTIONS.values()) | {"fields"} <= anchors
    for e in errors.CATALOGUE.values():
        for anchor in re.findall(r"provisions-format\.md#([\w{}-]+)", e.message + e.fix):
            assert anchor == "{section}" or anchor in anchors, e.code
    for path, tree in _sources():  # messages built outside the catalogue link a section too
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for m in re.finditer(r"provisions-format\.md(#[\w-]+)?", node.value):
                    assert m.group(1) and m.group(1)[1:] in anchors, f"{path}:{node.lineno}"


def test_a_provision_file_reports_every_problem_at_once(tmp_path):
    from clausecheck.data.provisions import load_all

    (tmp_path / "p.yaml").write_text(
        "id: Bad-Id\ntitle: T\ndefinition: D\napplies: [supplier, vendor]\n"
        "shift: {category: Z, purpose: oblige}\nmoments: {}\npriority: {}\n"
        "cues: {x: [a], y: {regex: ['(']}}\n"
        "rules: [{status: present, sentence: [x], modality: [must]}, {status: maybe}]\n",
        encoding="utf-8",
    )
    with pytest.raises(errors.DataFileError) as info:
        load_all(tmp_path)
    exc = info.value
    assert exc.code == "E300" and exc.exit_code == errors.EXIT_DATA
    for part in (
        "field 'id': must be snake_case",
        "unknown relationship 'vendor'",
        "field 'shift'",
        "field 'cues.y.regex[0]': invalid regular expression",
        "field 'rules[0].modality': unknown modality 'must'",
        "field 'rules[1].status'",
        "field 'rules[1].sentence'",
    ):
        assert part in exc.cause, part
    assert exc.cause.count("; field '") == 6
    assert "docs/provisions-format.md#fields" in exc.fix  # the section of the first problem


def test_missing_required_fields_are_reported_together(tmp_path):
    from clausecheck.data.provisions import load_all

    (tmp_path / "p.yaml").write_text("id: p\ntitle: T\n", encoding="utf-8")
    with pytest.raises(errors.DataFileError) as info:
        load_all(tmp_path)
    for name in ("definition", "applies", "shift", "moments", "priority", "cues", "rules"):
        assert f"field '{name}': is required" in info.value.cause


def test_a_profile_reports_every_problem_at_once(tmp_path):
    from clausecheck.leverage.profile import load

    bad = tmp_path / "p.yaml"
    bad.write_text(
        "id: x\nrelationship: vendor\nrequires:\n  audit_rights: excellent\n  no_such: present\n",
        encoding="utf-8",
    )
    with pytest.raises(errors.DataFileError) as info:
        load(bad)
    assert info.value.code == "E350"
    assert info.value.cause.count("; ") == 2
    assert "relationship must be" in info.value.cause
    assert "'audit_rights': minimum must be present or weak" in info.value.cause
    assert "unknown provision 'no_such'" in info.value.cause


def test_a_library_entry_reports_every_problem_at_once(tmp_path):
    from clausecheck.leverage.library import load_entry, load_library

    src = Path(load_library()["audit_rights_supplier_baseline"].source).read_text(encoding="utf-8")
    bad = tmp_path / "audit_rights_supplier_baseline.yaml"
    bad.write_text(
        src.replace("tier: baseline", "tier: gold").replace(
            "provenance: original drafting", "provenance: copied"
        ),
        encoding="utf-8",
    )
    with pytest.raises(errors.DataFileError) as info:
        load_entry(bad)
    assert info.value.code == "E340"
    assert "field 'tier'" in info.value.cause and "field 'provenance'" in info.value.cause


def test_errors_command_lists_and_explains_codes():
    runner = CliRunner()
    listed = runner.invoke(main, ["errors"])
    assert listed.exit_code == 0
    assert all(code in listed.output for code in errors.CATALOGUE)
    one = runner.invoke(main, ["errors", "e105"])
    assert one.exit_code == 0 and "DOCX is not a valid zip package" in one.output
    assert "exit 3" in one.output and "cause:" in one.output
    unknown = runner.invoke(main, ["errors", "E999"])
    assert unknown.exit_code == 2 and "E999" in unknown.output
    markdown = runner.invoke(main, ["errors", "--markdown"])
    assert markdown.output == errors.catalogue_markdown()
