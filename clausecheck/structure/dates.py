"""Dates and periods as contracts write them: "March 18, 2003", "18th day of March, 2003",
"09/24/2018", "thirty (30) days", "one (1) year"."""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_ORD = r"(?:\s?(?:st|nd|rd|th)|\s?(?:s\s?t|n\s?d|r\s?d|t\s?h)(?=\s))?"  # "24th", "24t h" (PDF text)
ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
        "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
        "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first".split(),
        1,
    )
}
_ORD_WORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
DATE = re.compile(
    rf"""(?P<mdy>{_MONTH}\s+(?P<d1>\d{{1,2}}){_ORD}\s*,?\s+(?P<y1>\d{{4}}))
      | (?P<dmy>(?P<d2>\d{{1,2}})(?:(?:st|nd|rd|th)\s+of\s+|{_ORD}\s+(?:day\s+of\s+)?)
         (?P<m2>{_MONTH})\s?,?\s+(?:in\s+the\s+year\s+)?(?P<y2>\d{{4}}))
      | (?P<hyph>(?<![\w-])(?P<d7>\d{{1,2}})-(?P<m7>{_MONTH})-(?P<y7>\d{{4}}|\d{{2}})(?![\w-]))
      | (?P<wdmy>(?P<d5>{_ORD_WORD})\s+day\s+of\s+(?P<m5>{_MONTH})\s?,?\s+(?P<y5>\d{{4}}))
      | (?P<iso>(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))
      | (?P<num>(?<![\d/-])(?P<a4>\d{{1,2}})(?P<sep>[/-])(?P<b4>\d{{1,2}})(?P=sep)
         (?P<y4>\d{{4}}|\d{{2}})(?![\d/-]))
      | (?P<dot>(?<![\d.])(?P<a6>\d{{1,2}})\.(?P<b6>\d{{1,2}})\.
         (?P<y6>(?:19|20)\d{{2}})(?!\d|\.\d))""",
    re.X | re.I,
)
WORD_NUMBERS = {  # numbers written as words in terms and notice periods
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "eighteen": 18,
    "twenty-four": 24,
    "thirty-six": 36,
    "one hundred twenty": 120,
    "one hundred and twenty": 120,
    "one hundred eighty": 180,
    "one hundred and eighty": 180,
    "hundred eighty": 180,
    "seventy-five": 75,
    "forty eight": 48,
    "forty-eight": 48,
    "seventy-two": 72,
}
UNIT = r"(business\s+days?|calendar\s+days?|days?|weeks?|months?|years?|hours?|quarters?)"
PERIOD = re.compile(
    rf"(?:(?P<word>[a-z][a-z\- ]{{1,30}}?)\s*\(\s*(?P<n1>\d{{1,4}})\s*\)|(?P<n2>\d{{1,4}})"
    rf"|(?P<w2>{'|'.join(sorted(WORD_NUMBERS, key=len, reverse=True))}))"
    # "3~year" (PDF text), "five (5) Contract Years", "twelve (12) consecutive months"
    rf"[\s~-]*(?:(?:calendar|contract|full|consecutive|complete)\s+)?(?P<unit>{UNIT})\b",
    re.I,
)


