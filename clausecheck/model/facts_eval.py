"""Measure the contract's facts (parties, dates, term, renewal) against CUAD's own answers.

CUAD's answer columns: "Parties-Answer" ('NAME ("Defined"); NAME ("Defined")'), dates as
"m/d/yy" (blanks as "[]"), expiry as a date or "perpetual", renewal term as "successive 1 year",
notice period as "90 days". Partial dates ("[]/[]/2020") are left out of date accuracy.

Normalisations, each because CUAD's answer and the tool's mean the same thing:
- party names fold case, punctuation, "the", suffix spellings ("Inc." / "Incorporated") and a
  note after the name: a trade name ("d/b/a ...", "a/k/a ...", "operating with the service
  name ...", or after a slash that follows the legal form: "Alder Foods, Inc./ Alder Naturals"),
  a former name ("f/k/a ..."), affiliates ("and its Affiliates", "or its subsidiaries"),
  successors ("together with its successors and assigns"), "on behalf of ...", a description
  ("a Delaware corporation", "a subsidiary of Velmont Inc."); a single typing slip in a long
  name still matches, and so do two neighbouring letters typed in swapped order in a name of
  five letters or more ("Kevlor" / "Kelvor"); names of sibling entities do not; a long legal
  form with a slip still separates two names in one entry ("A Corporatino, B Corporation");
- a person's title ("Mr.", "Ms.", "Dr.") is not part of the name, and a person's name matches in
  any word order ("Hale, Jon P." / "Jon P. Hale"; at most four words, no legal form);
- several names each with its defined name in one entry ('A Inc. ("A"), B LLC ("B"), (A and B
  collectively as "Group")') are that many parties, and the collective parenthesis none;
- one CUAD entry naming several people by title ("Mr. A, Mr. B and Ms. C") is that many parties;
- an entry that joins only defined names of parties listed before ('Alder and Birch
  ("Shareholders")') is those parties together, no party of its own;
- a label as defined name ('A Science and Technology Co., Ltd. ("Party A")') is no collective
  "Parties", and the labels listed together ('Party A, Party B ("Parties")') are no party;
- durations compare in days within 4% ("six (6) months" = "180 days");
- an expiry written as a term's last day or as the anniversary it runs to is the same end;
- a contract that runs on after its fixed term until a party ends it ("and thereafter shall
  continue until terminated by either party") has the renewal term CUAD writes "perpetual".

The pool splits deterministically by the sha256 of the file name: a part to tune on and a
held-out part to measure on at the end only. The tune part splits again by the sha256 of the file
name + "a" into halves A and B: misses are read on one half, and a change is kept only when the
other half does not drop (rounds 1-2 read A, round 3 read B).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck.errors import error
from clausecheck.structure.dates import WORD_NUMBERS
from clausecheck.types import Structure

FIELDS = ("agreement_date", "effective_date", "expiry", "renewal_term", "renewal_notice")
_COLUMNS = {
    "parties": "Parties-Answer",
    "agreement_date": "Agreement Date-Answer",
    "effective_date": "Effective Date-Answer",
    "expiry": "Expiration Date-Answer",
    "renewal_term": "Renewal Term-Answer",
    "renewal_notice": "Notice Period To Terminate Renewal- Answer",
}
_SUFFIXES = {
    "incorporated": "inc",
    "inc": "inc",
    "corporation": "corp",
    "corp": "corp",
    "limited": "ltd",
    "ltd": "ltd",
    "company": "co",
    "co": "co",
    "llc": "llc",
    "lp": "lp",
    "llp": "llp",
    "plc": "plc",
    "gmbh": "gmbh",
    "ag": "ag",
    "sa": "sa",
    "bv": "bv",
    "nv": "nv",
    "spa": "spa",
    "pty": "pty",
    "sarl": "sarl",
    "srl": "srl",
}


# "Alder Foods, Inc./ Alder Naturals": a legal name, then a trade name after the slash
_TRADE_AFTER_SLASH = re.compile(r"(?i)(?<=\b(?:inc|ltd|llc))\.?\s*/\s*(?=\S)|(?<=\bcorp)\.?\s*/\s*")
# "Mr. Jon Hale", "Dr. Ana Ruiz": a title, not part of the person's name
_HONORIFIC = re.compile(r"(?i)(?<![\w.])(?:mr|mrs|ms|miss|dr)\.?\s+(?=[A-Z])")


def party_key(name: str) -> str:
    """A party name for comparison: case, punctuation, "the", suffix spellings and trailing
    trade names or affiliates ("d/b/a ...", "and its Affiliates", "on behalf of ...") folded."""
    s = re.split(
        r"(?i),?\s+(?:d/b/a|dba|doing\s+business\s+as|a/k/a|aka|also\s+known\s+as|f/s/o|"
        r"f/k/a|fka|formerly\s+known\s+as|"
        r"(?:and|or)\s+(?:all\s+)?(?:of\s+)?its\s|together\s+with\s|"
        r"operating\s+(?:with|under)\s+the\s+(?:service|trade)\s+name|"
        r"on\s+behalf\s+of|a\s+(?:\w+\s+){0,3}(?:corporation|company|limited)|"
        r"an?\s+(?:wholly[\s-]+owned\s+)?subsidiary\s+of)\b",
        name,
    )[0]
    s = _TRADE_AFTER_SLASH.split(s)[0]
    s = _HONORIFIC.sub("", s)
    s = s.lower().replace("&", " and ")
    s = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", s)  # l.l.c. -> llc., s.a. -> sa.
    s = re.sub(r"\b([a-z])\.", r"\1", s)
    s = re.sub(r"[^\w\s]", " ", s)
    words = [w for w in s.split() if w not in ("the",)]
    return " ".join(_SUFFIXES.get(_slipped_suffix(w), w) for w in words)


def party_core(name: str) -> str:
    """The name without its legal-form suffixes ("Acme Widgets Inc." -> "acme widgets")."""
    words = party_key(name).split()
    while words and words[-1] in _SUFFIXES.values():
        words.pop()
    return " ".join(words)


def same_party(a: str, b: str) -> bool:
    ka, kb = party_key(a), party_key(b)
    if not ka or not kb:
        return False
    if ka == kb or (party_core(a) != "" and party_core(a) == party_core(b)):
        return True
    ca, cb = party_core(a).replace(" ", ""), party_core(b).replace(" ", "")
    if ca == cb:  # "Stremick's" / "Stremicks"
        return bool(ca)
    if _person_order(a) and _person_order(a) == _person_order(b):
        return True  # "Hale, Jon P." / "Jon P. Hale"
    # CUAD's answers are typed by hand ("Pifzer Inc."): one slip in a long name still matches,
    # but not a name that differs in what tells two entities apart
    if min(len(ca), len(cb)) >= 5 and _swapped(ca, cb) and not _distinct(a, b):
        return True  # "Kriomic" for "Kiromic": two neighbouring letters typed in swapped order
    return min(len(ca), len(cb)) >= 8 and _ratio(ca, cb) >= 0.85 and not _distinct(a, b)


def _swapped(a: str, b: str) -> bool:
    """The same letters but for two neighbouring ones typed in the other order."""
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    return (
        len(a) == len(b)
        and len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


def _person_order(name: str) -> tuple[str, ...]:
    """A person's name as its words in any order ("Hale, Jon P." / "Jon P. Hale"); () for a
    name with a legal form or more than four words, which is an organisation's."""
    key = party_key(name).split()
    if not key or len(key) > 4 or any(w in _SUFFIXES.values() for w in key):
        return ()
    return tuple(sorted(key))


