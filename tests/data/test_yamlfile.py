"""The strict YAML reader shared by provisions, the clause library, profiles and moments."""

import pytest
import yaml

from clausecheck.data import yamlfile as datafile
from clausecheck.errors import DataFileError


@pytest.fixture(params=["libyaml", "python"])
def loader(request, monkeypatch):
    """Run each test with the libyaml-backed loader and with the pure-Python one."""
    assert issubclass(datafile.strict_loader(), yaml.CSafeLoader)  # libyaml when it is there
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.fail("PyYAML has no libyaml here; the fast loader is what ships in the wheels")
        return datafile.strict_loader()

    class PurePython(yaml.SafeLoader):
        get_single_data = datafile.strict_loader().get_single_data

    PurePython.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, datafile._construct_mapping
    )
    monkeypatch.setattr(datafile, "strict_loader", lambda: PurePython)
    return PurePython


def test_plain_data_loads(loader):
    assert datafile.loads("id: x\nlist: [1, two]\nmap: {a: 1}\n") == {
        "id": "x",
        "list": [1, "two"],
        "map": {"a": 1},
    }


def test_anchor_without_alias_is_fine(loader):
    assert datafile.loads("a: &x [1]\nb: 2\n") == {"a": [1], "b": 2}


@pytest.mark.parametrize(
    "text", ["a: &x [1]\nb: *x\n", "a: &x {k: v}\nb: [*x]\n", "a: &x s\nb: {c: *x}\n"]
)
def test_alias_is_refused(loader, text):
    with pytest.raises(yaml.YAMLError, match="aliases"):
        datafile.loads(text)


def test_duplicate_key_is_refused_with_its_line(loader):
    with pytest.raises(yaml.YAMLError, match=r"duplicate key 'a' \(line 3\)"):
        datafile.loads("a: 1\nb: 2\na: 3\n")


def test_python_tags_are_refused(loader, tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(yaml.YAMLError):
        datafile.loads(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert not marker.exists()


def test_read_mapping_names_the_file_and_the_fix(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        datafile.read_mapping(bad)
    assert str(bad) in str(info.value) and "mapping" in str(info.value)
    bad.write_bytes(b"id: \xff\xfe\n")
    with pytest.raises(DataFileError, match="cannot read"):
        datafile.read_mapping(bad)


def test_a_run_from_the_data_cache_never_imports_yaml(tmp_path):
    """PyYAML loads only when a data file is parsed: with a warm data cache the provisions,
    library, profiles and policy come from JSON, and a scan never imports it."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from clausecheck.engine import Engine\n"
        "from clausecheck.data import cache\n"
        "Engine()\n"
        "cache.store().save()\n"
        "print('yaml' in sys.modules)\n"
    )
    env = {"CLAUSECHECK_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
        )
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert [r.stdout.split()[-1] for r in runs] == ["True", "False"]
