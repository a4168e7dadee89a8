"""Security: data files never run code, analysis never touches the network, and outputs stay
where they were asked to go.

(a) a pickle that would run a command, passed as the classifier model, is refused (ModelMismatch)
    and runs nothing; so are nested or oversized JSON models;
(b) provision and clause-library YAML with Python tags is refused (DataFileError) and runs nothing;
(c) scans of every sample format, and of files that point at the network, make no connection
    attempt (the socket layer is replaced by a recorder that refuses);
(d) ``scan -o DIR`` writes inside DIR whatever the document is called.
"""

from __future__ import annotations

import os
import pickle
import socket
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile  # noqa: E402

from clausecheck import errors
from clausecheck.cli.main import main  # noqa: E402
from clausecheck.model import classifier
from tests.conftest import N_PROVISIONS  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_contracts"


class _RunsCommand:
    """Unpickling this calls os.system(command): the classic malicious model file."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


def _malicious_payloads(marker: Path) -> dict[str, bytes]:
    command = f"touch {marker}"
    pickled = {
        f"pickle_protocol_{n}": pickle.dumps(_RunsCommand(command), protocol=n) for n in (0, 2, 5)
    }
    return {
        **pickled,
        # joblib writes zlib-compressed pickles; a zip holds numpy's .npy pickles
        "joblib_zlib": zlib.compress(pickled["pickle_protocol_5"]),
        "zip": hostile.docx_bytes({"data.pkl": pickled["pickle_protocol_5"]}, defaults=False),
    }


@pytest.fixture
def marker(tmp_path):
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "a model or data file ran a command"


def test_the_payload_really_runs_when_unpickled(tmp_path):
    """Guard against a toothless test: the same bytes, unpickled, do create the marker."""
    probe = tmp_path / "proof"
    pickle.loads(_malicious_payloads(probe)["pickle_protocol_5"])  # noqa: S301 - the point of the test
    assert probe.exists()


@pytest.mark.parametrize(
    "name", ["pickle_protocol_0", "pickle_protocol_2", "pickle_protocol_5", "joblib_zlib", "zip"]
)
@pytest.mark.parametrize("suffix", [".pkl", ".json"])
def test_malicious_model_is_refused_by_the_loader(tmp_path, marker, name, suffix):
    path = tmp_path / f"clause_model{suffix}"
    path.write_bytes(_malicious_payloads(marker)[name])
    with pytest.raises(errors.ModelMismatch) as info:
        classifier.load(path)
    assert info.value.exit_code == errors.EXIT_DATA
    assert str(path) in str(info.value)


def test_malicious_model_is_refused_by_the_engine(tmp_path, marker):
    from clausecheck.engine import Engine

    path = tmp_path / "clause_model.pkl"
    path.write_bytes(_malicious_payloads(marker)["pickle_protocol_2"])
    with pytest.raises(errors.ModelMismatch, match="never loaded"):
        Engine(model=path)


def test_cli_has_no_model_option_that_could_load_one(tmp_path, marker):
    """``scan`` takes no --model (the shipped JSON model only): the option is a usage error."""
    path = tmp_path / "clause_model.pkl"
    path.write_bytes(_malicious_payloads(marker)["pickle_protocol_5"])
    result = CliRunner().invoke(
        main, ["scan", str(SAMPLES / "supplier_weak_harbor.txt"), "--model", str(path)]
    )
    assert result.exit_code == errors.EXIT_USAGE
    assert "--model" in result.output


def _nested(depth: int) -> bytes:
    return (
        b'{"format": "clausecheck-clause-model", "metadata": ' + b"[" * depth + b"]" * depth + b"}"
    )


@pytest.mark.parametrize(
    "payload, words",
    [
        (_nested(200_000), "not valid JSON"),
        (
            b'{"format": "clausecheck-clause-model", "idf": [' + b"9" * 50_000 + b"]}",
            "not valid JSON",
        ),
        ("overflow", "non-finite"),
        (b"[" + b"0," * 2_000_000 + b"0]", "JSON object"),
    ],
    ids=["nested_200k", "huge_integer", "overflowing_float", "two_million_numbers"],
)
def test_hostile_json_model_is_refused(tmp_path, payload, words):
    if (
        payload == "overflow"
    ):  # the shipped model with one idf weight written as 1e999 (parses as inf)
        import json

        model = json.loads(classifier.default_path().read_text(encoding="utf-8"))
        model["idf"][0] = 12345.678901
        payload = json.dumps(model).replace("12345.678901", "1e999", 1).encode()
    path = tmp_path / "clause_model.json"
    path.write_bytes(payload)
    with pytest.raises(errors.ModelMismatch, match=words):
        classifier.load(path)


def test_oversized_model_is_refused_before_reading(tmp_path):
    path = tmp_path / "clause_model.json"
    with open(path, "wb") as fh:
        fh.truncate(classifier.MAX_MODEL_BYTES + 1)  # sparse: never read
    with pytest.raises(errors.ModelMismatch, match="more than a model can be"):
        classifier.load(path)


# --------------------------------------------------------------------------- YAML data files

PYTHON_TAGS = {
    "apply_system": "!!python/object/apply:os.system ['touch {marker}']",
    "new_popen": "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "name": "!!python/name:os.system",
    "module": "!!python/module:os",
}


def _tagged_yaml(source: Path, tag: str, marker: Path) -> str:
    """A real data file with its title replaced by a Python-tagged value."""
    text = source.read_text(encoding="utf-8")
    value = tag.format(marker=marker)
    lines = [f"title: {value}" if line.startswith("title:") else line for line in text.splitlines()]
    assert any(line.startswith("title: !!python") for line in lines)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("tag", PYTHON_TAGS.values(), ids=PYTHON_TAGS.keys())
def test_provision_yaml_with_python_tags_is_refused(tmp_path, marker, tag):
    from clausecheck.data.provisions import builtin_dir
    from clausecheck.engine import Engine

    folder = tmp_path / "provisions"
    folder.mkdir()
    (folder / "audit_rights.yaml").write_text(
        _tagged_yaml(builtin_dir() / "audit_rights.yaml", tag, marker)
    )
    with pytest.raises(errors.DataFileError, match="audit_rights.yaml"):
        Engine(provisions_dir=folder, model=False)
    result = CliRunner().invoke(main, ["provisions", "validate", "--provisions", str(folder)])
    assert result.exit_code == errors.EXIT_DATA, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("tag", PYTHON_TAGS.values(), ids=PYTHON_TAGS.keys())
def test_library_yaml_with_python_tags_is_refused(tmp_path, marker, tag):
    from clausecheck.leverage.library import builtin_dir

    source = sorted(p for p in builtin_dir().glob("*.yaml") if not p.name.startswith("_"))[0]
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / source.name).write_text(_tagged_yaml(source, tag, marker))
    for command in (["library", "validate"], ["library", "list"]):
        result = CliRunner().invoke(main, [*command, "--library", str(folder)])
        assert result.exit_code == errors.EXIT_DATA, result.output
        assert source.name in result.output and "Traceback" not in result.output


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (512 * 2**20, 512 * 2**20))


def _alias_bomb(levels: int = 9) -> str:
    """YAML aliases that expand to 10**levels strings: tiny on disk, huge once flattened."""
    lines = ["b0: &b0 [" + ", ".join(['"lol"'] * 10) + "]"]
    lines += [f"b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_provision_yaml_alias_bomb_is_refused(tmp_path):
    from clausecheck.data.provisions import builtin_dir

    folder = tmp_path / "provisions"
    folder.mkdir()
    text = (builtin_dir() / "audit_rights.yaml").read_text(encoding="utf-8")
    text = _alias_bomb() + text.replace("\ntitle:", "\ntitle: *b8\nold_title:", 1)
    (folder / "audit_rights.yaml").write_text(text, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "clausecheck",
                "provisions",
                "validate",
                "--provisions",
                str(folder),
            ],
            capture_output=True,
            text=True,
            timeout=20,
            env=env,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the alias bomb ran for over 20 s")
    assert proc.returncode == errors.EXIT_DATA, proc.stderr


# --------------------------------------------------------------------------- no network


class NetworkAttempt(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Every way of reaching the network records the attempt and raises."""
    attempts: list[str] = []

    def refuse(what):
        def blocked(*args, **kwargs):
            attempts.append(f"{what}{args[:2]!r}")
            raise NetworkAttempt(f"network access during analysis: {what}{args[:2]!r}")

        return blocked

    class GuardedSocket(socket.socket):
        connect = refuse("socket.connect")
        connect_ex = refuse("socket.connect_ex")
        sendto = refuse("socket.sendto")

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in (
        "create_connection",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "gethostbyaddr",
    ):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    return attempts