def _distinct(a: str, b: str) -> bool:
    """Two names of different entities though spelled alike: each has its own identifier in
    place of the other's ("Fund IV-A" / "Fund IV-B", "Holdings I" / "Holdings II"), or one is
    the other's general partner ("Asset GP, LLC" / "Asset, L.P.")."""
    wa, wb = set(party_core(a).split()), set(party_core(b).split())
    only_a, only_b = wa - wb, wb - wa

    def ident(w: str) -> bool:
        return bool(re.search(r"\d", w) or len(w) <= 2 or re.fullmatch(r"[ivx]+|\w+-\w{1,2}", w))

    if any(map(ident, only_a)) and any(map(ident, only_b)):
        return True
    return ("gp" in only_a) != ("gp" in only_b)


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


@dataclass(frozen=True)
class GoldParty:
    """One party CUAD names: its legal name and the defined names it gives it ("Acme")."""

    name: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# a parenthesis that is a note on the name, not part of it: "(formerly known as ...)"
_NAME_NOTE = re.compile(
    r"\s*\((?:formerly|f/k/a|fka|as\b|a\s|an\s|the\s|each\b|collectively|together|"
    r"individually|hereinafter|on\s+behalf)[^()]*\)?",
    re.I,
)


def gold_party_list(answer: str) -> list[GoldParty]:
    """The named parties of a CUAD "Parties-Answer", each with the defined names CUAD quotes
    after it; collective names and blanks left out, and an entry that only repeats a party (its
    legal name again, or one of its defined names) merged into that party."""
    out: list[GoldParty] = []
    given: list[str] = []  # the defined names given so far
    # 'A Inc. ("A"), B LLC ("B"), (A and B collectively as "Group")': one entry per name
    for item in re.split(r";|\n|(?<=[”\"]\))\s*,\s*(?=[A-Z(])", answer):
        if item.lstrip().startswith("("):
            continue  # a parenthesis of its own gives the names before a collective name
        quote = re.search(r"[“\"]", item)
        name = item[: quote.start()] if quote else item
        # a parenthesis belongs to the name ("TOM Online (BVI) limited") unless it is the one
        # that opens the defined names or a note such as "(formerly known as ...)"
        name = re.sub(r"\s*[(（](?:the\s*)?$", "", name.rstrip())
        name = _NAME_NOTE.sub("", name).strip(" ,\t")
        aliases = tuple(
            a.strip(" .,")
            for a in re.findall(r"[“\"]([^\"”]+)[\"”]", item)
            if re.search(r"[A-Za-z]", a)
        )
        last = re.search(r"\s*\(([^()]*)\)$", name)  # "Geno Rami (Rami)": a defined name
        if last:
            name, aliases = name[: last.start()], (last.group(1).strip(), *aliases)
        name = (
            re.split(r"\s*\(", name, maxsplit=1)[0] if name.count("(") > name.count(")") else name
        )
        defined = " ".join(aliases).lower()
        if not re.search(r"[A-Za-z]{2}", name) or re.fullmatch(r"[\s_\[\]●.]*", name):
            continue
        # 'A and B ("Parties")': the two parties again, collectively; not a label such as
        # 'Alder Science and Technology Co., Ltd. ("Party A")'
        collective = re.sub(r"\bparty\s+(?:[a-h1-8]|one|two|three)\b", "", defined)
        if re.search(r"\bpart(?:y|ies)\b", collective) and re.search(r"\band\b", name, re.I):
            continue
        if re.fullmatch(r"(?i)(?:party\s+(?:[a-h1-8]|one|two|three)[\s,]*(?:and\s+|&\s*)?)+", name):
            continue  # 'Party A, Party B and Party C ("Parties")': the labels, collectively
        if re.match(r"(?i)(?:each|collectively|together|individually)\b", name):
            continue
        name = re.sub(r"\s+", " ", name)
        known, given = given, given + list(aliases)
        if _only_known(name, known):
            continue  # 'Alder and Birch ("Shareholders")': parties listed before, together
        members = _members(name)
        for member in members:  # 'A Inc. and B LLC ("Agent")': two parties
            _add(out, GoldParty(member, aliases if len(members) == 1 else ()))
    return out


