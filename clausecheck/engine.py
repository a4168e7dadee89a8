"""The only place that knows the order of the steps; holds the loaded state.

path -> ingest -> Document -> structure -> detect -> grade -> leverage -> traction -> suggest
     -> (profile) -> Report
"""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Callable
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
    """Loaded provisions, the spaCy pipeline and compiled cues; build once, analyse many.

    Example::

        >>> from clausecheck import Engine
        >>> engine = Engine()                      # a few seconds: spaCy, provisions, models
        >>> for path in ["a.pdf", "b.docx"]:
        ...     report = engine.scan(path, relationship="supplier", profile="supplier-baseline")
        ...     print(path, report.profile.passed)
    """

    def __init__(
        self,
        provisions_dir: str | Path | None = None,
        *,
        model: str | Path | bool | None = None,
        library_dir: str | Path | None = None,
        judge: str | Path | bool | None = None,
    ) -> None:
        """``model``: path of a clause model, False for rules only, None for the shipped model.
        ``library_dir``: the user's clause-library directory, whose entries take precedence.
        ``judge``: path of a judge file, False for the rules' first-match decision, None for the
        shipped judge (used when a clause model is loaded)."""
        from clausecheck.data import registry
        from clausecheck.leverage.library import load_library, load_variables
        from clausecheck.leverage.traction import moments
        from clausecheck.nlp.pipeline import pipeline

        self.nlp = pipeline()
        # the shipped provisions are read once per process (report cards use them too)
        self.registry = registry.load(provisions_dir) if provisions_dir else registry.builtin()
        self.common, self.provisions = self.registry.common, list(self.registry.provisions)
        self.library = load_library(library_dir, known=self.registry.ids)
        self.variables = load_variables(library_dir, known=self.registry.ids)
        self.moments = moments.load()
        self.cues = CueIndex(self.nlp, all_groups(self.common, self.provisions))
        from clausecheck.data.provisions import builtin_dir

        shipped = builtin_dir().resolve()
        self.user_provisions = frozenset(
            p.id for p in self.provisions if Path(p.source).resolve().parent != shipped
        )
        self.grader = Grader(self.provisions)
        self.model = None
        self.model_version: str | None = None
        self.judge = None
        if model is not False and judge is not False:
            from clausecheck.grade import judge as judge_mod

            if judge is not None or judge_mod.default_path().is_file():
                self.judge = judge_mod.load(None if judge is None else cast("str | Path", judge))
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
            if self.judge is not None:
                self.model_version += f" judge:{self.judge.metadata.get('labels_sha256', '')[:12]}"

    def analyse(
        self,
        doc: Document,
        *,
        relationship: str | None = None,
        company: str | None = None,
        contract_type: str | None = None,
        counterparty: str | None = None,
        high_risk: bool = False,
        profile: str | Path | None = None,
        fail_on: str | None = None,
        require_contract: bool = False,
    ) -> Report:
        """``profile``: a shipped profile id or a YAML path; with ``fail_on`` and no profile, the
        relationship's baseline profile is applied. ``require_contract``: refuse (E146) a text
        with none of a contract's structure rather than grade it."""
        t0 = time.perf_counter()
        struct = structure.analyse(
            doc,
            relationship=relationship,
            company=company,
            contract_type=contract_type,
            counterparty=counterparty,
        )
        if require_contract:
            check_contract(doc, struct)
        t1 = time.perf_counter()
        sdoc = parse(doc.text)
        ctx = build_context(doc, struct, sdoc, self.cues)
        t2 = time.perf_counter()
        if self.judge is not None:
            from clausecheck.grade import judged

            hits, outcomes = self.grader.outcomes(ctx, collect_all=False)
            found = judged.findings(self.grader, ctx, hits, outcomes, self.model, self.judge)
            if self.user_provisions:  # the judge never learned a user's provision: its rules decide
                ruled = {f.provision: f for f in findings(self.grader, ctx, hits, self.model)}
                found = [
                    ruled[f.provision] if f.provision in self.user_provisions else f for f in found
                ]
        else:
            hits = self.grader.evaluate(ctx)
            found = findings(self.grader, ctx, hits, self.model)
        t3 = time.perf_counter()
        spec = None
        if profile is not None or fail_on is not None:
            from clausecheck.leverage import profile as profiles

            spec = profiles.load(
                profile if profile is not None else profiles.default_for(struct.relationship),
                known=self.registry.ids,
            )
        required = frozenset(spec["requires"]) if spec is not None else frozenset()
        result, traction = self._leverage(ctx, tuple(found), high_risk, required)
        checked = None
        if spec is not None:
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

    def _leverage(
        self, ctx, result: tuple, high_risk: bool, required: frozenset[str] = frozenset()
    ) -> tuple[tuple, Traction]:
        from clausecheck.leverage import priority as leverage
        from clausecheck.leverage import suggest
        from clausecheck.leverage.traction import instances, markers, timeline

        struct = ctx.structure
        result = leverage.annotate(
            result, self.provisions, struct.relationship, high_risk=high_risk, required=required
        )
        dates = timeline.extract(ctx, result)
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
        ocr: bool | None = None,
        limits: Limits | None = None,
        review: str | Path | None = None,
        progress: Callable[[str], None] | None = None,
        **options: Any,
    ) -> Report:
        """Ingest then analyse; ``options`` are those of ``analyse``. A file must look like a
        contract (``require_contract``, default True) unless told otherwise. ``ocr``: None
        reads scanned PDF pages with tesseract when it is installed, True requires it, False
        never OCRs. ``review``: a review file (``NAME.review.yaml``) whose decisions are shown
        beside the findings. ``progress``: called with a line per OCR'd page of a long PDF."""
        check_options(options)
        t0 = time.perf_counter()
        doc = ingest.load(path, limits=limits, password=password, ocr=ocr, progress=progress)
        t1 = time.perf_counter()
        options.setdefault("require_contract", True)
        report = self.analyse(doc, **options)
        if review is not None:
            from clausecheck.review import decisions, reviewfile

            checked = reviewfile.for_document(review, doc.sha256, self.registry.ids)
            report = decisions.apply(report, checked.decisions)
        return replace(report, timings={"ingest": t1 - t0, **report.timings})