def test_the_network_guard_catches_a_connection(no_network):
    import urllib.request

    with pytest.raises(NetworkAttempt):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    assert no_network and "socket." in no_network[0]


SAMPLE_FILES = sorted(
    p.name
    for p in SAMPLES.iterdir()
    if p.suffix in (".pdf", ".docx", ".html", ".txt", ".md") and "scanned" not in p.name
)
NETWORK_BAIT = {
    "docx_external_refs": hostile.docx_external_refs,
    "pdf_active_content": hostile.pdf_active_content,
    "html_hostile": hostile.html_hostile,
}


GUARDED_SCAN = """
import socket, sys
attempts = []
def refuse(what):
    def blocked(*args, **kwargs):
        attempts.append(what)
        raise OSError("network access: " + what)
    return blocked
class GuardedSocket(socket.socket):
    connect = refuse("connect")
    connect_ex = refuse("connect_ex")
socket.socket = GuardedSocket
for name in ("create_connection", "getaddrinfo", "gethostbyname"):
    setattr(socket, name, refuse(name))
from clausecheck.engine import Engine  # spaCy, the lemma tables, provisions and model load here
report = Engine().scan(sys.argv[1])
print(len(report.findings), attempts)
"""


def test_a_fresh_process_loads_and_scans_without_network():
    """Guard installed before anything is imported: loading spaCy, its lookup tables, the
    provisions and the model must not reach for the network either."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-c", GUARDED_SCAN, str(SAMPLES / "supplier_strong_northwind.docx")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == [str(N_PROVISIONS), "[]"]


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_scanning_samples_makes_no_connection(engine, no_network, name):
    report = engine.scan(SAMPLES / name)
    assert len(report.findings) == N_PROVISIONS
    assert no_network == []


@pytest.mark.parametrize("name", NETWORK_BAIT)
def test_files_pointing_at_the_network_make_no_connection(engine, no_network, tmp_path, name):
    report = engine.scan(NETWORK_BAIT[name](tmp_path), require_contract=False)
    assert len(report.findings) == N_PROVISIONS
    assert no_network == []


def test_cli_scan_in_every_format_makes_no_connection(engine, no_network, tmp_path, monkeypatch):
    import clausecheck.engine

    monkeypatch.setattr(clausecheck.engine, "engine", lambda *a, **k: engine)
    out = tmp_path / "out"
    for name in ("supplier_strong_northwind.docx", "distribution_enduse_argus.html"):
        result = CliRunner().invoke(
            main,
            ["scan", str(SAMPLES / name), "--format", "json,html,markdown,csv", "-o", str(out)],
        )
        assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 8
    assert no_network == []


class _InProcessRunner:
    """The batch's task function run here, not in a worker pool, so the guard sees it."""

    def __init__(self, settings) -> None:
        self.settings = settings

    def results(self, tasks):
        from clausecheck.batch import worker

        for task in tasks:
            yield worker.process(task, self.settings)