def _slipped_suffix(word: str) -> str:
    """A long legal form typed with a slip in an answer ("Corporatino") as its spelling."""
    for form in ("corporation", "incorporated", "limited", "company"):
        if word == form or (
            word[:1] == form[0]
            and abs(len(word) - len(form)) <= 1
            and word != form + "s"
            and (_swapped(word, form) or _ratio(word, form) >= 0.9)
        ):
            return form
    return word


def _only_known(name: str, known: list[str]) -> bool:
    """An entry joining, with "and", only defined names given before it ("Alder and Birch",
    "Shareholder and Birch"): those parties together, not a party of their own."""
    parts = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", name.strip())
    return len(parts) >= 2 and all(
        any(p.lower() == k.lower() or same_party(p, k) for k in known) for p in parts
    )


def _add(out: list[GoldParty], party: GoldParty) -> None:
    """Add a party, or merge it into the one it repeats (same legal name, or one of its defined
    names)."""
    for i, g in enumerate(out):
        if party_key(party.name) == party_key(g.name) or any(
            party.name.lower() == a.lower() for a in g.aliases
        ):
            out[i] = GoldParty(
                g.name, g.aliases + tuple(a for a in party.aliases if a not in g.aliases)
            )
            return
    out.append(party)


_TAIL = re.compile(r"(?i)(?:its|all|dba|d/b/a|doing|on\s+behalf|f/k/a|formerly|together)\b")