SCAN_KEYWORDS = ("password", "ocr", "limits", "review", "progress")


def check_options(
    options: dict[str, Any], extra: tuple[str, ...] = (), where: str = "scan"
) -> None:
    """Refuse a mistyped keyword or an unknown value at the call, naming what is allowed
    (rather than failing deep inside the analysis, or silently ignoring it)."""
    import difflib
    import inspect

    analysis = [
        name
        for name, param in inspect.signature(Engine.analyse).parameters.items()
        if param.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    allowed = sorted({*SCAN_KEYWORDS, *analysis, *extra})
    for key in options:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise TypeError(
                f"{where}() got an unexpected keyword argument {key!r}{hint}; "
                f"allowed: {', '.join(allowed)}"
            )
    from clausecheck.data import policy
    from clausecheck.vocab import Relationship

    values = {
        "relationship": Relationship.values(),
        "contract_type": tuple(policy.contract_types().relationship),
        "fail_on": ("weak", "missing"),
    }
    for key, accepted in values.items():
        value = options.get(key)
        if value is not None and value not in accepted:
            raise ValueError(f"{key}={value!r} is not one of: {', '.join(accepted)}")


FRAGMENT_WORDS = 300  # below this, a text with no parties and no clauses is not a contract


def check_contract(doc: Document, struct: Any) -> None:
    """Raise E146 for a text with no parties, no numbered or headed clauses and few words."""
    clauses = sum(1 for c in struct.clauses if c.kind == "clause" and (c.number or c.heading))
    words = len(doc.text.split())
    if not struct.parties and clauses == 0 and words < FRAGMENT_WORDS:
        from clausecheck import errors

        raise errors.error("E146", doc.path, words=words, clauses=clauses, parties=0)


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
    check_options(options)  # before the engine is built: a typo fails at once
    return engine(str(provisions) if provisions else None, str(library) if library else None).scan(
        path, **options
    )