def parse_date(m: re.Match[str]) -> dt.date | None:
    try:
        if m.group("mdy"):
            return dt.date(
                int(m.group("y1")), MONTHS[m.group(2).lower().rstrip(".")], int(m.group("d1"))
            )
        if m.group("dmy"):
            return dt.date(
                int(m.group("y2")), MONTHS[m.group("m2").lower().rstrip(".")], int(m.group("d2"))
            )
        if m.group("wdmy"):
            return dt.date(
                int(m.group("y5")),
                MONTHS[m.group("m5").lower().rstrip(".")],
                ORDINALS[m.group("d5").lower()],
            )
        if m.group("hyph"):  # "1-Jun-2021", "01-JUN-21" (cover sheets, confirmations)
            year = int(m.group("y7"))
            if year < 100:
                year += 2000 if year < 50 else 1900
            return dt.date(year, MONTHS[m.group("m7").lower().rstrip(".")], int(m.group("d7")))
        if m.group("iso"):
            return dt.date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
        if m.group("num"):
            a, b = int(m.group("a4")), int(m.group("b4"))
            month, day = (a, b) if a <= 12 else (b, a)  # US order unless impossible
            year = int(m.group("y4"))
            if year < 100:  # "9/24/18"
                year += 2000 if year < 50 else 1900
            return dt.date(year, month, day)
        if m.group("dot"):  # "1.4.2011": day first, as the countries that write dots do
            a, b = int(m.group("a6")), int(m.group("b6"))
            day, month = (a, b) if b <= 12 else (b, a)
            return dt.date(int(m.group("y6")), month, day)
    except (ValueError, KeyError):
        return None
    return None


def find_dates(text: str) -> list[tuple[int, int, dt.date]]:
    out = []
    for m in DATE.finditer(text):
        d = parse_date(m)
        if d is not None and 1950 <= d.year <= 2100:
            out.append((m.start(), m.end(), d))
    return out


_NUMBER_WORD = re.compile(
    r"(?:\b(?:"
    + "|".join(
        sorted(  # longest first; ties alphabetical, so the pattern is the same in every process
            {w for k in WORD_NUMBERS for w in re.split(r"[\s-]", k)} | {"and", "hundred"},
            key=lambda w: (-len(w), w),
        )
    )
    + r")[\s-]*)+$",
    re.I,
)


def period_span(m: re.Match[str]) -> tuple[int, int]:
    """The span of a PERIOD match without the words before the number ("for a term of three (3)
    years" -> "three (3) years")."""
    if m.group("word"):
        tail = _NUMBER_WORD.search(m.group("word"))
        if tail:
            return m.start("word") + tail.start(), m.end()
        return m.start("n1") - 1, m.end()
    return m.start(), m.end()


def period_days(m: re.Match[str]) -> tuple[int, str] | None:
    """(count, unit) of a PERIOD match, unit one of day, business_day, week, month, year, hour,
    quarter."""
    n = m.group("n1") or m.group("n2")
    if n is None:
        w = (m.group("w2") or "").lower()
        n = WORD_NUMBERS.get(w)
    if n is None:
        return None
    unit = m.group("unit").lower()
    if unit.startswith("business"):
        u = "business_day"
    elif unit.startswith("calendar") or unit.startswith("day"):
        u = "day"
    else:
        u = unit.rstrip("s")
    return int(n), u


# Units in traction.dates and timeline `every` ({n, unit}); plurals and "days" spellings tolerated.
_UNIT_ALIASES = {"d": "day", "w": "week", "m": "month", "q": "quarter", "y": "year"}


def normalise_unit(unit: str | None) -> str | None:
    """'months' -> 'month', 'business days' -> 'business_day'; None for anything unknown."""
    if not unit:
        return None
    u = str(unit).strip().lower().replace(" ", "_")
    u = _UNIT_ALIASES.get(u, u)
    if u.endswith("s"):
        u = u[:-1]
    if u == "calendar_day":
        u = "day"
    return u if u in ("day", "business_day", "week", "month", "quarter", "year") else None


def add_period(date: dt.date, n: int, unit: str | None) -> dt.date | None:
    """``date`` moved by ``n`` units (negative n goes back); month ends are clamped
    (31 January + 1 month = 28/29 February). None when the unit is unknown."""
    u = normalise_unit(unit)
    if u is None:
        return None
    if u == "day":
        return date + dt.timedelta(days=n)
    if u == "business_day":  # calendar approximation: a calendar cannot know local holidays
        return date + dt.timedelta(days=round(n * 7 / 5))
    if u == "week":
        return date + dt.timedelta(weeks=n)
    months = n * {"month": 1, "quarter": 3, "year": 12}[u]
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date.replace(
        year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1])
    )