def _members(name: str) -> list[str]:
    """The legal entities one entry names: split at ',' / 'and' / '&' where the name before
    ends in a legal-form suffix and the text after does not start with one ("X, Inc. and Y
    Ltd." -> both; "X, Inc." and "Gas and Electric Company" stay whole)."""
    out, start = [], 0
    for sep in re.finditer(r",\s*|\s+and\s+|\s*&\s+", name):
        before, after = name[start : sep.start()], name[sep.end() :]
        if _HONORIFIC.match(after) and _HONORIFIC.match(name[start:]):
            out.append(before)  # "Mr. Jon Hale, Mr. Li Wei and Ms. Ana Ruiz": three people
            start = sep.end()
            continue
        last = [
            _SUFFIXES.get(_slipped_suffix(w), w)
            for w in re.findall(r"\w+", before.lower().replace(".", ""))[-1:]
        ]
        nxt = party_key(after).split()[:1]
        if last and last[0] in _SUFFIXES.values() and nxt and nxt[0] not in _SUFFIXES.values():
            if (
                len(party_key(after).split()) >= 2
                and re.match(r"[A-Z0-9]", after)
                and not _TAIL.match(after)
            ):
                out.append(before)
                start = sep.end()
    out.append(name[start:])
    return [m.strip(" ,") for m in out if m.strip(" ,")]


def gold_parties(answer: str) -> list[str]:
    """The legal names of the parties of a CUAD "Parties-Answer"."""
    return [g.name for g in gold_party_list(answer)]


def match_parties(gold: list[GoldParty], got: list[str]) -> int:
    """How many parties the tool names correctly, each gold party and each name the tool gives
    paired at most once: a name matches a party by its legal name or by a defined name CUAD
    quotes for it (CUAD's column lists both), and a party named twice counts once."""
    fits = [
        [j for j, p in enumerate(got) if any(same_party(n, p) for n in g.names())] for g in gold
    ]
    paired: dict[int, int] = {}  # index in got -> index in gold

    def pair(i: int, seen: set[int]) -> bool:
        for j in fits[i]:
            if j not in seen:
                seen.add(j)
                if j not in paired or pair(paired[j], seen):
                    paired[j] = i
                    return True
        return False

    return sum(pair(i, set()) for i in range(len(gold)))


def parse_gold_date(answer: str) -> dt.date | str | None:
    """'3/18/03' -> date; 'perpetual' -> 'perpetual'; '' -> None; partial -> 'partial'."""
    a = answer.strip().split(";")[0].strip().lower()
    if not a:
        return None
    if "perpetual" in a:
        return "perpetual"
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", a)
    if not m:
        return "partial"
    month, day, year = (int(g) for g in m.groups())
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        return dt.date(year, month, day)
    except ValueError:
        return "partial"