def test_batch_makes_no_connection(engine, no_network, tmp_path, monkeypatch):
    from clausecheck.batch import worker
    from clausecheck.cli import batch as batch_cli

    monkeypatch.setattr(worker, "_engine", engine)
    monkeypatch.setattr(batch_cli, "_runner", lambda settings, *a: _InProcessRunner(settings))
    folder = tmp_path / "portfolio"
    folder.mkdir()
    for name in (
        "supplier_weak_harbor.txt",
        "supplier_strong_northwind.docx",
        "project_loan_solaris.pdf",
    ):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    hostile.docx_external_refs(folder)
    result = CliRunner().invoke(
        main, ["batch", str(folder), "--db", str(tmp_path / "p.db"), "--workers", "1", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert no_network == []


# --------------------------------------------------------------------------- output paths


def test_scan_outputs_stay_in_the_output_directory(engine, tmp_path, monkeypatch):
    """A document given as ../../x.txt is written as OUTDIR/x.<ext>, never beside the input."""
    import clausecheck.engine

    monkeypatch.setattr(clausecheck.engine, "engine", lambda *a, **k: engine)
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    (tmp_path / "x.txt").write_bytes((SAMPLES / "supplier_weak_harbor.txt").read_bytes())
    monkeypatch.chdir(work)
    result = CliRunner().invoke(
        main, ["scan", "../../x.txt", "--format", "json,markdown", "-o", "out"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (work / "out").iterdir()) == ["x.json", "x.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "x.txt"]


@pytest.mark.parametrize(
    "doc_path", ["../../../escaped.txt", "/etc/passwd", "..", "a/../../b.pdf", "\n.txt"]
)
def test_output_names_come_from_the_documents_base_name(engine, tmp_path, doc_path):
    from dataclasses import replace

    from clausecheck.cli.main import write_outputs

    report = engine.scan(SAMPLES / "supplier_weak_harbor.txt")
    report = replace(report, document=replace(report.document, path=doc_path))
    out = tmp_path / "deep" / "out"
    write_outputs(report, ["json", "markdown"], out)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(written) == 2
    assert all(p.parent == out for p in written), written
