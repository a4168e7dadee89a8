"""Output writers as plugins: the registry, third-party writers through the ``clausecheck.writers``
entry-point group (a real dist-info on sys.path), ``write_all`` and atomic, coded output errors."""

from __future__ import annotations

import datetime as dt
import errno
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from clausecheck import errors
from clausecheck.cli.main import main
from clausecheck.report import (
    atomic,
    csv_report,
    html_report,
    ics_report,
    json_report,
    markdown_report,
    terminal,
    writers,
)
from tests.conftest import REPO, SAMPLES

BUILTIN = {
    "json": (".json", False),
    "csv": (".csv", False),
    "markdown": (".md", False),
    "html": (".html", False),
    "docx": (".docx", True),
    "ics": (".ics", False),
    "terminal": (".txt", False),
    "review": (".review.yaml", False),
}
NOW = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
HARBOR = SAMPLES / "supplier_weak_harbor.txt"

PLUGIN = '''
from clausecheck.report.writers import Option, TextWriterBase


class Statuses(TextWriterBase):
    """One line per provision: a minimal third-party text writer."""

    name = "statuses"
    extension = ".status"
    description = "provision: status, one a line"
    options = {"upper": Option(False, "statuses in capitals")}

    def render(self, report, *, upper=False, **options):
        return "".join(
            f"{f.provision}: {f.status.upper() if upper else f.status}\\n" for f in report.findings
        )
'''


@pytest.fixture(autouse=True)
def fresh_registry():
    writers.reset()
    yield
    writers.reset()


@pytest.fixture
def install(tmp_path, monkeypatch):
    """Install a distribution the way pip does: a module and NAME.dist-info with an
    entry_points.txt, in a folder on sys.path."""
    site = tmp_path / "site"
    made: list[str] = []

    def make(entry_points: dict[str, str], modules: dict[str, str], dist: str = "cc_demo"):
        info = site / f"{dist}-1.0.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
        lines = "".join(f"{k} = {v}\n" for k, v in entry_points.items())
        (info / "entry_points.txt").write_text(f"[{writers.GROUP}]\n{lines}")
        for name, source in modules.items():
            (site / f"{name}.py").write_text(source)
            made.append(name)
        if str(site) not in sys.path:
            monkeypatch.syspath_prepend(str(site))
        writers.reset()
        return site

    yield make
    for name in made:
        sys.modules.pop(name, None)


@pytest.fixture
def fast_scan(engine, monkeypatch):
    """CLI scans with the session's engine (building one loads spaCy)."""
    import clausecheck.engine

    monkeypatch.setattr(clausecheck.engine, "engine", lambda *a, **k: engine)


@pytest.fixture(scope="module")
def harbor_report(engine):
    return engine.scan(HARBOR)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.part"))


# -- the registry ------------------------------------------------------------------------------


def test_every_builtin_writer_is_registered():
    for name, (extension, binary) in BUILTIN.items():
        w = writers.get(name)
        assert isinstance(w, writers.Writer)
        assert (w.name, w.extension, w.binary) == (name, extension, binary)
        assert w.description and all(isinstance(o, writers.Option) for o in w.options.values())
        assert isinstance(w, writers.TextWriter) is not binary
    assert writers.get("md") is writers.get("markdown")
    assert writers.names()[: len(BUILTIN)] == list(BUILTIN)
    assert writers.get("csv").options["bom"].default is False
    assert set(writers.get("ics").options) == {"now"}
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        writers.get("pdf")


def test_builtin_names_never_load_plugins():
    for name in [*BUILTIN, "md"]:
        writers.find(name)
    assert writers.REGISTRY._plugins is None
    writers.names()
    assert writers.REGISTRY._plugins is not None


def test_import_clausecheck_and_the_report_package_stay_cheap():
    code = (
        "import sys, clausecheck; a = 'clausecheck.report' in sys.modules; "
        "import clausecheck.report; "
        "print(a, 'importlib.metadata' in sys.modules, 'clausecheck.report.json_report' in "
        "sys.modules, 'rich' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False", "False", "False"]


# -- the built-in writers keep their output ------------------------------------------------------


