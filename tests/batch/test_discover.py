"""Finding inputs: folders, hidden files, symlink loops, globs, lists and fsspec URLs."""

from __future__ import annotations

import os
import uuid

import fsspec
import pytest

from clausecheck.batch.discover import discover, gather, read_list


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "contracts"
    (root / "eu" / "de").mkdir(parents=True)
    (root / ".git").mkdir()
    for rel in (
        "a.pdf",
        "b.DOCX",
        "eu/c.html",
        "eu/d.htm",
        "eu/de/e.txt",
        "eu/de/f.md",
        "notes.xlsx",
        "eu/g.doc",
        ".hidden.txt",
        ".git/h.txt",
        "eu/README",
    ):
        (root / rel).write_text("x")
    os.symlink(root, root / "eu" / "loop")  # a link back to the top: must not loop
    os.symlink(root / "eu" / "de", root / "later")  # the same folder twice: walked once
    return root


def names(paths, root):
    return [os.path.relpath(p, root) for p in paths]


def test_folders_are_walked_for_supported_visible_files_once(tree):
    found = discover([str(tree)])
    assert names(found.paths, tree) == [
        "a.pdf",
        "b.DOCX",
        "eu/c.html",
        "eu/d.htm",
        "eu/de/e.txt",
        "eu/de/f.md",
    ]
    assert found.unmatched == [] and found.warnings == []
    assert all(os.path.isabs(p) for p in found.paths)


def test_explicit_files_are_taken_whatever_their_extension(tree):
    found = discover([str(tree / "notes.xlsx"), str(tree / "a.pdf"), str(tree / "a.pdf")])
    assert names(found.paths, tree) == ["a.pdf", "notes.xlsx"]


def test_globs_expand_recursively_and_filter(tree, monkeypatch):
    monkeypatch.chdir(tree)
    assert names(discover(["**/*.htm*"]).paths, tree) == ["eu/c.html", "eu/d.htm"]
    assert names(discover(["eu/de*"]).paths, tree) == ["eu/de/e.txt", "eu/de/f.md"]
    # eu/loop leads back to the top once; each real folder is walked once, so the glob ends
    assert names(discover(["eu/*"]).paths, tree) == [
        "eu/c.html",
        "eu/d.htm",
        "eu/de/e.txt",
        "eu/de/f.md",
        "eu/loop/a.pdf",
        "eu/loop/b.DOCX",
    ]
    assert names(discover([str(tree / "eu" / "[cd].htm?")]).paths, tree) == ["eu/c.html"]


def test_arguments_that_name_nothing_are_reported(tree):
    found = discover([str(tree / "missing.pdf"), str(tree / "*.nothing"), str(tree / "eu" / "de")])
    assert found.unmatched == [str(tree / "missing.pdf"), str(tree / "*.nothing")]
    assert names(found.paths, tree) == ["eu/de/e.txt", "eu/de/f.md"]


def test_list_entries_that_name_nothing_are_kept_for_their_error(tree, monkeypatch):
    monkeypatch.chdir(tree)
    listed = read_list(["# a comment", "", "  a.pdf  ", "gone.txt", "eu/de"])
    assert listed == ["a.pdf", "gone.txt", "eu/de"]
    found = gather([], listed)
    assert found.unmatched == []
    assert names(found.paths, tree) == ["a.pdf", "eu/de/e.txt", "eu/de/f.md", "gone.txt"]


def test_fsspec_urls_folders_globs_and_files_share_one_name():
    fs = fsspec.filesystem("memory")
    base = f"/batch-{uuid.uuid4().hex}"
    for rel in ("x/a.txt", "x/sub/b.pdf", "x/.hid/c.txt", "x/.d.txt", "x/e.csv"):
        fs.pipe(f"{base}/{rel}", b"data")
    folder = discover([f"memory://{base}/x"]).paths
    assert folder == [f"memory://{base}/x/a.txt", f"memory://{base}/x/sub/b.pdf"]
    assert discover([f"memory://{base}/x/*.txt"]).paths == [f"memory://{base}/x/a.txt"]
    assert discover([f"memory://{base.lstrip('/')}/x/a.txt"]).paths == [f"memory://{base}/x/a.txt"]
