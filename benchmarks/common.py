"""Shared helpers for the clausecheck benchmarks.

- finding the sample contracts and sizing their pages;
- a deterministic generator of realistic N-page contract PDFs (fpdf2): title and parties,
  recitals, numbered articles with sections and lettered sub-clauses, a running header and
  "Page X of N" footers. All clause text below is original drafting written for these
  benchmarks; it is filler for speed tests, not a model clause library;
- timing, memory and table helpers.

Nothing here writes into the repository: generated PDFs go to a cache directory under the
system temp directory (or --cache DIR).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_contracts"
if str(ROOT) not in sys.path:  # run as `python benchmarks/x.py` from a checkout
    sys.path.insert(0, str(ROOT))

# Extension -> label used in the tables. Anything else in sample_contracts/ is ignored
# (.expected.yaml files, notes, sources of the renders).
FORMATS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
}
FORMAT_ORDER = ["pdf", "docx", "html", "md", "txt"]

# Unpaged formats (DOCX, HTML, Markdown, text) are sized in "equivalent pages" of this many
# characters of extracted text, roughly one dense A4/Letter contract page. Tables mark
# estimated page counts with "~"; chars/s is the format-neutral figure.
CHARS_PER_PAGE = 3000

GENERATOR_VERSION = 1
DEFAULT_SEED = 20240601


# ----------------------------------------------------------------------------------------
# Sample contracts
# ----------------------------------------------------------------------------------------


def sample_files(directory: Path | None = None, *, ocr: bool = False) -> tuple[list[Path], str]:
    """Every supported file directly in sample_contracts/ (skipping *_scanned.pdf unless ocr).

    Returns the files (sorted by contract name, then format) and a note. If the folder has no
    rendered samples at its top level yet, falls back to the text sources in
    sample_contracts/src/ and says so in the note.
    """
    directory = Path(directory) if directory else SAMPLES
    note = ""
    files = (
        [p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in FORMATS]
        if directory.is_dir()
        else []
    )
    if not files and (directory / "src").is_dir():
        files = [
            p for p in (directory / "src").iterdir() if p.is_file() and p.suffix.lower() in FORMATS
        ]
        note = (
            f"no rendered samples at the top of {_rel(directory)}; "
            f"using the text sources in {_rel(directory / 'src')}"
        )
    skipped = [p for p in files if p.name.lower().endswith("_scanned.pdf")]
    if not ocr and skipped:
        files = [p for p in files if p not in skipped]
        note = (note + "; " if note else "") + f"skipped {len(skipped)} *_scanned.pdf (pass --ocr)"
    files.sort(key=lambda p: (contract_name(p), FORMAT_ORDER.index(fmt_of(p))))
    return files, note


def fmt_of(path: Path) -> str:
    return FORMATS.get(path.suffix.lower(), path.suffix.lower().lstrip("."))


def contract_name(path: Path) -> str:
    name = path.stem
    return name[: -len("_scanned")] if name.endswith("_scanned") else name


def _rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def rel(path: Path) -> str:
    return _rel(path)


def page_size(doc) -> tuple[float, bool]:
    """(pages, estimated): real pages for paged documents, else characters / CHARS_PER_PAGE."""
    if getattr(doc, "pages", ()):
        return float(len(doc.pages)), False
    return max(len(doc.text) / CHARS_PER_PAGE, 1 / CHARS_PER_PAGE), True


def fmt_pages(pages: float, estimated: bool) -> str:
    return f"~{pages:.1f}" if estimated else f"{pages:.0f}"


# ----------------------------------------------------------------------------------------
# Measurement helpers
# ----------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def maxrss_mib(usage: resource.struct_rusage | None = None) -> float:
    """ru_maxrss in MiB (Linux reports KiB, macOS bytes)."""
    usage = usage or resource.getrusage(resource.RUSAGE_SELF)
    scale = 1 if sys.platform == "darwin" else 1024
    return usage.ru_maxrss * scale / 2**20


def hwm_mib() -> float:
    """This process's peak resident set: VmHWM on Linux, else ru_maxrss.

    On Linux, ru_maxrss of a process started by fork/vfork + exec never reports less than the
    parent's resident set at the time of the fork (the kernel carries the old address space's
    high-water mark across exec); VmHWM belongs to the new address space only.
    """
    from clausecheck.batch.worker import (
        peak_rss_mib,
    )  # one implementation, shared with batch workers

    return peak_rss_mib()


GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def _gnu_time_ok() -> bool:
    if not GNU_TIME:
        return False
    try:
        out = subprocess.run(
            [GNU_TIME, "-f", "%M", "true"], capture_output=True, text=True, timeout=10
        )
        return out.returncode == 0 and out.stderr.strip().splitlines()[-1].isdigit()
    except (OSError, subprocess.SubprocessError, IndexError):
        return False


_TIME_OK: bool | None = None


def run_measured(
    cmd: list[str], *, capture: bool = False, rss: bool = True, cwd: Path | None = None
) -> dict:
    """Run cmd once; returns code, stdout, stderr, wall (s) and the child's ru_maxrss (MiB).

    With rss=True and GNU time available, the command runs under ``/usr/bin/time -f %M`` so the
    ru_maxrss comes from a small launcher's child and is not floored at this (parent) process's
    resident set (see hwm_mib); otherwise it is read with os.wait4 and ``rss_floor_mib`` gives
    the floor that applies.
    """
    global _TIME_OK
    if rss and _TIME_OK is None:
        _TIME_OK = _gnu_time_ok()
    use_time = rss and _TIME_OK
    with tempfile.NamedTemporaryFile(prefix="cc-bench-rss-", delete=False) as rss_file:
        rss_path = rss_file.name
    try:
        full = ([GNU_TIME, "-f", "%M", "-o", rss_path] + cmd) if use_time else cmd
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            floor = hwm_mib()
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                full,
                stdout=out if capture else subprocess.DEVNULL,
                stderr=err,
                cwd=str(cwd or ROOT),
            )
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            result = {
                "code": proc.returncode,
                "stdout": out.read(),
                "stderr": err.read(),
                "wall_s": wall,
            }
        if use_time:
            lines = Path(rss_path).read_text().strip().splitlines()
            result["maxrss_mib"] = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else None
            result["rss_source"] = "gnu-time"
        else:
            result["maxrss_mib"] = maxrss_mib(usage)
            result["rss_source"] = "wait4"
            result["rss_floor_mib"] = floor
        return result
    finally:
        try:
            os.unlink(rss_path)
        except OSError:
            pass


def time_scan(path: Path, repeat: int, output: Path | None = None) -> dict:
    """``python -m clausecheck scan FILE --format json`` in a fresh process, ``repeat`` times:
    median wall time and the largest ru_maxrss. With ``output`` the report is written there
    (``-o``) instead of being piped back."""
    cmd = [sys.executable, "-m", "clausecheck", "scan", str(path), "--format", "json"]
    if output is not None:
        cmd += ["-o", str(output)]
    runs = [run_measured(cmd, capture=output is None) for _ in range(repeat)]
    bad = [r for r in runs if r["code"] != 0]
    if bad:
        err = bad[0]["stderr"].decode("utf-8", "replace").strip().splitlines()
        return {"input": rel(path), "error": (err or [f"exit {bad[0]['code']}"])[-1]}
    walls = [r["wall_s"] for r in runs]
    out = {
        "input": rel(path),
        "command": "python -m clausecheck scan FILE --format json" + (" -o OUT" if output else ""),
        "times_s": walls,
        "median_s": median(walls),
        "maxrss_mib": max((r["maxrss_mib"] or 0) for r in runs),
        "rss_source": runs[0]["rss_source"],
        "json_bytes": output.stat().st_size if output is not None else len(runs[0]["stdout"]),
    }
    if "rss_floor_mib" in runs[0]:
        out["rss_floor_mib"] = runs[0]["rss_floor_mib"]
    return out


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def table(rows: list[dict], columns: list[tuple[str, str, str]]) -> str:
    """Plain-text table. columns: (key, header, align '<' or '>')."""
    cells = [[h for _, h, _ in columns]] + [
        [str(r.get(k, "")) for k, _, _ in columns] for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    out = []
    for n, row in enumerate(cells):
        out.append(
            "  ".join(
                f"{c:{a}{w}}" for c, (_, _, a), w in zip(row, columns, widths, strict=True)
            ).rstrip()
        )
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def num(value: float | None, digits: int = 1) -> str:
    if value is None or value != value:  # None or NaN
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def dump_json(obj) -> str:
    return json.dumps(obj, indent=2, sort_keys=False)


# ----------------------------------------------------------------------------------------
# Generated contracts
# ----------------------------------------------------------------------------------------

BUYERS = [
    ("Corvale Home Goods Limited", "England and Wales", "Corvale"),
    ("Tamsin Outdoor Equipment GmbH", "Germany", "Tamsin"),
    ("Brightwater Retail Group S.A.", "Luxembourg", "Brightwater"),
    ("Halvorsen Kitchenware AB", "Sweden", "Halvorsen"),
]
SUPPLIERS = [
    ("Lakeshore Apparel Manufacturing Co., Ltd.", "Vietnam"),
    ("Verdant Fibre Mills Private Limited", "India"),
    ("Ostrova Precision Components s.r.o.", "the Czech Republic"),
    ("Kinross Moulded Plastics Sdn. Bhd.", "Malaysia"),
]
SITES = ["Da Nang", "Tiruppur", "Brno", "Penang", "Izmir", "Tangier", "Monterrey", "Cebu"]
PRODUCTS = [
    "knitted garments",
    "enamelled cookware",
    "injection-moulded housings",
    "woven home textiles",
    "machined brackets",
    "printed cartons",
]

TERMS = [
    (
        "Affiliate",
        "any entity that directly or indirectly controls, is controlled by, or is under common "
        "control with a Party, control meaning the power to direct its management",
    ),
    (
        "Business Day",
        "a day on which commercial banks are open for general business in the place of the Buyer's "
        "registered office",
    ),
    (
        "Facility",
        "any factory, warehouse or other site at which the Goods or any of their components are "
        "made, finished, packed or stored, including the sites listed in Schedule 2",
    ),
    ("Goods", "the {product} and related items described in a Purchase Order"),
    ("Purchase Order", "a written order for Goods issued by the Buyer under Article 2"),
    (
        "Responsible Sourcing Standards",
        "the standards on labour, health and safety, ethics and the environment set out in "
        "Schedule 4, as revised under Section {ref}",
    ),
    (
        "Specifications",
        "the technical, packaging and labelling requirements for the Goods agreed in writing "
        "between the Parties",
    ),
    (
        "Worker",
        "any individual who performs work at a Facility, whether employed directly, through a "
        "labour agency or under any other arrangement",
    ),
]

# (article heading, [section headings], [sentences]). Slots: {B} buyer, {S} supplier, {d} and
# {d2} day counts, {p} a percentage, {ref} a section reference, {site}, {product}, {amt}.
TOPICS = [
    (
        "SCOPE AND ORDERING",
        ["Framework", "Purchase Orders", "Acceptance", "Changes to Orders"],
        [
            "This Agreement sets the terms on which {S} will supply and {B} may buy the Goods, and "
            "it does not oblige {B} to place any minimum volume of orders.",
            "Each Purchase Order forms a separate contract incorporating these terms, and no terms "
            "printed on an acknowledgement or delivery note of {S} apply.",
            "{S} shall confirm or decline each Purchase Order within {d} Business Days of receipt, "
            "and an order that is neither confirmed nor declined in that time is treated as "
            "confirmed.",
            "{B} may vary the quantity or delivery date of a confirmed Purchase Order by written "
            "notice given at least {d2} days before the scheduled shipment date.",
            "Where a variation requested by {B} increases the cost of performance, {S} shall give "
            "a costed proposal within {d} Business Days and the Parties shall agree a fair "
            "adjustment.",
            "If {B} cancels a confirmed Purchase Order for reasons other than a breach by {S}, {B} "
            "shall pay for finished Goods and for materials bought specifically for that order.",
        ],
    ),
    (
        "FORECASTS AND CAPACITY",
        ["Rolling Forecast", "Capacity Planning", "Lead Times"],
        [
            "{B} shall share a non-binding forecast of its expected requirements for the following "
            "{d2} days at the start of each calendar month.",
            "{S} shall tell {B} promptly if it expects to be unable to meet a forecast volume, "
            "giving the reasons and the quantities it can supply.",
            "The Parties shall meet at least once each quarter to review forecast accuracy, "
            "capacity at the Facilities and any peaks in demand.",
            "Standard lead times for each line of Goods are set out in Schedule 1 and may be "
            "changed only by written agreement.",
            "{B} shall plan its orders so as to avoid placing volumes on {S} that would require "
            "excessive overtime at any Facility.",
        ],
    ),
    (
        "DELIVERY, TITLE AND RISK",
        ["Delivery", "Late Delivery", "Title and Risk", "Packaging"],
        [
            "{S} shall deliver the Goods to the port or warehouse named in the Purchase Order on "
            "the agreed Incoterms basis, together with a packing list and commercial invoice.",
            "If a shipment is more than {d} days late for reasons within the control of {S}, {B} "
            "may require expedited transport at the cost of {S}.",
            "Title to the Goods passes to {B} on delivery, and risk passes at the time stated in "
            "the applicable Incoterms rule.",
            "The Goods shall be packed and labelled in accordance with the Specifications and so "
            "as to reach their destination in good condition.",
            "{S} shall not make partial deliveries unless {B} has agreed to them in writing.",
        ],
    ),
    (
        "PRICES AND PAYMENT",
        ["Prices", "Invoices", "Payment Terms", "Price Reviews"],
        [
            "The prices for the Goods are those set out in Schedule 3 and are fixed for each "
            "calendar year unless the Parties agree otherwise in writing.",
            "{S} may invoice each shipment on or after its delivery date, quoting the relevant "
            "Purchase Order number.",
            "{B} shall pay each undisputed invoice within {d2} days after receipt by bank transfer "
            "to the account notified by {S}.",
            "Either Party may request a price review if the cost of a principal raw material "
            "changes by more than {p} per cent over any six-month period.",
            "When prices are reviewed, the Parties shall take into account the cost of paying "
            "wages and benefits that meet the Responsible Sourcing Standards.",
            "Late payments bear interest at {p} per cent per year above the base rate of the "
            "central bank of the currency of the invoice.",
        ],
    ),
    (
        "QUALITY AND INSPECTION",
        ["Quality System", "Pre-Shipment Inspection", "Non-Conforming Goods"],
        [
            "{S} shall maintain a documented quality management system covering the manufacture of "
            "the Goods at each Facility.",
            "{B} or its nominated inspector may inspect the Goods before shipment on giving {d} "
            "Business Days' notice.",
            "Goods that do not conform to the Specifications may be rejected within {d2} days "
            "after delivery, and {S} shall at the option of {B} replace them or refund their "
            "price.",
            "Acceptance of any Goods does not waive the rights of {B} in respect of latent "
            "defects.",
            "{S} shall keep samples from each production lot for at least twelve months.",
        ],
    ),
    (
        "WARRANTIES",
        ["Product Warranty", "Compliance Warranty", "Duration"],
        [
            "{S} warrants that the Goods will conform to the Specifications, be of satisfactory "
            "quality and be free from defects in design, materials and workmanship.",
            "{S} warrants that the Goods and their manufacture comply with the laws of the country "
            "of manufacture and of each destination country notified by {B}.",
            "The warranties in this Article last for {d2} days from delivery, and claims may be "
            "made at any time within that period.",
            "The remedies in this Article are in addition to any other rights of {B} under this "
            "Agreement or at law.",
        ],
    ),
    (
        "RESPONSIBLE SOURCING",
        [
            "Standards",
            "Labour Practices",
            "Workers' Concerns",
            "Improvement",
            "Shared Responsibility",
        ],
        [
            "{S} shall comply with the Responsible Sourcing Standards at every Facility and shall "
            "ensure that its sub-suppliers of finished Goods do the same.",
            "{S} shall not use forced, bonded or prison labour, or engage any person below the age "
            "of fifteen years or the higher legal minimum age, in making the Goods.",
            "No Worker may be charged any fee or cost for recruitment, and {S} shall repay any "
            "such fee that a Worker is found to have paid.",
            "{S} shall respect the right of Workers to join a trade union of their choice and to "
            "bargain collectively, and shall not penalise any Worker for doing so.",
            "{S} shall maintain a grievance procedure through which Workers can raise concerns "
            "anonymously and without reprisal, and shall keep a record of the concerns raised.",
            "Where a breach of the Responsible Sourcing Standards is found, {S} shall agree a "
            "corrective action plan with {B} within {d} days, and the Parties shall review its "
            "progress monthly.",
            "{B} shall provide training on the Responsible Sourcing Standards to the managers of "
            "each Facility at least once a year at its own cost.",
            "The Parties shall share the reasonable cost of remediation in proportion to their "
            "respective contributions to the breach, as agreed or determined under Article 20.",
            "{S} shall report to {B} within {d} days any serious incident at a Facility that "
            "causes death or serious injury to a Worker or affects the local community.",
        ],
    ),
    (
        "ANTI-CORRUPTION",
        ["Prohibited Payments", "Records", "Gifts and Hospitality"],
        [
            "Neither Party shall offer, promise, give, request or accept any bribe or other "
            "improper advantage in connection with this Agreement.",
            "{S} shall not make facilitation payments to any public official on behalf of {B} or "
            "in connection with the Goods.",
            "Each Party shall keep accurate books and records of all payments made under this "
            "Agreement for at least {d2} days after the payment is made.",
            "Gifts and hospitality given to employees of {B} shall be modest, occasional and "
            "recorded, and no cash or cash equivalent may be given.",
            "{S} shall notify {B} promptly if it becomes aware of any request for an improper "
            "payment connected with this Agreement.",
        ],
    ),
    (
        "AUDIT AND RECORDS",
        ["Records", "Audit Rights", "Audit Findings", "Costs of Audit"],
        [
            "{S} shall keep complete records of production, working hours, wages and Worker "
            "contracts for each Facility for at least three years.",
            "{B} or an independent auditor appointed by it may audit any Facility, with or without "
            "notice, to verify compliance with this Agreement and the Responsible Sourcing "
            "Standards.",
            "Auditors may interview Workers in private, in their own language and away from "
            "management.",
            "{B} shall share a written summary of the audit findings with {S} within {d2} days "
            "after each audit.",
            "Each Party shall bear its own audit costs, save that {S} shall pay for a follow-up "
            "audit where the first audit found a serious breach.",
        ],
    ),
    (
        "SUBCONTRACTING",
        ["Consent", "Sub-Supplier Terms", "Disclosure of Facilities"],
        [
            "{S} shall not subcontract any stage of manufacture of the Goods without the prior "
            "written consent of {B}.",
            "{S} shall include in each approved subcontract obligations on labour, ethics and "
            "safety that are no less protective than those in Articles {art_rs} and {art_ac}.",
            "{S} shall give {B} an up-to-date list of every Facility, including those of its "
            "approved subcontractors, and shall update it within {d} days of any change.",
            "{S} remains responsible for the performance of its subcontractors as if it were its "
            "own.",
        ],
    ),
    (
        "CONFIDENTIALITY",
        ["Confidential Information", "Permitted Disclosure", "Duration"],
        [
            "Each Party shall keep confidential all information received from the other Party that "
            "is marked or reasonably understood to be confidential.",
            "A Party may disclose confidential information to its professional advisers, auditors "
            "and regulators, and as required by law.",
            "Nothing in this Article prevents disclosure of audit findings to Workers, their "
            "representatives or a competent authority where needed to remedy a breach.",
            "The obligations in this Article continue for five years after this Agreement ends.",
        ],
    ),
    (
        "INTELLECTUAL PROPERTY",
        ["Designs", "Trade Marks", "Tooling"],
        [
            "All designs, artwork and specifications supplied by {B} remain its property, and {S} "
            "may use them only to make the Goods for {B}.",
            "{S} shall not apply any trade mark of {B} to goods other than the Goods ordered under "
            "this Agreement.",
            "Tooling paid for by {B} belongs to it, shall be marked as its property and shall be "
            "returned on request.",
        ],
    ),
    (
        "INSURANCE",
        ["Required Cover", "Evidence of Cover"],
        [
            "{S} shall maintain product liability insurance with a limit of not less than {amt} "
            "for each claim.",
            "{S} shall maintain employer's liability and property insurance at levels customary in "
            "its industry in {site}.",
            "{S} shall provide certificates of insurance to {B} on request.",
        ],
    ),
    (
        "LIABILITY AND INDEMNITY",
        ["Indemnity", "Limitation", "Exclusions"],
        [
            "{S} shall indemnify {B} against losses arising from third-party claims that the Goods "
            "are defective or infringe intellectual property rights.",
            "Neither Party is liable for indirect or consequential loss, or for loss of profit, "
            "arising under this Agreement.",
            "The total liability of each Party in any contract year is limited to {amt}, save for "
            "liability that cannot be limited by law.",
        ],
    ),
    (
        "FORCE MAJEURE",
        ["Relief", "Notice", "Prolonged Events"],
        [
            "Neither Party is liable for failure to perform caused by events beyond its reasonable "
            "control, such as natural disasters, war or epidemic.",
            "A Party affected by such an event shall notify the other within {d} Business Days and "
            "use reasonable endeavours to reduce its effects.",
            "{B} shall pay for Goods completed or in production before the event occurred.",
            "If the event continues for more than {d2} days, either Party may end the affected "
            "Purchase Orders by written notice.",
        ],
    ),
    (
        "TERM AND RENEWAL",
        ["Initial Term", "Renewal", "Review Before Renewal"],
        [
            "This Agreement starts on the Effective Date and continues for an initial term of "
            "three years.",
            "The term renews automatically for successive periods of one year unless either Party "
            "gives notice of non-renewal at least {d2} days before the end of the current term.",
            "Before each renewal the Parties shall review the results of audits and corrective "
            "action plans under Article {art_rs}.",
        ],
    ),
    (
        "TERMINATION",
        [
            "Termination for Breach",
            "Responsible Sourcing Breaches",
            "Insolvency",
            "Termination for Convenience",
        ],
        [
            "Either Party may terminate this Agreement by notice if the other commits a material "
            "breach that is not remedied within {d2} days after notice requiring its remedy.",
            "{B} may suspend orders from a Facility where a serious breach of Article {art_rs} is "
            "not remedied under an agreed corrective action plan, and may terminate if the breach "
            "persists after suspension.",
            "{B} may terminate immediately if {S} breaches Article {art_ac}.",
            "Either Party may terminate this Agreement if the other becomes insolvent or makes an "
            "arrangement with its creditors.",
            "{B} may terminate this Agreement for convenience on {d2} days' written notice.",
        ],
    ),
    (
        "CONSEQUENCES OF TERMINATION",
        ["Orders in Progress", "Responsible Exit", "Survival"],
        [
            "On termination {B} shall pay for all Goods delivered and for work in progress under "
            "confirmed Purchase Orders.",
            "Before ending purchases from a Facility for a responsible sourcing reason, {B} shall "
            "consider the likely effect on Workers and give reasonable notice to allow wages and "
            "severance to be paid.",
            "Articles {art_ac}, {art_conf} and this Article survive the end of this Agreement.",
        ],
    ),
    (
        "DISPUTE RESOLUTION",
        ["Negotiation", "Mediation", "Arbitration"],
        [
            "The Parties shall first try to settle any dispute by negotiation between senior "
            "managers within {d} Business Days.",
            "If negotiation fails, either Party may refer the dispute to mediation under rules "
            "agreed by the Parties.",
            "Any dispute not settled by mediation shall be finally resolved by arbitration seated "
            "in Geneva before a sole arbitrator.",
        ],
    ),
    (
        "DATA PROTECTION",
        ["Personal Data", "Security of Data"],
        [
            "Each Party shall process personal data received under this Agreement only as "
            "permitted by applicable data protection law.",
            "{S} shall keep personal data about Workers secure and shall share it with {B} only as "
            "needed to verify compliance with Article {art_rs}.",
        ],
    ),
    (
        "HEALTH, SAFETY AND ENVIRONMENT",
        ["Safe Workplaces", "Fire Safety", "Environment", "Chemicals"],
        [
            "{S} shall provide safe and healthy working conditions at each Facility, including "
            "clean water, adequate lighting and ventilation.",
            "{S} shall keep fire exits unlocked and clear at all times and shall hold an "
            "evacuation drill at each Facility at least every {d2} days.",
            "{S} shall hold all environmental permits required for the Facilities and shall treat "
            "wastewater before discharge.",
            "{S} shall not use any substance listed in the restricted substances list in Schedule "
            "5 in making the Goods.",
        ],
    ),
    (
        "NOTICES",
        ["Form of Notice", "Addresses"],
        [
            "Notices under this Agreement must be in writing and delivered by hand, courier or "
            "email to the address last notified by the recipient.",
            "A notice sent by email is received at the time of sending if sent on a Business Day "
            "during business hours, and otherwise on the next Business Day.",
        ],
    ),
    (
        "GENERAL",
        ["Entire Agreement", "Assignment", "Variation", "Severance", "Governing Law"],
        [
            "This Agreement and the documents referred to in it form the entire agreement between "
            "the Parties on its subject matter.",
            "Neither Party may assign or transfer its rights under this Agreement without the "
            "prior written consent of the other.",
            "No variation of this Agreement is effective unless it is in writing and signed by "
            "both Parties.",
            "If any provision of this Agreement is found invalid, the rest of this Agreement "
            "remains in effect.",
            "This Agreement is governed by the laws of {law}.",
        ],
    ),
]

RECITALS = [
    "{B} designs and sells {product} through its own stores and online channels.",
    "{S} manufactures {product} at facilities in {site} and elsewhere.",
    "{B} expects its suppliers to respect the rights of the people who make its products and to "
    "work with it to improve conditions over time.",
    "The Parties wish to set out the terms on which {S} will supply the Goods to {B}.",
]


def _fill(text: str, rng: random.Random, ctx: dict) -> str:
    values = dict(ctx)
    values.update(
        d=rng.choice([3, 5, 7, 10, 14]),
        d2=rng.choice([30, 45, 60, 90, 120]),
        p=rng.choice([2, 3, 5, 8, 10]),
        site=rng.choice(SITES),
        amt=rng.choice(["EUR 2,000,000", "EUR 5,000,000", "USD 3,000,000"]),
        ref=f"{rng.randint(2, 9)}.{rng.randint(1, 4)}",
    )
    return text.format(**values)


def contract_blocks(seed: int = DEFAULT_SEED):
    """Endless, deterministic stream of (kind, text) blocks of an original supply agreement.

    kinds: title, para, recital, article, section, item, sign. Articles cycle through TOPICS;
    after the first pass, article headings name a Facility region (regional terms), as long
    framework agreements often repeat their terms per region or site.
    """
    rng = random.Random(seed)
    buyer, buyer_law, _ = rng.choice(BUYERS)
    supplier, supplier_country = rng.choice(SUPPLIERS)
    product = rng.choice(PRODUCTS)
    ctx = {
        "B": "the Buyer",
        "S": "the Supplier",
        "product": product,
        "law": buyer_law,
        "art_rs": 8,
        "art_ac": 9,
        "art_conf": 12,
    }

    def sentence(text: str) -> str:
        out = _fill(text, rng, ctx)
        return out[0].upper() + out[1:]

    yield "title", "MASTER SUPPLY AGREEMENT"
    yield (
        "para",
        (
            'THIS AGREEMENT is dated 1 March 2024 (the "Effective Date") and is made between '
            f'{buyer}, a company incorporated in {buyer_law} (the "Buyer"), and {supplier}, a '
            f'company incorporated in {supplier_country} (the "Supplier"), each a "Party".'
        ),
    )
    yield "para", "BACKGROUND"
    for i, text in enumerate(RECITALS):
        yield "recital", f"({chr(65 + i)}) " + sentence(text)
    yield "para", "NOW, THEREFORE, the Parties agree as follows:"

    yield "article", "1. DEFINITIONS AND INTERPRETATION"
    yield "section", "1.1 Definitions. In this Agreement the following terms have these meanings:"
    for term, meaning in TERMS:
        yield "item", f'"{term}" means ' + _fill(meaning, rng, ctx) + "."
    yield (
        "section",
        (
            "1.2 Interpretation. Headings do not affect interpretation, and the words "
            '"including" and "include" are illustrative and do not limit the words before '
            "them."
        ),
    )

    article = 1
    rounds = 0
    while True:
        for heading, section_heads, sentences in TOPICS:
            article += 1
            if rounds:
                region = SITES[(rounds - 1 + article) % len(SITES)]
                yield "article", f"{article}. {heading} - REGIONAL TERMS FOR {region.upper()}"
            else:
                yield "article", f"{article}. {heading}"
            pool = list(sentences)
            rng.shuffle(pool)  # each sentence at most once per article
            s = 0
            while pool and (s < 2 or len(pool) >= 2):
                s += 1
                head = section_heads[(s - 1) % len(section_heads)]
                take = min(len(pool), rng.randint(2, 3) if len(pool) > 3 else len(pool))
                picked, pool = pool[:take], pool[take:]
                if rng.random() < 0.3 and len(picked) >= 3:
                    lead = sentence(picked[0]).rstrip(".")
                    yield "section", f"{article}.{s} {head}. {lead}, and in particular:"
                    items = picked[1:]
                    for k, text in enumerate(items):
                        body = sentence(text).rstrip(".")
                        end = (
                            "; and"
                            if k == len(items) - 2
                            else ("." if k == len(items) - 1 else ";")
                        )
                        yield "item", f"({chr(97 + k)}) {body[0].lower() + body[1:]}{end}"
                else:
                    yield (
                        "section",
                        f"{article}.{s} {head}. " + " ".join(sentence(t) for t in picked),
                    )
        rounds += 1


def write_contract_pdf(path: Path, pages: int, seed: int = DEFAULT_SEED) -> dict:
    """Write an exactly ``pages``-page contract PDF; returns facts about it.

    Deterministic for a given (pages, seed, fpdf2 version): the creation date is fixed.
    """
    from fpdf import FPDF

    rng = random.Random(seed)
    buyer = rng.choice(BUYERS)[2]
    header = f"Master Supply Agreement - {buyer} - Confidential"

    class ContractPDF(FPDF):
        def header(self):
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 5, header, align="L")
            self.cell(0, 5, "Execution version", align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = ContractPDF(format="A4")
    pdf.set_creation_date(_dt.datetime(2024, 3, 1, tzinfo=_dt.timezone.utc))
    pdf.set_title("Master Supply Agreement (benchmark sample)")
    pdf.set_author("clausecheck benchmarks")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    width = pdf.epw
    styles = {  # kind -> (style, size, line height, space before, indent)
        "title": ("B", 14, 7, 0, 0),
        "article": ("B", 10.5, 5.5, 4, 0),
        "section": ("", 10, 5, 2, 0),
        "item": ("", 10, 5, 1, 8),
        "recital": ("", 10, 5, 1, 8),
        "para": ("", 10, 5, 2, 0),
    }
    blocks = 0
    chars = 0
    for kind, text in contract_blocks(seed):
        style, size, lh, before, indent = styles[kind]
        pdf.set_font("Helvetica", style, size)
        align = "C" if kind == "title" else ("L" if kind == "article" else "J")
        room = pdf.page_break_trigger - pdf.get_y()
        if pdf.page_no() >= pages:  # last page: stop before anything would spill over
            needed = before + pdf.multi_cell(
                width - indent, lh, text, align=align, dry_run=True, output="HEIGHT"
            )
            if needed + (15 if kind == "article" else 0) > room:
                break
        if kind == "article" and room < before + lh + 15:  # keep a heading with its first lines
            pdf.add_page()
        else:
            pdf.ln(before)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, lh, text, align=align, new_x="LMARGIN", new_y="NEXT")
        blocks += 1
        chars += len(text)
    assert pdf.page_no() == pages, (pdf.page_no(), pages)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    pdf.output(str(tmp))
    os.replace(tmp, path)
    return {
        "path": str(path),
        "pages": pages,
        "seed": seed,
        "blocks": blocks,
        "chars": chars,
        "bytes": path.stat().st_size,
    }


def cache_dir(override: str | Path | None = None) -> Path:
    if override:
        return Path(override)
    return (
        Path(tempfile.gettempdir())
        / f"clausecheck-bench-{os.getuid() if hasattr(os, 'getuid') else 0}"
    )


def contract_pdf(pages: int, seed: int = DEFAULT_SEED, cache: str | Path | None = None) -> Path:
    """Path to a generated ``pages``-page contract, generated once and reused from the cache."""
    try:
        from importlib.metadata import version

        fpdf_version = version("fpdf2")
    except Exception:  # noqa: BLE001
        raise SystemExit(
            "benchmarks need fpdf2 to generate contracts: pip install 'fpdf2>=2.7,<3'"
        ) from None
    key = hashlib.sha256(
        f"{GENERATOR_VERSION}|{fpdf_version}|{pages}|{seed}|"
        f"{Path(__file__).stat().st_mtime_ns}".encode()
    ).hexdigest()[:12]
    path = cache_dir(cache) / f"generated_{pages}p_seed{seed}_{key}.pdf"
    if not path.exists():
        # In a child process: importing fpdf2 here would raise this process's resident set, and
        # with it the floor under every child's ru_maxrss.
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), str(pages), str(path), str(seed)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0 or not path.exists():
            raise SystemExit(
                f"could not generate the {pages}-page contract:\n{proc.stderr[-2000:]}"
            )
    return path


if __name__ == "__main__":  # python benchmarks/common.py PAGES [OUT.pdf] [SEED]
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else cache_dir() / f"sample_{n}p.pdf"
    s = int(sys.argv[3]) if len(sys.argv) > 3 else DEFAULT_SEED
    print(dump_json(write_contract_pdf(out, n, s)))


def bench_items(
    files: list[Path], pages: list[int], seed: int, cache, notes: list[str]
) -> list[dict]:
    """Benchmark inputs: the given sample files, then generated N-page contract PDFs."""
    import time as _time

    items = [{"name": p.name, "kind": "sample", "format": fmt_of(p), "path": p} for p in files]
    for n in pages:
        t0 = _time.perf_counter()
        path = contract_pdf(n, seed, cache)
        gen = _time.perf_counter() - t0
        if gen > 0.5:
            notes.append(f"generated the {n}-page contract in {gen:.1f}s (cached in {path.parent})")
        items.append(
            {
                "name": f"generated {n}p (seed {seed})",
                "kind": "generated",
                "format": "pdf",
                "path": path,
            }
        )
    return items


def parser(doc: str):
    """The benchmarks' shared command line: the description from the script's docstring and
    ``--repeat`` (timed runs per input; medians are reported)."""
    import argparse

    ap = argparse.ArgumentParser(
        description=doc.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="timed runs per input; the median is reported (default 5)",
    )
    return ap


def add_input_arguments(ap, default_pages: str) -> None:
    """Command-line options shared by the benchmarks: inputs, generated sizes, output."""
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument(
        "--ocr", action="store_true", help="include *_scanned.pdf samples, loaded with OCR"
    )
    ap.add_argument(
        "--samples", default=None, help="folder of sample contracts (default sample_contracts/)"
    )
    ap.add_argument(
        "--pages",
        default=default_pages,
        help=f"sizes of generated PDFs, comma-separated (default {default_pages})",
    )
    ap.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="seed of the generated contracts"
    )
    ap.add_argument(
        "--cache",
        default=None,
        help="folder for generated PDFs (default: a folder in the temp dir)",
    )
