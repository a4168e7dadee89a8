"""The only place that knows the order of the steps; holds the loaded state.

path -> ingest -> Document -> structure -> detect -> grade -> leverage -> traction -> suggest
     -> (profile) -> Report
"""

from __future__ import annotations

import functools
import gc
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from clausecheck import __version__, ingest, structure
from clausecheck.detect.context import CueIndex, all_groups, build_context
from clausecheck.grade.grader import Grader, findings
from clausecheck.limits import Limits
from clausecheck.nlp.pipeline import parse
from clausecheck.types import Document, Report, Traction


class Engine:
    """Loaded provisions, the spaCy pipeline and compiled cues; build once, analyse many."""

    def __init__(
        self,
        provisions_dir: str | Path | None = None,
        *,
        model: str | Path | bool | None = None,
        library_dir: str | Path | None = None,
    ) -> None:
        """``model``: path of a clause model, False for rules only, None for the shipped model.
        ``library_dir``: the user's clause-library directory, whose entries take precedence."""
        from clausecheck.data import registry
        from clausecheck.leverage.library import load_library, load_variables
        from clausecheck.leverage.traction import moments
        from clausecheck.nlp.pipeline import pipeline

        self.nlp = pipeline()
        self.registry = registry.load(provisions_dir)
        self.common, self.provisions = self.registry.common, list(self.registry.provisions)
        self.library = load_library(library_dir, known=self.registry.ids)
        self.variables = load_variables(library_dir, known=self.registry.ids)
        self.moments = moments.load()
        self.cues = CueIndex(self.nlp, all_groups(self.common, self.provisions))
        self.grader = Grader(self.provisions)
        self.model = None
        self.model_version: str | None = None
        if model is not False:
            from clausecheck.model import classifier

            if model is None and not classifier.default_path().is_file():
                return  # a source checkout without a trained model: rules only
            self.model = classifier.load(None if model is None else cast("str | Path", model))
            data = self.model.metadata.get("training_data") or {}
            digest = data.get("sha256", "") if isinstance(data, dict) else ""
            self.model_version = (
                f"clause_model {self.model.header.get('created', '')} data:{digest[:12]}".strip()
            )

    def analyse(
        self,
        doc: Document,
        *,
        relationship: str | None = None,
        company: str | None = None,
        contract_type: str | None = None,
        high_risk: bool = False,
        profile: str | Path | None = None,
        fail_on: str | None = None,
    ) -> Report:
        """``profile``: a shipped profile id or a YAML path; with ``fail_on`` and no profile, the
        relationship's baseline profile is applied."""
        t0 = time.perf_counter()
        struct = structure.analyse(
            doc, relationship=relationship, company=company, contract_type=contract_type
        )
        t1 = time.perf_counter()
        sdoc = parse(doc.text)
        ctx = build_context(doc, struct, sdoc, self.cues)
        t2 = time.perf_counter()
        hits = self.grader.evaluate(ctx)
        found = findings(self.grader, ctx, hits, self.model)
        t3 = time.perf_counter()
        result, traction = self._leverage(ctx, tuple(found), high_risk)
        checked = None
        if profile is not None or fail_on is not None:
            from clausecheck.leverage import profile as profiles

            spec = profiles.load(
                profile if profile is not None else profiles.default_for(struct.relationship),
                known=self.registry.ids,
            )
            checked = profiles.evaluate(spec, result, fail_on)
        t4 = time.perf_counter()
        return Report(
            document=doc,
            structure=struct,
            findings=result,
            tool_version=__version__,
            model_version=self.model_version,
            errors=tuple(doc.warnings),
            timings={
                "structure": t1 - t0,
                "nlp_and_cues": t2 - t1,
                "grade": t3 - t2,
                "traction": t4 - t3,
            },
            traction=traction,
            profile=checked,
            high_risk=high_risk,
        )

    def _leverage(self, ctx, result: tuple, high_risk: bool) -> tuple[tuple, Traction]:
        from clausecheck.leverage import priority as leverage
        from clausecheck.leverage import suggest
        from clausecheck.leverage.traction import instances, markers, timeline

        struct = ctx.structure
        result = leverage.annotate(
            result, self.provisions, struct.relationship, high_risk=high_risk
        )
        dates = timeline.extract(ctx)
        result = suggest.annotate(result, self.library, struct, ctx.doc.text, dates, self.variables)
        first = {f.provision: f.suggestions[0].entry for f in result if f.suggestions}

        def suggest_for(pid: str, status: str) -> str | None:
            if status == "weak":
                ext = next(
                    (
                        e.id
                        for e in self.library.values()
                        if e.provision == pid
                        and e.tier == "extend"
                        and struct.relationship in e.relationship_types
                    ),
                    None,
                )
                if ext:
                    return ext
            return first.get(pid) or next(
                (
                    e.id
                    for e in self.library.values()
                    if e.provision == pid and struct.relationship in e.relationship_types
                ),
                None,
            )

        insts = instances.find(ctx, result, self.provisions, self.moments, struct.company)
        marks = markers.find(
            insts,
            result,
            self.provisions,
            self.moments,
            struct.relationship,
            high_risk=high_risk,
            suggest_for=suggest_for,
        )
        rows = timeline.rows(ctx, dates, insts, result, self.moments)
        return result, Traction(insts, marks, rows, dates, timeline.leverage_density(insts, dates))

    def scan(
        self,
        path: str | Path,
        *,
        password: str | None = None,
        ocr: bool = False,
        limits: Limits | None = None,
        **options: Any,
    ) -> Report:
        """Ingest then analyse; ``options`` are those of ``analyse``."""
        t0 = time.perf_counter()
        doc = ingest.load(path, limits=limits, password=password, ocr=ocr)
        t1 = time.perf_counter()
        report = self.analyse(doc, **options)
        return replace(report, timings={"ingest": t1 - t0, **report.timings})


def settle() -> None:
    """For a process that keeps one engine for its whole life (a batch worker): take
    everything built so far out of the cyclic garbage collector's reach (``gc.freeze``). Full
    collections otherwise walk the engine's ~85,000 objects again and again: 0.1-0.2 s of a
    200-page analysis, measured. Library users keep the default collector."""
    gc.freeze()


@functools.lru_cache(maxsize=4)
def engine(provisions_dir: str | None = None, library_dir: str | None = None) -> Engine:
    return Engine(provisions_dir, library_dir=library_dir)


def scan(
    path: Any,
    *,
    provisions: str | Path | None = None,
    library: str | Path | None = None,
    **options: Any,
) -> Report:
    return engine(str(provisions) if provisions else None, str(library) if library else None).scan(
        path, **options
    )