def parse_duration(answer: str) -> tuple[int, str] | str | None:
    """'successive 1 year' -> (1, 'year'); '90 days' -> (90, 'day'); 'perpetual'; '' -> None."""
    a = answer.strip().split(";")[0].lower()
    if not a:
        return None
    if "perpetual" in a:
        return "perpetual"
    words = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
    m = re.search(rf"(\d+(?:\.\d+)?|\b(?:{words})\b)\)?\s*(day|week|month|year)", a)
    if not m:
        return "partial"
    raw = m.group(1)
    n = float(raw) if raw[0].isdigit() else WORD_NUMBERS[raw]
    unit = m.group(2)
    if unit == "year" and n != int(n):
        return int(round(n * 12)), "month"
    return _canonical(int(n), unit)


def _canonical(n: int, unit: str) -> tuple[int, str]:
    if unit == "month" and n % 12 == 0:
        return n // 12, "year"
    if unit == "week":
        return n * 7, "day"
    if unit == "quarter":
        return n * 3, "month"
    return n, unit


@dataclass
class Case:
    name: str
    path: Path
    gold: dict[str, str]


def split_part(name: str) -> str:
    """'tune' or 'heldout': a third of the pool, fixed by the sha256 of the file name."""
    h = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)
    return "heldout" if h % 3 == 0 else "tune"


def tune_half(name: str) -> str:
    """'a' or 'b': the tune part split again in two by the sha256 of the file name + "a", so that
    misses are read on half A and each change is checked on half B, which plays held-out."""
    h = int(hashlib.sha256((name + "a").encode("utf-8")).hexdigest()[:8], 16)
    return "a" if h % 2 == 0 else "b"


def in_part(name: str, part: str) -> bool:
    """Whether a file is in a part: 'tune', 'heldout', or a half of the tune part 'tune-a' /
    'tune-b'."""
    if part in ("tune-a", "tune-b"):
        return split_part(name) == "tune" and tune_half(name) == part[-1]
    return split_part(name) == part


def cases(answers: Path, texts: Path, part: str | None = None) -> Iterator[Case]:
    """Contracts with CUAD answers: a pool master CSV (column "Filename", CUAD's PDF name) or a
    dev facts CSV (column "file")."""
    csv.field_size_limit(sys.maxsize)
    try:
        rows = list(csv.DictReader(answers.open(encoding="utf-8")))
    except OSError as exc:
        raise error("E360", answers, reason=exc.strerror or exc) from None
    by_stem = {p.stem.strip(): p for p in texts.iterdir() if p.is_file()}
    for row in rows:
        fname = row.get("file") or row.get("Filename") or ""
        path = texts / fname if (texts / fname).is_file() else by_stem.get(Path(fname).stem.strip())
        if path is None:
            continue
        if part and not in_part(path.name, part):
            continue
        yield Case(fname, path, {k: row.get(col, "") or "" for k, col in _COLUMNS.items()})


@dataclass
class Tally:
    right: int = 0
    n: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, note: str) -> None:
        self.n += 1
        self.right += ok
        if not ok:
            self.misses.append(note)

    @property
    def rate(self) -> float | None:
        return self.right / self.n if self.n else None


def predicted(st: Structure) -> dict[str, Any]:
    """The facts the tool states, in the forms CUAD's answers take."""
    t = st.term
    out: dict[str, Any] = {"parties": [p.name for p in st.parties]}

    def date(fact):
        if fact is None:
            return None
        return "perpetual" if fact.value == "perpetual" else dt.date.fromisoformat(fact.value)

    out["agreement_date"] = date(t.agreement_date) if t else None
    out["effective_date"] = date(t.effective_date) if t else None
    out["expiry"] = date(t.expiry) if t else None
    out["renewal_term"] = (
        _canonical(t.renewal_term.n, t.renewal_term.unit) if t and t.renewal_term else None
    )
    if out["renewal_term"] is None and t and t.evergreen:
        out["renewal_term"] = "perpetual"  # runs on after its term until a party ends it
    out["renewal_notice"] = (
        _canonical(t.renewal_notice.n, t.renewal_notice.unit) if t and t.renewal_notice else None
    )
    return out