def test_text_writers_write_exactly_what_the_format_modules_write(harbor_report, tmp_path):
    r = harbor_report
    old = tmp_path / "old"
    old.mkdir()
    json_report.write(r, old / "a.json")
    csv_report.write(r, old / "a.csv")
    csv_report.write(r, old / "bom.csv", bom=True)
    markdown_report.write(r, old / "a.md")
    html_report.write(r, old / "a.html")
    (old / "a.ics").write_bytes(ics_report.render(r, now=NOW).encode("utf-8"))
    buf = io.StringIO()
    terminal.render(r, Console(file=buf, width=100, no_color=True), verbose=True)
    (old / "a.txt").write_text(buf.getvalue(), encoding="utf-8")
    cases = [
        ("json", "a.json", {}),
        ("csv", "a.csv", {}),
        ("csv", "bom.csv", {"bom": True}),
        ("markdown", "a.md", {}),
        ("html", "a.html", {}),
        ("ics", "a.ics", {"now": NOW}),
        ("terminal", "a.txt", {"verbose": True}),
    ]
    for name, file, options in cases:
        w = writers.get(name)
        target = tmp_path / f"new_{file}"
        w.write(r, target, **options)
        expected = (old / file).read_bytes()
        assert target.read_bytes() == expected, name
        assert w.render(r, **options).encode("utf-8") == expected, name
    assert (old / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_scan_command_prints_the_renderings(fast_scan):
    for name in ("json", "markdown", "csv"):
        result = CliRunner().invoke(main, ["scan", str(HARBOR), "--format", name])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(("{", "#", '"path"')), name


# -- write_all -------------------------------------------------------------------------------------


def test_write_all_writes_several_formats_and_names_them(harbor_report, tmp_path):
    out = tmp_path / "deep" / "review"
    paths = writers.write_all(
        harbor_report, ["json", "csv", "md", "markdown", "ics", "terminal"], out, bom=True, now=NOW
    )
    stem = "supplier_weak_harbor"
    assert paths == [out / f"{stem}{ext}" for ext in (".json", ".csv", ".md", ".ics", ".txt")]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    assert (out / f"{stem}.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # options reach csv
    ics = ics_report.render(harbor_report, now=NOW).encode("utf-8")
    assert (out / f"{stem}.ics").read_bytes() == ics
    assert _leftovers(tmp_path) == []


def test_write_all_one_format_is_the_path_itself(harbor_report, tmp_path):
    target = tmp_path / "report.whatever"
    assert writers.write_all(harbor_report, "json", target) == [target]
    assert target.read_text(encoding="utf-8") == json_report.render(harbor_report) + "\n"
    # a trailing slash, an existing folder, or a binary format without extension: a folder
    assert writers.write_all(harbor_report, "json", f"{tmp_path}/slash/") == [
        tmp_path / "slash" / "supplier_weak_harbor.json"
    ]
    assert writers.write_all(harbor_report, "docx", tmp_path / "memo") == [
        tmp_path / "memo" / "supplier_weak_harbor.review.docx"
    ]


class _DiskFull(writers.TextWriterBase):
    name, extension, description = "diskfull", ".full", "fails half-way, as on a full disk"

    def write(self, report, path, *, force=False, **options):
        with atomic.opened(path, force=force) as fh:
            fh.write("half a report")
            raise OSError(errno.ENOSPC, "No space left on device")


class _Buggy(writers.TextWriterBase):
    name, extension, description = "buggy", ".bug", "a writer with a bug"

    def render(self, report, **options):
        raise ZeroDivisionError("division by zero")


def test_a_failing_format_leaves_the_old_file_and_the_others_are_written(harbor_report, tmp_path):
    stem = "supplier_weak_harbor"
    old = tmp_path / f"{stem}.full"
    old.write_text("the previous report")
    with pytest.raises(writers.WriteFailed) as caught:
        writers.write_all(harbor_report, ["json", _DiskFull(), _Buggy(), "html"], tmp_path)
    exc = caught.value
    assert exc.written == [tmp_path / f"{stem}.json", tmp_path / f"{stem}.html"]
    assert all(p.is_file() for p in exc.written)
    assert old.read_text() == "the previous report"  # the full disk left it alone
    assert not (tmp_path / f"{stem}.bug").exists()
    assert _leftovers(tmp_path) == []
    assert [f.format for f in exc.failures] == ["diskfull", "buggy"]
    assert exc.exit_code == errors.EXIT_OUTPUT and isinstance(exc, errors.OutputError)
    lines = str(exc).splitlines()
    assert len(lines) == 2
    assert "the disk is full" in lines[0] and f"{stem}.full" in lines[0]
    assert "internal error (buggy writer: ZeroDivisionError" in lines[1]
    assert exc.failures[1].error.exit_code == errors.EXIT_INTERNAL


def test_write_all_refuses_to_overwrite_the_scanned_contract(engine, tmp_path):
    contract = tmp_path / "deal.txt"
    contract.write_bytes(HARBOR.read_bytes())
    report = engine.scan(contract)
    with pytest.raises(writers.WriteFailed, match="would overwrite the contract"):
        writers.write_all(report, "markdown", contract)
    assert contract.read_bytes() == HARBOR.read_bytes()


# -- plugins through the entry-point group --------------------------------------------------------


def test_a_plugin_writer_is_registered_and_writes(install, harbor_report, tmp_path):
    install({"statuses": "cc_statuses:Statuses"}, {"cc_statuses": PLUGIN})
    assert "statuses" in writers.names()
    w = writers.get("statuses")
    assert (w.extension, w.binary) == (".status", False)
    out = tmp_path / "out"
    paths = writers.write_all(harbor_report, ["json", "statuses"], out, upper=True)
    assert paths[1] == out / "supplier_weak_harbor.status"
    lines = paths[1].read_text().splitlines()
    assert len(lines) == len(harbor_report.findings)
    assert all(line.split(": ")[1] in {"PRESENT", "WEAK", "MISSING"} for line in lines)


def test_a_plugin_format_is_offered_and_accepted_by_the_scan_command(install, fast_scan, tmp_path):
    install({"statuses": "cc_statuses:Statuses"}, {"cc_statuses": PLUGIN})
    help_text = CliRunner().invoke(main, ["scan", "--help"]).output
    assert "statuses" in " ".join(help_text.split())
    printed = CliRunner().invoke(main, ["scan", str(HARBOR), "--format", "statuses"])
    assert printed.exit_code == 0, printed.output
    assert "anti_bribery: " in printed.stdout
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["scan", str(HARBOR), "--format", "statuses,json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    names = ["supplier_weak_harbor.status", "supplier_weak_harbor.json"]
    assert result.stdout.splitlines() == [str(out / n) for n in names]  # the paths written
    assert sorted(p.name for p in out.iterdir()) == sorted(names)


def test_unknown_format_lists_the_plugins_too(install):
    install({"statuses": "cc_statuses:Statuses"}, {"cc_statuses": PLUGIN})
    result = CliRunner().invoke(main, ["scan", "x.txt", "--format", "json,pdf"])
    assert result.exit_code == 2 and "unknown format" in result.output
    assert "statuses" in result.output


BROKEN = {
    "missing": "cc_no_such_module:Writer",  # not installed
    "crashes": "cc_crashes:Writer",  # raises while imported
    "notawriter": "cc_statuses:NOT_A_WRITER",  # an object without the protocol
    "json": "cc_statuses:Statuses",  # takes a built-in name
    "md": "cc_statuses:Statuses",  # takes a built-in alias
    "misnamed": "cc_statuses:Statuses",  # the writer calls itself 'statuses'
    "Bad Name": "cc_statuses:Statuses",  # cannot be typed after --format
    "statuses": "cc_statuses:Statuses",  # fine
}


def _install_broken(install):
    install(
        BROKEN,
        {
            "cc_statuses": PLUGIN + "\nNOT_A_WRITER = object()\n",
            "cc_crashes": "raise RuntimeError('plugin bug\\nsecond line')\n",
        },
    )


def test_broken_plugins_are_skipped_with_one_warning_each(install, caplog, harbor_report):
    _install_broken(install)
    with caplog.at_level(logging.WARNING, logger=writers.GROUP):
        names = writers.names()
    assert names == [*BUILTIN, "statuses"]
    messages = [r.getMessage() for r in caplog.records if r.name == writers.GROUP]
    assert len(messages) == len(BROKEN) - 1
    assert all("\n" not in m and m.startswith("clausecheck: warning: ") for m in messages)
    text = "\n".join(messages)
    assert "'missing' (cc_no_such_module:Writer) could not be loaded (ModuleNotFoundError" in text
    assert "RuntimeError: plugin bug\\nsecond line" in text
    assert "'notawriter'" in text and "is not a usable writer: it has no name" in text
    assert "'json' is a built-in format" in text and "'md' is a built-in format" in text
    assert "its writer is named 'statuses'" in text
    assert writers.get("json") is writers.BUILTIN[0]  # the built-in is kept


def test_broken_plugins_do_not_stop_the_command_line(install, tmp_path):
    site = install({"crashes": "cc_crashes:Writer"}, {"cc_crashes": "raise ImportError('x')\n"})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO)])}
    result = subprocess.run(
        [sys.executable, "-m", "clausecheck", "scan", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0 and "--format" in result.stdout
    assert result.stderr.splitlines() == [
        "clausecheck: warning: writer plugin 'crashes' (cc_crashes:Writer) could not be loaded "
        "(ImportError: x); it is skipped"
    ]


# -- the command line: -o, symbolic links, --force, unwritable paths ----------------------------


def test_output_that_is_a_symlink_is_refused_unless_forced(fast_scan, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "report.json"
    link.symlink_to(victim)
    args = ["scan", str(HARBOR), "--format", "json", "-o", str(link)]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == errors.EXIT_OUTPUT
    assert "symbolic link" in refused.output and "--force" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    assert victim.read_text() == "keep me" and link.is_symlink()
    forced = CliRunner().invoke(main, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert victim.read_text() == "keep me"  # the link is replaced, not followed
    assert not link.is_symlink() and link.read_text(encoding="utf-8").startswith("{")
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "where", ["missing/report.json", "file.txt/report.json", "file.txt/out/"], ids=str
)
def test_unwritable_output_path_exits_11_and_leaves_nothing(fast_scan, tmp_path, where):
    (tmp_path / "file.txt").write_text("a file, not a folder")
    before = sorted(tmp_path.rglob("*"))
    formats = "json,html" if where.endswith("/") else "json"
    result = CliRunner().invoke(
        main, ["scan", str(HARBOR), "--format", formats, "-o", str(tmp_path / where)]
    )
    assert result.exit_code == errors.EXIT_OUTPUT, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("clausecheck: error E")
    assert sorted(tmp_path.rglob("*")) == before  # no folder, no partial file
    assert (tmp_path / "file.txt").read_text() == "a file, not a folder"


def test_a_format_failing_in_a_multi_format_run(fast_scan, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "supplier_weak_harbor.csv").symlink_to(tmp_path / "elsewhere.csv")
    result = CliRunner().invoke(
        main, ["scan", str(HARBOR), "--format", "json,csv,html", "-o", str(out)]
    )
    assert result.exit_code == errors.EXIT_OUTPUT
    written = [out / "supplier_weak_harbor.json", out / "supplier_weak_harbor.html"]
    assert result.stdout.splitlines() == [str(p) for p in written]
    assert all(p.is_file() for p in written)
    errs = result.stderr.strip().splitlines()
    assert len(errs) == 1 and "supplier_weak_harbor.csv" in errs[0] and "symbolic" in errs[0]
    assert not (tmp_path / "elsewhere.csv").exists()


def test_ics_option_goes_through_the_same_atomic_writer(fast_scan, tmp_path):
    target = tmp_path / "missing" / "dates.ics"
    result = CliRunner().invoke(main, ["scan", str(HARBOR), "--ics", str(target)])
    assert result.exit_code == errors.EXIT_OUTPUT
    assert "the folder does not exist" in result.stderr
    result = CliRunner().invoke(main, ["scan", str(HARBOR), "--ics", str(tmp_path / "d.ics")])
    assert result.exit_code == 0
    assert (tmp_path / "d.ics").read_text().startswith("BEGIN:VCALENDAR")


# -- the portfolio writers are atomic too ----------------------------------------------------------


def test_portfolio_matrix_and_dashboard_writes_are_atomic(tmp_path, monkeypatch):
    import xlsxwriter.workbook

    from clausecheck.portfolio import dashboard, matrix

    victim = tmp_path / "victim"
    victim.write_text("keep me")
    link = tmp_path / "matrix.csv"
    link.symlink_to(victim)
    with pytest.raises(errors.OutputError, match="symbolic link"):
        matrix.write_csv([], ["audit_rights"], link)
    matrix.write_csv([], ["audit_rights"], link, force=True)
    assert victim.read_text() == "keep me" and link.read_text().startswith('"document_id"')
    with pytest.raises(errors.OutputError, match="folder does not exist"):
        dashboard.write([], tmp_path / "no" / "d.html", today=dt.date(2025, 1, 1))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    xlsx = tmp_path / "m.xlsx"
    xlsx.write_bytes(b"old")
    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", full)
    with pytest.raises(errors.OutputError, match="disk is full"):
        matrix.write_xlsx([], ["audit_rights"], xlsx)
    assert xlsx.read_bytes() == b"old" and _leftovers(tmp_path) == []


def test_written_files_have_the_ordinary_permissions_of_the_umask(tmp_path):
    """The temporary file of an atomic write is private (mkstemp); the report must not be."""
    import os

    from clausecheck.report import atomic

    old = os.umask(0o022)
    try:
        atomic.write_text(tmp_path / "r.json", "{}")
        atomic.write_bytes(tmp_path / "r.bin", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "r.json").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "r.bin").stat().st_mode & 0o777 == 0o644
