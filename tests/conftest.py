"""Shared fixtures: one Engine per test session (building it loads spaCy and the provisions)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# A test run has a data cache (clausecheck.data.cache) of its own, removed at the end; set
# CLAUSECHECK_CACHE_DIR to use another.
if "CLAUSECHECK_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="clausecheck-test-cache-")
    os.environ["CLAUSECHECK_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)

from clausecheck.data import registry  # noqa: E402 - after the cache directory is chosen
from clausecheck.ingest.builder import TextBuilder  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_contracts"
# how many provisions the shipped data declares: counts in tests come from the registry
N_PROVISIONS = len(registry.builtin())
PROVISION_IDS = registry.builtin().ids


@pytest.fixture(scope="session")
def engine():
    from clausecheck.engine import Engine

    return Engine()


@pytest.fixture(scope="session")
def rules_engine():
    """The rules alone (first matching rule decides): what the provision cases pin down."""
    from clausecheck.engine import Engine

    return Engine(judge=False)


def text_document(text: str, name: str = "snippet.txt"):
    """A Document from plain text, one block per blank-line-separated paragraph."""
    b = TextBuilder(name, "text")
    for i, para in enumerate(p for p in text.split("\n\n") if p.strip()):
        b.add_block(para.strip(), f"text:para={i}")
    return b.build(text.encode())


@pytest.fixture
def make_doc():
    return text_document


RENDERED = {
    "supplier_weak_harbor": "txt",
    "supplier_strong_northwind": "docx",
    "jv_reserved_matters_kestrel": "docx",
    "project_loan_solaris": "pdf",
    "distribution_enduse_argus": "html",
    "host_government_concession_ardenia": "txt",
    "services_outsourcing_lumen": "md",
}


@pytest.fixture(scope="session")
def sample_report(engine):
    return _reports(engine)


@pytest.fixture(scope="session")
def rules_sample_report(rules_engine):
    """Sample reports decided by the rules alone: for tests of the steps after detection
    (traction, markers, suggestions), which pin the statuses they start from."""
    return _reports(rules_engine)


def _reports(engine):
    cache: dict = {}

    def get(name: str, **options):
        key = (name, tuple(sorted(options.items())))
        if key not in cache:
            cache[key] = engine.scan(SAMPLES / f"{name}.{RENDERED[name]}", **options)
        return cache[key]

    return get