def evaluate(analyse: Callable[[Path], Structure], items: list[Case]) -> dict[str, Any]:
    """Party precision/recall, share of contracts with every party right, and per field the
    accuracy where CUAD gives a full answer and where it gives none."""
    gold_hit = pred_hit = n_pred = n_gold = all_right = docs = 0
    party_misses: list[str] = []
    answered = {f: Tally() for f in FIELDS}
    blank = {f: Tally() for f in FIELDS}
    errors: list[str] = []
    for case in items:
        try:
            st = analyse(case.path)
        except Exception as exc:  # one bad file must not stop the measure
            errors.append(f"{case.name}: {exc}")
            continue
        pred = predicted(st)
        docs += 1
        gold = gold_party_list(case.gold["parties"])
        got = pred["parties"]
        hits = match_parties(gold, got)
        gold_hit, pred_hit = gold_hit + hits, pred_hit + hits
        n_gold, n_pred = n_gold + len(gold), n_pred + len(got)
        if hits == len(gold) == len(got):
            all_right += 1
        else:
            names = [g.name for g in gold]
            party_misses.append(f"{case.name[:60]}: CUAD {names} / tool {got}")
        for f in FIELDS:
            g = _gold_value(f, case.gold[f])
            if g == "partial":
                continue
            tally = blank[f] if g is None else answered[f]
            ok = _same_value(pred[f], g) or (f == "expiry" and _same_end(pred[f], g))
            tally.add(ok, f"{case.name[:60]}: CUAD {g} / tool {pred[f]}")
    return {
        "contracts": docs,
        "parties": {
            "precision": pred_hit / n_pred if n_pred else None,
            "recall": gold_hit / n_gold if n_gold else None,
            "gold": n_gold,
            "predicted": n_pred,
            "all_right": all_right / docs if docs else None,
            "misses": party_misses,
        },
        "fields": {
            f: {
                "answered_accuracy": answered[f].rate,
                "answered": answered[f].n,
                "blank_accuracy": blank[f].rate,
                "blank": blank[f].n,
                "misses": answered[f].misses + blank[f].misses,
            }
            for f in FIELDS
        },
        "errors": errors,
    }


_DAYS = {
    "day": 1.0,
    "business_day": 1.4,
    "week": 7.0,
    "month": 30.44,
    "quarter": 91.31,
    "year": 365.25,
}


def _same_value(got: Any, gold: Any) -> bool:
    """Equal, or two durations within 4% of each other ("six (6) months" answered "180 days")."""
    if got == gold:
        return True
    if isinstance(got, tuple) and isinstance(gold, tuple):
        a, b = got[0] * _DAYS.get(got[1], 0), gold[0] * _DAYS.get(gold[1], 0)
        return a > 0 and b > 0 and abs(a - b) <= 0.04 * max(a, b)
    return False


def _same_end(got: Any, gold: Any) -> bool:
    """A term's end written as its last day or as the anniversary it runs to ("12 months from
    June 1, 2020": May 31 or June 1, 2021) is the same end."""
    return isinstance(got, dt.date) and isinstance(gold, dt.date) and abs((got - gold).days) <= 1


def _gold_value(field_name: str, answer: str) -> Any:
    if field_name in ("agreement_date", "effective_date", "expiry"):
        return parse_gold_date(answer)
    return parse_duration(answer)


def table(result: dict[str, Any], title: str) -> str:
    """The result as a short text table."""

    def f(x: float | None) -> str:
        return "   -" if x is None else f"{x:.2f}"

    p = result["parties"]
    lines = [
        f"{title}: {result['contracts']} contracts",
        f"  parties    precision {f(p['precision'])}  recall {f(p['recall'])}  "
        f"all right {f(p['all_right'])}  ({p['predicted']} found, {p['gold']} in CUAD)",
    ]
    for name, r in result["fields"].items():
        lines.append(
            f"  {name:15s} accuracy {f(r['answered_accuracy'])} on {r['answered']:3d} answered;"
            f" {f(r['blank_accuracy'])} on {r['blank']:3d} CUAD leaves blank"
        )
    return "\n".join(lines)
