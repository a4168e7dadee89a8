"""The only place that knows the order of the steps; holds the loaded state.

path -> ingest -> Document -> structure -> detect -> grade -> Report
"""

from __future__ import annotations

import functools
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from clausecheck import __version__, ingest, structure
from clausecheck.detect import CueIndex, all_groups, build_context
from clausecheck.grade import Grader, findings
from clausecheck.limits import Limits
from clausecheck.provision import load_all
from clausecheck.types import Document, Report


class Engine:
    """Loaded provisions, the spaCy pipeline and compiled cues; build once, analyse many."""

    def __init__(self, provisions_dir: str | Path | None = None, *, model: str | Path | bool | None = None) -> None:
        """``model``: path of a clause model, False for rules only, None for the shipped model."""
        from clausecheck.nlp import pipeline

        self.nlp = pipeline()
        self.common, self.provisions = load_all(provisions_dir)
        self.cues = CueIndex(self.nlp, all_groups(self.common, self.provisions))
        self.grader = Grader(self.provisions)
        self.model = None
        self.model_version: str | None = None
        if model is not False:
            from clausecheck import classifier

            if model is None and not classifier.default_path().is_file():
                return  # a source checkout without a trained model: rules only
            self.model = classifier.load(None if model is None else model)
            data = self.model.metadata.get("training_data") or {}
            digest = data.get("sha256", "") if isinstance(data, dict) else ""
            self.model_version = f"clause_model {self.model.header.get('created', '')} data:{digest[:12]}".strip()

    def analyse(self, doc: Document, *, relationship: str | None = None, company: str | None = None,
                contract_type: str | None = None) -> Report:
        t0 = time.perf_counter()
        struct = structure.analyse(doc, relationship=relationship, company=company,
                                   contract_type=contract_type)
        t1 = time.perf_counter()
        sdoc = self.nlp(doc.text)
        ctx = build_context(doc, struct, sdoc, self.cues)
        t2 = time.perf_counter()
        hits = self.grader.evaluate(ctx)
        result = findings(self.grader, ctx, hits, self.model)
        t3 = time.perf_counter()
        return Report(document=doc, structure=struct, findings=tuple(result), tool_version=__version__,
                      model_version=self.model_version, errors=tuple(doc.warnings),
                      timings={"structure": t1 - t0, "nlp_and_cues": t2 - t1, "grade": t3 - t2})

    def scan(self, path: str | Path, *, password: str | None = None, ocr: bool = False,
             limits: Limits | None = None, relationship: str | None = None,
             company: str | None = None, contract_type: str | None = None) -> Report:
        t0 = time.perf_counter()
        doc = ingest.load(path, limits=limits, password=password, ocr=ocr)
        t1 = time.perf_counter()
        report = self.analyse(doc, relationship=relationship, company=company, contract_type=contract_type)
        return replace(report, timings={"ingest": t1 - t0, **report.timings})


@functools.lru_cache(maxsize=4)
def engine(provisions_dir: str | None = None) -> Engine:
    return Engine(provisions_dir)


def scan(path: Any, *, provisions: str | Path | None = None, **options: Any) -> Report:
    return engine(str(provisions) if provisions else None).scan(path, **options)
