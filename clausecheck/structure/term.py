"""When a contract starts and ends and how it renews: agreement and effective date, expiry or
"perpetual", initial term, renewal term, automatic or not, and the notice to stop renewal.

Each fact keeps the words and the clause that state it. Sentences are read in order; the
first sentence that states a fact wins, except that a term clause beats a passing mention.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import replace

from clausecheck.structure.dates import (
    DATE,
    PERIOD,
    add_period,
    parse_date,
    period_days,
    period_span,
)
from clausecheck.types import Clause, DateFact, Period, TermFacts

# a blank line ends a sentence unless it is a page break inside one: the text runs on in lower
# case ("renews for periods of 6\n\n\n months each"), the line before ends in a comma or a word
# that needs the next ("for a period of\n\nFive (5) years"; not "and" / "or", which end the
# items of a list), or a page number stands alone between ("a period of\n\n12\n\nfive years")
_SENTENCE = re.compile(
    r"(?<=[.;:])\s+(?=[A-Z\"“(\d])|\n\s*\n(?!\s*[a-z][a-z\s])(?!\s*\d{1,3}[ \t]*\n\s*\n\s*[a-z(])"
)
# checked on the text before a blank line, not in _SENTENCE: a lookbehind that opens a pattern is
# tried at every offset of the text
_RUNS_ON = re.compile(r"(?:,|\b(?:of|the|an?|to|for|by|with|in|on|at|from))[ \t]*$")
_AGREEMENT_CUE = re.compile(
    r"\b(?:dated|made|entered\s+into|executed|concluded|signed|as\s+of|effective|this|on)\b"
    r"[^.;]{0,60}$",
    re.I,
)
_EFFECTIVE_NAME = re.compile(
    r"[\"“(]\s*(?:the\s+)?[\"“]?Effective\s+Date[\"”]?|"
    # a definition at the start of its line, without quotes: "EFFECTIVE DATE shall mean ..."
    r"^[ \t]*(?:\d[\d.]*\s+)?Effective\s+Date(?=\s+(?:shall\s+)?mean)",
    re.I | re.M,
)
_EFFECTIVE_AS_OF = re.compile(
    r"(?:\b(?:effective|commenc\w+|come\s+into\s+(?:force|effect)|begin\w*|start\w*)\s+"
    r"(?:as\s+of|on|from|with\s+effect\s+from)|\bas\s+of|\bwith\s+effect\s+from|"
    r"(?:^|\n)[ \t]*effective\s+date\s*:?)\s+"  # a cover line "Effective Date: 14 July 2030"
    r"(?:this\s+|the\s+)?$",
    re.I,
)
_EFFECTIVE_REFERS_BACK = re.compile(
    r"Effective\s+Date[\"”]?\)?\s*(?:shall\s+)?(?:means?|is|shall\s+be)\s+(?:the\s+)?"
    r"(?:date\s+(?:first\s+)?(?:written|set\s+forth|stated)|date\s+hereof|date\s+of\s+this)",
    re.I,
)
_AMENDMENT = re.compile(
    r"^\W*(?:[\w,.&'’\- ]{0,80}\b)?(?:amendment|addendum)\b(?:\s+no\.?\s*\d+)?\s+to\b", re.I
)
_TERM_SENTENCE = re.compile(
    # a word boundary, or a quote opening a defined term ('"Term" means': no \b before a quote)
    r"(?:\b|(?=[\"“]))(?:term\s+of\s+(?:this|the)\s+(?:agreement|contract|licen[cs]e)|initial\s+term|"
    # "This Agreement shall automatically terminate on": an adverb may stand before the verb
    r"(?:this\s+)?(?:agreement|contract)\s+(?:shall|will|is\s+to)?\s*(?:be\s+deemed\s+|[a-z]+ly\s+(?=(?:expire|terminate|end)\s+(?:at|on)\b))?"
    r"(?:commence|continue|remain|be\s+effective|expire|terminate|become\s+effective|come\s+into|run|"
    r"begin|start|end|have\s+a\s+term|be\s+in\s+(?:full\s+)?force|effective|"
    r"(?:commence|continue|remain|expire|terminate|begin|start|end|run)s|becomes\s+effective)|"
    r"(?:shall|will)\s+(?:remain|continue)\s+in\s+(?:full\s+)?(?:force|effect)|"
    r"(?:shall|will)\s+(?:expire|terminate|end)\s+on|"
    r"the\s+term\s+(?:hereof|shall|will|of\s+this)|expir\w+\s+date|"
    # "The term of the Franchise shall be", "The term (the "Term") shall", '"Term" means'
    r"(?:(?:^\W*(?:\w\W{1,3})?|\bthe\s+)[\"“]?|[\"“])term[\"”]?\s*(?:\([^)]{0,30}\)\s*)?"
    r"(?:of\s+(?:the\s+|this\s+)?[\w ]{1,30}?\s+)?(?:shall|will|is|means?)\b|"
    r"(?:contract|cooperation|initial|agreement)\s+(?:period|term)[\"”]?\s*"
    r"(?:of\s+(?:the\s+)?\w+\s+)?(?:shall|will|is|means?)|"
    # "shall have a term", "has an initial three (3) year term", "shall have a five-year term"
    r"(?:duration|validity)\s+of\s+(?:this|the)|(?:(?:shall|will)\s+have|has)\s+an?\s+(?:initial\s+)?"
    r"(?:[\w()\-]+\s+){0,3}?(?:term|duration)|"
    r"(?:agreement|contract)\s+(?:shall|will|is)\s+(?:be\s+)?(?:for\s+a|for\s+the\s+term|valid|in\s+effect|effective)|"
    # "The licence granted under this Agreement shall ... endure indefinitely"
    r"(?:agreement|contract|licen[cs]e)(?:\s+granted\s+(?:hereunder|herein|under\s+this\s+\w+))?"
    r"(?:\s+and\s+(?:the\s+)?[\w ]{1,40}?)?\s+(?:shall|will)\s+"
    r"(?:[^.;]{0,90}?\s+and\s+(?:shall\s+|will\s+)?)?(?:remain|continue|endure)\s+"
    r"(?:effective|valid|in\s+(?:full\s+)?(?:force|effect)|indefinitely)|"
    # "is concluded for an indefinite period", "shall be of unlimited duration", "has no fixed term"
    r"(?:agreement|contract)\s+(?:is|shall\s+be|has\s+been)\s+(?:concluded|entered\s+into|made)\s+for\b|"
    r"(?:agreement|contract)\s+(?:is|shall\s+be)\s+of\s+(?:unlimited|indefinite)\s+duration|"
    r"(?:agreement|contract)\s+(?:has|shall\s+have)\s+no\s+(?:fixed\s+)?(?:term|duration|expiration))\b",
    re.I,
)
_PERPETUAL = re.compile(
    r"\b(?:perpetu\w+|indefinite\w*|unlimited\s+(?:duration|period)|"
    r"(?:continue|remain|be|end)\w*\s+(?:in\s+(?:full\s+)?(?:force|effect)(?:\s+and\s+effect)?\s+|effective\s+)?"
    r"(?:unless\s+and\s+)?(?:until|when)\s+(?:it\s+is\s+|this\s+agreement\s+is\s+|otherwise\s+|earlier\s+)?"
    r"(?:validly\s+)?terminated|until\s+terminated|no\s+(?:fixed\s+)?(?:term|expiration\s+date)|"
    r"(?:continue|remain)\w*\s+(?:in\s+(?:full\s+)?(?:force|effect)(?:\s+and\s+effect)?\s+)?until\s+"
    # a whole word at the end: "no termination right" is not "no term"
    r"(?:either|one|a|any|the\s+other)\s+party\s+(?:terminates|informs|gives|elects|provides|notifies))\b",
    re.I,
)
# what a licence or a duty of confidence is, not how long the contract runs: "a perpetual,
# irrevocable licence", "shall remain confidential in perpetuity"
_RIGHT_NEAR = re.compile(r"(?i)\b(?:licen[cs]\w*|confidential\w*|irrevocab\w*|royalty|secre\w*)\b")


def _of_a_right(text: str, m: re.Match[str]) -> bool:
    """A "perpetual" / "indefinitely" that qualifies a licence or confidentiality, not the
    contract ("this Agreement shall continue indefinitely" is the contract's own)."""
    if not re.match(r"(?i)perpetu|indefinite", m.group(0)):
        return False
    before = text[max(0, m.start() - 60) : m.start()]
    if re.search(r"(?i)\b(?:agreement|contract)\b[^.;,]{0,30}$", before):
        return False
    return bool(_RIGHT_NEAR.search(before) or _RIGHT_NEAR.search(text, m.end(), m.end() + 25))


_OPEN_ENDED = re.compile(
    r"\b(?:for\s+so\s+long\s+as|until\s+(?:termination|terminated|the\s+earlier)|(?:expire|terminate)\s+at\s+the\s+option|"
    r"end\s+on\s+the\s+\w+\s+day\s+(?:following|after)\s+(?:a\s+|the\s+)?(?:written\s+)?notice|"
    # "shall continue until the expiration or earlier termination of the License Agreement",
    # "ending on the expiration and/or termination of all Service Attachments": however another
    # instrument ends ("until the expiration of the Royalty Term" is an end defined elsewhere)
    r"(?:until|(?:end|ending|expire|expiring)\s+(?:on|upon|with))\s+the\s+(?:expiration|expiry|termination)"
    r"\s+(?:and/or|or|and)\s+(?:earlier\s+)?(?:expiration|expiry|termination)\s+of\s+"
    r"(?!this\b|the\s+(?:term|initial|renewal)\b)(?:the\s+|all\s+|each\s+|any\s+|such\s+)?[A-Z]|"
    # "This Agreement shall terminate ... upon either party giving 120 days' notice"
    r"(?:agreement|contract)\s+(?:shall|will)\s+terminate\b[^.;]{0,100}?\b(?:upon|on|at\s+the\s+option\s+of)\s+"
    r"(?:either|any|one|a)\s+part(?:y|ies)\b|"
    # "shall govern the relations between the parties thereafter, unless terminated"
    r"thereafter,?\s+unless\s+(?:and\s+until\s+)?(?:sooner\s+|earlier\s+)?terminated)",
    re.I,
)


def _bounded_earlier(text: str, m: re.Match[str], end: int) -> bool:
    """ "until the earlier of (a) its termination or (b) the date two (2) years after the date
    of this Agreement": one of the ends is a length or a date, so the term is bounded, not
    perpetual (even where the start it counts from is not known)."""
    if not re.search(r"(?i)\bearlier\b", m.group(0)):
        return False
    rest = text[m.end() : end]
    return bool(
        _ANNIVERSARY.search(rest)
        or any((p := period_days(x)) and p[1] in ("year", "month") for x in PERIOD.finditer(rest))
        or any(parse_date(d) for d in DATE.finditer(rest))
    )


_END_DATE_LEAD = re.compile(
    r"\b(?:until|through|to\s+and\s+including|expire\w*(?:\s+(?:on|at))?|end\w*\s+(?:on|at)|terminat\w*\s+on|"
    r"expiring|ending|up\s+to|conclud\w*(?:\s+on)?|(?:19|20)\d\d\s+to|(?:in\s+)?(?:no\s+(?:event\s+)?|not\s+)later\s+than|"
    # "in effect from the Effective Date to June 30, 2031"
    r"\bfrom\s+(?:the\s+)?(?:effective\s+date|commencement\s+date|date\s+hereof|date\s+of\s+this\s+\w+)\s+to)\s+"
    r"(?:and\s+including\s+)?(?:the\s+)?"
    # "until the later of (a) 15 September 2031 and (b) ...": the written date is the earliest end
    r"(?:(?:earlier|later)\s+(?:of|to\s+occur\s+of)\s*:?\s*(?:\(\w{1,4}\)\s*)?)?"
    # "at the close of business on", "at midnight on", "until 11:59 p.m. (Eastern time) on"
    r"(?:(?:at\s+)?(?:the\s+)?(?:close\s+of\s+business|midnight|noon|\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?\s?m\.?)"
    r"(?:\s*\(?[A-Za-z ]{0,25}\s+time\)?)?,?\s+on\s+(?:the\s+)?)?$",
    re.I,
)
_RENEW = re.compile(
    r"\b(?:renew\w*|extend\w*|extension|continue\w*\s+(?:thereafter\s+|automatically\s+|"
    r"following\s+[^,;]{0,40},?\s+)?(?:for|on)\s+(?:an?\s+)?(?:additional|further|successive|"
    r"subsequent|year[\s-]to[\s-]year|month[\s-]to[\s-]month)|"
    # "and from year to year thereafter", "shall be effective month to month, until terminated"
    r"(?:continu\w*|remain\w*|renew\w*)\b[^.;]{0,80}?\bfrom\s+year\s+to\s+year|"
    r"(?:effective|continue\w*|remain\w*)\s+(?:on\s+a\s+)?month[\s-]to[\s-]month)\b",
    re.I,
)

_OF_CONTRACT = re.compile(
    r"(?i)\b(?:agreements?|contracts?|terms?|licen[cs]es?|appointment|arrangement|this\s+\w+)\b|^\W*it\b"
)


def _renewal_turn(sent: str) -> re.Match[str] | None:
    """Where a sentence turns to renewals; a bare "shall extend for a period of five years" is
    the initial term, so a later "unless extended" or "renewal" is the turn."""
    renew = _RENEW.search(sent)
    if renew is None or not _OF_CONTRACT.search(sent):
        return None  # "extended warranty coverage for an additional 24 months"
    failure = _ON_FAILURE.search(sent[: renew.start()])
    if failure and not re.search(
        r"(?i)\bnotice|\bnotif|\belect", sent[failure.start() : renew.start()]
    ):
        return None  # a make-good extension when a party falls short: a remedy, not a renewal
    if re.fullmatch(r"(?i)extend\w*", renew.group(0)):
        if not _RENEWAL_START.match(sent, renew.start()):
            return _RENEWAL_START.search(sent, renew.end()) or renew
    return renew


# "In the event that Provider has not delivered the impressions by the end of the first year, the
# term will be extended ...", "if Supplier fails to deliver ..., Buyer may extend"
_ON_FAILURE = re.compile(
    r"(?i)\b(?:in\s+the\s+event\s+(?:that\s+)?|if\s+|should\s+)[^.;]{0,200}?\b(?:fail\w*|"
    r"(?:has|have|is|are|does|do)\s+not\s+(?:been\s+)?(?:deliver|achiev|met|meet|reach|complet|provid)\w*|"
    r"shortfall|undelivered)\b"
)


# a renewal as long as the term before it ("renew for successive terms of the same duration")
_SAME_TERM = re.compile(
    r"(?i)\b(?:same\s+(?:duration|length|period|terms?)|equal\s+in\s+(?:duration|length)|"
    r"like\s+(?:periods?|terms?)|equal\s+to\s+the\s+(?:initial|then[\s-]current)\s+term)\b"
)
# where a sentence turns from the initial term to renewals ("shall extend for an initial term"
# is still the initial term)
_RENEWAL_START = re.compile(
    r"\b(?:renew\w*|extension|extended|(?:extend|continue)\w*\s+(?:(?:for|by|on)\s+)?(?:an?\s+|the\s+)?"
    r"(?:additional|further|successive|subsequent|renewal))\b",
    re.I,
)
# an aside before the main verb: "unless terminated earlier ... or extended by written agreement
# of the parties, shall continue ... for a period of five (5) years"
_ASIDE = re.compile(r"(?i)\b(?:unless|except|subject\s+to|save)\b[^,;]{0,160},")


def _renewal_start(sent: str) -> re.Match[str] | None:
    """Where a sentence turns to renewals, past a renewal named in an aside ("unless ... or
    extended by the parties, shall continue for five years")."""
    asides = [(a.start(), a.end()) for a in _ASIDE.finditer(sent)]
    for m in _RENEWAL_START.finditer(sent):
        if not any(a <= m.start() < b for a, b in asides):
            return m
    return None


_ANNIVERSARY = re.compile(
    r"\b(?P<nth>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
    r"(?:\s*\(\s*\d{1,2}\s?(?:st|nd|rd|th|s\s?t|n\s?d|r\s?d|t\s?h)?\s*\))?"  # "fifth (5th)"
    r"(?:\s+year)?\s+anniversary\s+(?:of\s+(?:the\s+(?:Effective\s+Date|date\s+(?:hereof|of\s+this\s+Agreement)|"
    r"Commencement\s+Date)|this\s+Agreement)|thereof|hereof)",
    re.I,
)
_YEAR_END = re.compile(
    r"\b(?:until|through)\s+(?:the\s+)?end\s+of\s+(?:the\s+|that\s+)?(?:current\s+|then[\s-]current\s+)?"
    r"(?:(?:calendar\s+year\s+)?(?P<year>(?:19|20)\d\d)\b|calendar\s+year\b)",
    re.I,
)
_NTH = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1
    )
}
_AUTO = re.compile(
    r"\b(?:automatic\w*|unless\s+(?:either|a|one|the|any)\s+(?:party|of\s+the\s+parties)|"
    r"(?:shall|will)\s+(?:thereafter\s+)?(?:be\s+)?(?:automatically\s+)?(?:renewed|extended|renew|extend)|"
    r"(?:shall|will)\s+continue\s+(?:thereafter\s+)?(?:for|from)|evergreen|tacit\w*|"
    # "shall continue on a month to month basis until terminated by either party"
    r"(?:continu|remain)\w*\b[^.;]{0,60}?\buntil\s+(?:terminated|either\s+party|one\s+party))\b",
    re.I,
)
_SAYS_AUTOMATIC = re.compile(
    r"(?i)\b(?:automatic\w*|tacit\w*)\b[^.;]{0,40}?\b(?:renew|extend)\w*|"
    r"\b(?:renew|extend)\w*\b[^.;]{0,40}?\b(?:automatic\w*|tacit\w*)"
)
_NOT_AUTO = re.compile(
    r"\b(?:may\s+be\s+(?:renewed|extended)|(?:upon|by)\s+(?:the\s+)?mutual|mutually\s+agree|"
    r"by\s+(?:the\s+)?(?:written\s+)?agreement\s+of\s+(?:both|the|all)\s+parties|"
    r"if\s+(?:both|the)\s+parties\s+(?:so\s+)?agree|option\s+to\s+(?:renew|extend)|"
    # "renewable for a further three (3) years at the option of the Buyer"
    r"at\s+(?:the\s+)?(?:sole\s+)?(?:option|election|discretion)\s+of|(?<!automatically\s)renewable)\b",
    re.I,
)
_BEFORE = re.compile(
    r"^\W*(?:[\w,]+\W+){0,4}?(?:prior\s+to|before|in\s+advance\s+of|preceding|ahead\s+of)\b", re.I
)
_NOTICE = re.compile(
    r"\b(?:notice|notif\w+|elect\w*\s+not\s+to|in\s+writing|written|request\w*|inform\w*)\b", re.I
)
_TERM_END = re.compile(
    r"(?i)\b(?:expir\w*|end|anniversary)\s+(?:date\s+)?of\s+(?:the\s+|this\s+)?(?:then[\s-]+current\s+|"
    r"initial\s+|current\s+|renewal\s+|applicable\s+|such\s+)?(?:term|period|agreement)"
)
_HEAD = 4000


def find_term(text: str, clauses: tuple[Clause, ...], preamble_end: int) -> TermFacts:
    """The contract's dates and term; facts not stated are None."""
    head_end = min(len(text), max(preamble_end, 1500), _HEAD)
    starts = [c.start for c in clauses]

    def clause_at(pos: int) -> str | None:
        i = bisect.bisect_right(starts, pos) - 1
        while i >= 0 and clauses[i].end <= pos:
            i -= 1
        return clauses[i].id if i >= 0 else None

    def heading_at(pos: int) -> str:
        i = bisect.bisect_right(starts, pos) - 1
        while i >= 0 and clauses[i].end <= pos:
            i -= 1
        return (clauses[i].heading or "") if i >= 0 else ""

    agreement = _agreement_date(text, head_end, clause_at)
    effective = _effective_date(text, head_end, agreement, clause_at)
    initial, expiry_written, perpetual = None, None, None
    renewal, notice, automatic = None, None, None
    same_term: tuple[re.Match[str], int, str] | None = None
    term_sentences: list[tuple[int, int, int]] = []
    sentences = list(_sentences(text))
    for s, e in sentences:
        sent = text[s:e]
        score = _term_score(sent, heading_at(s))
        if score > 0:
            term_sentences.append((-score, s, e))
        renew = _renewal_turn(sent)
        if notice is None and not renew and _TERM_END.search(sent) and _TERMINATE.search(sent):
            # "notice ... before the end of the term"; "may cancel with effect at the end of the
            # initial term by giving sixty days prior written notice"
            notice = _renewal(sent, s, None, clause_at, at_term_end=True)[1]
        if renew and (renewal is None or notice is None):
            r, n = _renewal(sent, s, renew, clause_at)
            same = _SAME_TERM.search(sent, renew.start()) if r is None else None
            if renewal is None and same_term is None and same is not None:
                same_term = (same, s, sent)
            if renewal is None and r is not None:
                renewal = r
                automatic = bool(_AUTO.search(sent)) and not _NOT_AUTO.search(sent)
            # "may change its charges at the end of the then current renewal term, upon 30 days
            # prior notice": a notice in a sentence that only names a renewal term is not about
            # renewing or ending
            if notice is None and n is not None and _RENEW_ACT.search(sent):
                notice = n
    ranked = sorted(term_sentences)[:12]
    term_start = effective
    commencement = _named_date(text, _COMMENCEMENT_NAME, clause_at, _COMMENCEMENT_EXPECTED)
    for _, s, e in ranked:  # a written end or a length of term, from the surest sentence
        sent = text[s:e]
        # "shall remain in effect until the earlier of: (a) the fifth anniversary ...": the list
        # after the colon belongs to the sentence
        listed = text[s : min(len(text), e + 300)] if sent.rstrip().endswith(":") else sent
        expiry_written = _written_end(listed, s, effective, clause_at, agreement, commencement)
        if expiry_written is None:
            initial = _initial_term(sent, s, _renewal_start(sent), clause_at)
            # "effective on 6 October 2000 and shall have a duration of two years": the term
            # runs from the date its own sentence gives, or from a Commencement Date it names
            from_commencement = (
                commencement if re.search(r"(?i)commencement\s+date", sent) else None
            )
            term_start = (
                initial and (_stated_start(sent, s, clause_at) or from_commencement)
            ) or effective
        if expiry_written or initial:
            break
    if not (expiry_written or initial):
        expiry_written = _labelled_end(text, clause_at)
    if not (expiry_written or initial) and (labelled := _labelled_term(text, clause_at)):
        initial, term_start = labelled, effective  # a cover sheet's "Term: Three (3) years"
    for _, s, e in ranked if not (expiry_written or initial) else ():
        pm = next(
            (m for m in _PERPETUAL.finditer(text, s, e) if not _of_a_right(text, m)), None
        ) or _OPEN_ENDED.search(text, s, e)
        if pm and _bounded_earlier(text, pm, e):
            pm = None
        if pm:  # no end date and no length: runs until terminated
            perpetual = _perpetual(pm, clause_at(s))
            break
    if renewal is None and same_term is not None and initial is not None:
        same, s, sent = same_term
        renewal = Period(
            initial.n, initial.unit, same.group(0), s + same.start(), s + same.end(), clause_at(s)
        )
        automatic = bool(_AUTO.search(sent)) and not _NOT_AUTO.search(sent)
    expiry = expiry_written
    if expiry is None and initial is not None and term_start is not None:
        end = add_period(dt.date.fromisoformat(term_start.value), initial.n, initial.unit)
        if end is not None:
            expiry = DateFact(
                value=end.isoformat(),
                text=initial.text,
                start=initial.start,
                end=initial.end,
                clause_id=initial.clause_id,
                derived=f"{'effective date' if term_start is effective else 'start of term'}"
                f" + {initial.n} {initial.unit}(s)",
            )
    if expiry is None and initial is None:
        expiry = perpetual
    if notice is None and renewal is not None:
        notice = _renewal_period_notice(text, sentences, clause_at)
    if automatic is False and renewal is not None:
        # "may be renewed by mutual written agreement ... If neither party gives such notice,
        # the term shall be automatically renewed": the clause says it renews on its own
        clause = renewal.clause_id
        automatic = any(
            clause_at(s) == clause and _SAYS_AUTOMATIC.search(text, s, e) for s, e in sentences
        )
    evergreen = None
    if renewal is None:
        for s, e in sentences:
            ev = _EVERGREEN.search(text, s, e)
            # "thereafter" after a fixed term, not after the start ("effective as of the date
            # above and will continue thereafter until terminated" is a perpetual contract)
            if ev and _OF_CONTRACT.search(text, s, e) and _fixed_before(text[s : ev.end()]):
                evergreen = _perpetual(ev, clause_at(s))
                # "... until terminated by either party on thirty (30) days' written notice":
                # the notice that ends the running on is the one that stops the renewal
                notice = notice or _notice_in(text[s:e], s, clause_at)
                break
    return TermFacts(
        agreement_date=agreement,
        effective_date=effective,
        expiry=expiry,
        initial_term=initial,
        renewal_term=renewal,
        automatic_renewal=automatic,
        renewal_notice=notice,
        evergreen=evergreen,
        is_amendment=bool(_AMENDMENT.search(text[:300])),
    )


# after a fixed term the contract runs on until a party ends it: "and shall continue in effect
# thereafter until terminated by either party", "After the Initial Term, this Agreement shall
# remain in force until either party gives notice"
_EVERGREEN = re.compile(
    r"(?i)(?:\b(?:continu\w*|remain\w*)\b[^.;]{0,60}?\bthereafter\b|"
    r"\b(?:thereafter|(?:after|following|upon)\s+(?:the\s+)?(?:(?:expir\w+|end|completion)\s+of\s+)?"
    r"(?:the\s+|such\s+)?initial\s+(?:term|period))\b[^.;]{0,80}?\b(?:continu\w*|remain\w*)\b)"
    r"[^.;]{0,60}?\b(?:until|unless\s+and\s+until)\s+(?:(?:it\s+is|this\s+agreement\s+is)\s+)?"
    r"(?:(?:validly|otherwise|sooner|earlier)\s+)?(?:terminated|cancel\w*|(?:either|one|a|any|the\s+other)\s+"
    r"party|such\s+time\s+as|(?:written\s+)?notice)\b"
)


def _perpetual(m: re.Match[str], clause_id: str | None) -> DateFact:
    """A "perpetual" fact with the words that say so."""
    return DateFact(
        value="perpetual", text=m.group(0), start=m.start(), end=m.end(), clause_id=clause_id
    )


_FIXED = re.compile(
    r"(?i)\b(?:initial\s+(?:term|period)|anniversary|(?:until|through)\s+the\s+end\s+of|"
    r"expir\w*\s+of\s+(?:the|such|its|that)\b)"
)


def _fixed_before(sent: str) -> bool:
    """The words before a "thereafter" give a fixed term: a length, a date or an initial term."""
    return bool(_FIXED.search(sent) or PERIOD.search(sent) or DATE.search(sent))


# a termination allowed once the contract has renewed: "After the Initial Term, each party may
# terminate ... by notice to the other of at least two (2) months", "During a renewal period"
_IN_RENEWAL = re.compile(
    r"(?i)\b(?:(?:following|after|upon)\s+(?:the\s+)?(?:(?:expiration|expiry|end|completion)\s+of\s+"
    r"the\s+)?initial\s+term|during\s+(?:any|the|each|a|such)\s+(?:renewal|extended|extension|"
    r"additional|subsequent)\s+(?:term|period)|(?:any|each)\s+of\s+its\s+renewals)\b"
)
_TERMINATE = re.compile(r"(?i)\b(?:terminat\w*|cancel\w*|(?:non-?|not\s+to\s+)renew\w*)\b")


def _renewal_period_notice(text: str, sentences: list[tuple[int, int]], clause_at) -> Period | None:
    starts = [s for s, _ in sentences]
    seen = -1
    for m in _IN_RENEWAL.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i < 0 or i == seen:
            continue
        seen = i
        s, e = sentences[i]
        if m.start() < e and _TERMINATE.search(text, s, e):
            found = _notice_in(text[s:e], s, clause_at)
            if found is not None:
                return found
    return None


# "by notice to the other of at least two (2) months", "a notice of termination of no less than
# ten (10) weeks"
_NOTICE_OF = re.compile(
    r"(?i)\bnotice(?:\s+period)?(?:\s+(?!term\b|period\b)[\w'’]+){0,5}\s+of\s+(?:at\s+least|not\s+less\s+than|"
    r"no\s+less\s+than|a\s+minimum\s+of)?\s*$"
)


def _notice_in(sent: str, base: int, clause_at) -> Period | None:
    """The notice period a sentence asks for: "forty-five (45) days' prior written notice", "no
    less than 40 days before", "notice ... of at least two (2) months"."""
    for m in PERIOD.finditer(sent):
        p = period_days(m)
        if p is None or p[0] <= 0 or p[1] not in ("day", "business_day", "week", "month"):
            continue
        start = period_span(m)[0]
        after = sent[m.end() : m.end() + 80]
        near = sent[max(0, start - 100) : m.end() + 100]
        if (
            _NOTICE_AFTER.match(after)
            or (_BEFORE.search(after) and _NOTICE.search(near))
            or _NOTICE_OF.search(sent[max(0, start - 80) : start])
        ):
            return _period(m, p, base, clause_at)
    return None


_TERM_HEADING = re.compile(r"(?i)\b(?:term|duration|period\s+of\s+(?:the\s+)?agreement|validity)\b")
_PASSING = re.compile(
    r"(?i)\b(?:during|throughout|for|within|in|of|after|beyond|over|upon|at|before|prior\s+to)\s+"
    r"(?:the\s+)?(?:initial\s+)?term\s+(?:of\s+this\s+agreement|hereof)\b"
)


_HEADED_TERM = re.compile(
    r"(?i)\b(?:commenc\w*|continu\w*|remain\w*|expir\w*|in\s+(?:full\s+)?(?:force|effect)|"
    r"(?:shall|will)\s+(?:be|run|last|end)\b)"
)


_FOR_A_PERIOD = re.compile(
    r"(?i)^\W*(?:\w+\W+){0,5}?(?:shall|will)\s+be\s+for\s+(?:a|an\s+initial)\s+(?:period|term)\s+of\b"
)
_THIS_CONTRACT = re.compile(r"(?i)\b(?:this\s+(?:agreement|contract)|hereunder)\b")


def _term_score(sent: str, heading: str) -> int:
    """How surely a sentence states the contract's term (0: not at all)."""
    under_term = bool(_TERM_HEADING.search(heading) and not re.search(r"(?i)^\W*terminat", heading))
    if not any(_own_term(sent, m) for m in _TERM_SENTENCE.finditer(sent)):
        # under a "Term" / "Duration" heading a sentence may state the term in its own words
        # ("XYZ's obligations hereunder shall remain in effect for two years")
        # about this contract, not a sale or a project it runs
        return int(
            under_term
            and bool(
                (_HEADED_TERM.search(sent) and _THIS_CONTRACT.search(sent))
                # "The licence shall be for a period of five (5) years": under its own heading
                or _FOR_A_PERIOD.search(sent)
            )
        )
    score = 2 + 3 * under_term
    if re.match(r"\W*(?:\d[\d.]*\s*)?(?:Term|TERM|Duration|DURATION)\b", sent):
        score += 3  # "Term. This Agreement ..." or "5. TERM ..." run into the sentence
    if _PASSING.search(sent) and not re.search(
        r"(?i)\b(?:shall|will)\s+(?:commence|continue|remain|expire|begin|run|end)\b", sent
    ):
        score -= 4
    return max(score, 0)


def _own_term(sent: str, m: re.Match[str]) -> bool:
    """A term statement about this contract, not about another one it names ("an Upstream
    Agreement shall terminate ..."; "This Development Agreement will begin ..." is its own)."""
    if not re.match(r"(?i)(?:agreement|contract)\s+(?!period|term)", m.group(0)):
        return True  # '"Contract Period" shall mean' names a term, not another contract
    words = re.findall(r"[\w'’-]+", sent[max(0, m.start() - 60) : m.start()])
    named = 0
    while words and words[-1][0].isupper() and words[-1].lower() not in ("this", "the"):
        words.pop()
        named += 1
    before = words[-1].lower() if words else ""
    if before in ("this", "the"):
        return True
    return named == 0 and before not in ("a", "an", "any", "each", "such", "other")


def _sentences(text: str):
    pos = 0
    for m in _SENTENCE.finditer(text):
        if text[m.start()] == "\n" and _RUNS_ON.search(text, max(pos, m.start() - 8), m.start()):
            continue  # a page break after "of" or a comma: the sentence runs on
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


# every alternative of DATE writes a four-digit year, except "3/14/31", which has a digit, a
# slash or hyphen and a digit: a sentence with neither holds no date. Lookahead matches, so
# that every position of a hint is listed (hints may overlap: "2031-03-14").
_DATE_HINT = re.compile(r"(?=\d{4}|\d[/-]\d)")
_HINT_LEN = 3  # the shorter hint, "3/1": a hint starting at i lies in text[i : i + 3] at least


def _dated_sentences(text: str, also: int | None = None):
    """``_sentences(text)`` less those with no date hint, except the one holding offset
    ``also``: the same dates in the same order, without running DATE over the rest (DATE over
    every sentence was half the time of the whole structure step)."""
    hints = [m.start() for m in _DATE_HINT.finditer(text)]
    for s, e in _sentences(text):
        i = bisect.bisect_left(hints, s)
        if (i < len(hints) and hints[i] + _HINT_LEN <= e) or (also is not None and s <= also < e):
            yield s, e


def _date_fact(m: re.Match[str], base: int, clause_at) -> DateFact | None:
    d = parse_date(m)
    if d is None or not 1950 <= d.year <= 2100:
        return None
    return DateFact(
        value=d.isoformat(),
        text=m.group(0),
        start=base + m.start(),
        end=base + m.end(),
        clause_id=clause_at(base + m.start()),
    )


_MADE_AS_OF = re.compile(
    r"(?i)\b(?:agreement|contract)\b[^.;]{0,40}?\b(?:is|was)\s+(?:made|entered\s+into|dated)\b"
    r"[^.;]{0,30}$"
)


def _agreement_date(text: str, head_end: int, clause_at) -> DateFact | None:
    head = text[:head_end]
    found = [  # not the end of the term ("terminating on June 30, 2030")
        m
        for m in DATE.finditer(head)
        if parse_date(m) and not _END_DATE_LEAD.search(head[max(0, m.start() - 60) : m.start()])
    ]
    for m in found:
        if _AGREEMENT_CUE.search(head[max(0, m.start() - 80) : m.start()]):
            return _date_fact(m, 0, clause_at)
    if found:
        return _date_fact(found[0], 0, clause_at)
    # a long table of contents pushes the preamble past the head: 'DISTRIBUTOR AGREEMENT (the
    # "Agreement") is made as of the 1st day of January, 2031' after three pages of contents
    for m in DATE.finditer(text, head_end, _HEAD):
        lead = text[max(0, m.start() - 80) : m.start()]
        if parse_date(m) and _MADE_AS_OF.search(lead) and not _END_DATE_LEAD.search(lead[-60:]):
            return _date_fact(m, 0, clause_at)
    signed = _signature_dates(text, clause_at)  # undated preamble: the date it was signed
    return signed[-1] if signed else None


def _effective_date(
    text: str, head_end: int, agreement: DateFact | None, clause_at
) -> DateFact | None:
    """An effective date the contract writes; else the agreement date (a contract takes effect
    when it is made unless it says otherwise)."""
    # the definition may sit in a definitions article deep in the contract
    for nm in _EFFECTIVE_NAME.finditer(text):
        around = text[max(0, nm.start() - 120) : nm.start() + 120]
        if _SIGNED_BELOW.search(around):
            signed = _signature_dates(text, clause_at)
            if signed:
                return (
                    signed[-1]
                    if re.search(r"(?i)\b(?:last|later|latest|both|all)\b", around)
                    else signed[0]
                )
        if _EFFECTIVE_REFERS_BACK.search(text[nm.start() : nm.start() + 120]):
            return agreement
        # "... as of March 3, 2003 (the "Effective Date")" or '"Effective Date" means March 3, 2003'
        before = text[max(0, nm.start() - 160) : nm.start()]
        dates_before = [m for m in DATE.finditer(before) if parse_date(m)]
        if dates_before and nm.start() - (max(0, nm.start() - 160) + dates_before[-1].end()) < 60:
            return _date_fact(dates_before[-1], max(0, nm.start() - 160), clause_at)
        after = text[nm.end() : nm.end() + 160]
        if re.match(r"[\"”)]*\s*(?:shall\s+)?(?:means?|is|shall\s+be)\b", after):
            m = DATE.search(after)
            if m and parse_date(m):
                return _date_fact(m, nm.end(), clause_at)
    # an amendment filed after the signatures starts on its own execution, not the contract
    witness = _WITNESS[0].search(text)
    body_end = witness.start() if witness else len(text)
    on_execution = _execution_start(text, body_end)
    # "The term of this Agreement shall commence on 1 March 2031"; the sentence that says the
    # contract starts on signature is read even without a date
    for s, e in _dated_sentences(text, also=on_execution):
        sent = text[s:e]
        if on_execution is not None and s <= on_execution < e and not DATE.search(sent):
            # "will take effect upon signature": when the last party signs
            signed = _signature_dates(text, clause_at)
            if signed:
                return replace(signed[-1], derived="the last signature: effective on execution")
        for m in DATE.finditer(sent):
            if parse_date(m) and _START_STATEMENT.search(sent[max(0, m.start() - 100) : m.start()]):
                if fact := _date_fact(m, s, clause_at):
                    return fact
    head = text[:head_end]
    for m in DATE.finditer(head):
        if parse_date(m) and _EFFECTIVE_AS_OF.search(head[max(0, m.start() - 60) : m.start()]):
            return _date_fact(m, 0, clause_at)
    if agreement is None:
        return None
    return replace(agreement, derived="the agreement date: no other effective date is stated")


# the contract or its term says when it starts: "This Agreement shall commence on", "The
# commencement date for this contract will be", "This letter agreement will be effective as of"
_START_STATEMENT = re.compile(
    # "The Commencement Date is June 1, 2031"
    r"(?i)\bcommencement\s+date\s+(?:is|shall\s+be|will\s+be)\s+(?:on\s+)?$|"
    r"(?:\b(?:agreement|contract|term|commencement\s+date)\b[^.;]{0,60}?|^\W*it\s+)"
    r"\b(?:shall|will|is|to)\s+(?:be\s+deemed\s+to\s+)?"
    r"(?:commence|begin|start|(?:be(?:come)?\s+)?effective|take\s+effect|be|"
    r"(?:come|enter)\s+into\s+(?:force|effect))\s+"
    r"(?:on|as\s+of|from|with\s+effect\s+from)?\s*(?:the\s+day\s+of\s+)?$"
)
# the contract starts when it is signed: "This Supply Agreement will take effect upon signature",
# "Amendment 1 shall take effect upon signature by both parties"
_EXECUTION_START = re.compile(
    r"(?i)\b(?:agreement|contract|amendment|it)\b[^.;]{0,40}?\b(?:shall|will|is\s+to)\s+"
    r"(?:(?:be(?:come)?\s+)?effective|commence|take\s+effect|(?:come|enter)\s+into\s+(?:force|effect))\s+"
    r"(?:on|upon|as\s+of|from)\s+(?:the\s+date\s+of\s+)?(?:its|the|this\s+\w+['’]s)?\s*"
    r"(?:full\s+)?(?:execution|signature|signing)$"
)
_EXECUTION_WORD = re.compile(r"(?i)\b(?:execution|signature|signing)\b")
_EXECUTION_LEAD = re.compile(
    r"(?i)\b(?:effective|commence|effect|force)\s+(?:on|upon|as\s+of|from)\s[^.;]{0,40}$"
)


def _execution_start(text: str, end: int) -> int | None:
    """Where the contract first says it starts when signed (searched back from the rare word)."""
    for w in _EXECUTION_WORD.finditer(text, 0, end):
        if _EXECUTION_LEAD.search(text, max(0, w.start() - 60), w.start()) and (
            _EXECUTION_START.search(text[max(0, w.start() - 160) : w.end()])
        ):
            return w.start()
    return None


_COMMENCEMENT_EXPECTED = re.compile(
    r"(?i)\bCommencement\s+Date\s+(?:to\s+be|(?:is|was)\s+(?:expected|anticipated|scheduled)\s+to\s+be|"
    r"will\s+be|shall\s+be|is)\s+(?:on\s+)?"
)
_COMMENCEMENT_NAME = re.compile(r"[\"“(]\s*(?:the\s+)?[\"“]?Commencement\s+Date[\"”]?", re.I)


def _named_date(
    text: str, name: re.Pattern[str], clause_at, expected: re.Pattern[str] | None = None
) -> DateFact | None:
    """The date a defined name stands for: 'May 1, 2013 (the "Commencement Date")' or
    '"Commencement Date" means May 1, 2013'."""
    for nm in name.finditer(text):
        before = text[max(0, nm.start() - 100) : nm.start()]
        dates = [m for m in DATE.finditer(before) if parse_date(m)]
        if dates and len(before) - dates[-1].end() < 40:
            return _date_fact(dates[-1], max(0, nm.start() - 100), clause_at)
        after = text[nm.end() : nm.end() + 120]
        if re.match(r"[\"”)]*\s*(?:shall\s+)?(?:means?|is|shall\s+be)\b", after):
            m = DATE.search(after)
            if m and parse_date(m) and m.start() < 60:
                return _date_fact(m, nm.end(), clause_at)
    # defined by an event, then dated where the contract expects it: "the parties expect the
    # Commencement Date to be 2 May 2031", "the Commencement Date is anticipated to be ..."
    for nm in expected.finditer(text) if expected is not None else ():
        m = DATE.match(text, nm.end())
        if m and parse_date(m):
            return _date_fact(m, 0, clause_at)
    return None


_SIGNED_BELOW = re.compile(
    r"(?i)\bdate\s+(?:(?:last|latest|first)\s+)?(?:signed|executed|set\s+forth|written|noted|"
    r"referenced|indicated|shown|stated|of\s+(?:the\s+)?(?:last\s+)?(?:signature|execution))"
    r"[^.]{0,30}?\b(?:below|hereto|by\s+(?:both|the\s+last)|on\s+the\s+signature\s+page)|"
    r"\bdate\s+of\s+(?:the\s+)?(?:last\s+)?signature|\blast\s+date\s+signed|"
    r"\bsignature\s+dates?\s+below|\bdates?\s+of\s+(?:signature|execution)\s+(?:below|hereto)|"
    # "effective as of the date it is signed by both parties"
    r"\bdate\s+(?:on\s+which\s+)?(?:it|this\s+agreement)\s+(?:is|has\s+been|was)\s+(?:signed|executed)\s+"
    r"by\s+(?:both|all|each|the\s+last)|"
    r"\bdate\s+(?:on\s+which\s+)?the\s+last\s+(?:party|of\s+the\s+parties)\b[^.]{0,30}?\b(?:execut|sign)"
)
# where the signature block starts, surest first: "signature page" and "executed as of" also
# occur in a preamble ("each party identified on the signature page hereto")
_WITNESS = (
    re.compile(r"(?i)in\s+(?:witness|evidence)\s+where(?:of|for)"),
    re.compile(r"(?i)signature\s+page|executed\s+(?:this|as\s+of)|\bsigned\s+and\s+\w+\s+this\b"),
)
# a date written on a signature line ("Date: 03/14/2031") at the end of a contract
_DATE_LINE = re.compile(r"(?i)\bdated?\s*:\s*")
_TAIL = 3000


# a date as a signature block writes it: on a "Date:" line, "this 2nd day of", "on" a date, or
# alone at the start of a line (not a date in a schedule's table or in prose)
_SIGNED_LEAD = re.compile(r"(?i)(?:\bdated?\b\s*:?|\bthis\b|\bon\b|^)[\s_:\-]*$")
# a schedule or exhibit after the signatures ends the block
_BLOCK_END = re.compile(r"\n\s*(?:EXHIBIT|SCHEDULE|ANNEX|APPENDIX|ATTACHMENT)\b")


def _signature_dates(text: str, clause_at) -> list[DateFact]:
    """Dates in the first signature block that holds any, in order; without a witness clause,
    the dates written on "Date:" lines at the end of the contract."""
    for witness in _WITNESS:
        for m in witness.finditer(text):
            block = text[m.start() : m.start() + 3000]
            cut = _BLOCK_END.search(block)
            block = block[: cut.start()] if cut else block
            found = [
                f
                for d in DATE.finditer(block)
                if _SIGNED_LEAD.search(block[block.rfind("\n", 0, d.start()) + 1 : d.start()][-40:])
                and (f := _date_fact(d, m.start(), clause_at))
            ]
            if found:
                return found
    tail = max(0, len(text) - _TAIL)
    return [
        f
        for line in _DATE_LINE.finditer(text, tail)
        if (d := DATE.match(text, line.end())) and (f := _date_fact(d, 0, clause_at))
    ]


def _written_end(
    sent: str,
    base: int,
    effective: DateFact | None,
    clause_at,
    agreement: DateFact | None = None,
    commencement: DateFact | None = None,
) -> DateFact | None:
    """An end the sentence writes: a date after "until" / "expires on", the Nth anniversary of the
    effective date (of the agreement date for "the date hereof"), or the end of the current
    calendar year."""
    found = _end_date(sent, base, effective, clause_at)
    if found is not None or effective is None:
        return found
    start = dt.date.fromisoformat(effective.value)
    rel = _relative_end(sent, base, start, clause_at, agreement, commencement)
    if rel is not None:
        return rel
    m = _ANNIVERSARY.search(sent)
    if m:
        nth = m.group("nth").lower()
        n = _NTH.get(nth) or int(re.sub(r"\D", "", nth) or 0)
        # "the fifth anniversary thereof" counts from the start the sentence names (the
        # effective date); "hereof", like "of this Agreement", from the agreement date
        hereof = agreement is not None and re.search(
            r"(?i)date\s+(?:hereof|of\s+this)|of\s+this\s+agreement|anniversary\s+hereof",
            m.group(0),
        )
        origin = dt.date.fromisoformat(agreement.value) if hereof and agreement else start
        name = "agreement date" if hereof else "effective date"
        named = m.group(0) if "thereof" not in m.group(0).lower() else sent[: m.start()]
        if commencement is not None and re.search(r"(?i)commencement", named):
            origin, name = dt.date.fromisoformat(commencement.value), "commencement date"
        end = add_period(origin, n, "year") if n else None
        if end is not None:
            return _worked_out(end, m, base, clause_at, f"{name} + {n} year(s)")
    m = _YEAR_END.search(sent)
    if m:  # "until the end of the current calendar year", "until the end of 2031"
        year = int(m.group("year")) if m.group("year") else start.year
        derived = (
            f"the last day of {year}"
            if m.group("year")
            else "the end of the effective date's calendar year"
        )
        return _worked_out(dt.date(year, 12, 31), m, base, clause_at, derived)
    return None


def _worked_out(value: dt.date, m: re.Match[str], base: int, clause_at, derived: str) -> DateFact:
    """A date the contract does not write but counts out, with the words it counts from."""
    return DateFact(
        value=value.isoformat(),
        text=m.group(0),
        start=base + m.start(),
        end=base + m.end(),
        clause_id=clause_at(base),
        derived=derived,
    )


# an end point counted from a start the contract names: "ends on the date that is eighteen (18)
# months after the date of this Agreement", "expires on the 45th day following the Effective Date"
_RELATIVE_END = re.compile(
    r"(?i)\b(?:the\s+date\s+(?:that|which)\s+is\s+(?P<period>[^.;]{1,40}?)|"
    r"the\s+(?P<nth>\d{1,3})\s?(?:st|nd|rd|th)\s+(?:calendar\s+)?day)\s+(?:after|following|from)\s+"
    r"(?:the\s+)?(?P<origin>Effective\s+Date|Commencement\s+Date|date\s+(?:hereof|of\s+this\s+"
    r"(?:Agreement|Contract)))\b"
)


def _relative_end(
    sent: str,
    base: int,
    effective: dt.date,
    clause_at,
    agreement: DateFact | None,
    commencement: DateFact | None,
) -> DateFact | None:
    m = _RELATIVE_END.search(sent)
    if m is None:
        return None
    if m.group("nth"):
        n, unit = int(m.group("nth")), "day"
    else:
        pm = PERIOD.fullmatch(m.group("period").strip())
        p = period_days(pm) if pm else None
        if p is None or p[1] not in ("day", "week", "month", "year"):
            return None
        n, unit = p
    origin_text = m.group("origin").lower()
    origin, name = effective, "effective date"
    if origin_text.startswith("date") and agreement is not None:
        origin, name = dt.date.fromisoformat(agreement.value), "agreement date"
    elif origin_text.startswith("commencement") and commencement is not None:
        origin, name = dt.date.fromisoformat(commencement.value), "commencement date"
    end = add_period(origin, n, unit)
    if end is None:
        return None
    return _worked_out(end, m, base, clause_at, f"{name} + {n} {unit}(s)")


# an end written as a labelled field: "Contract Term: 1 March 2032 through 28 February 2035",
# "Expiration Date: 15 June 2037" (a confirmation or a cover sheet)
_LABELLED_END = re.compile(
    r"^[ \t]*(?:\d{1,2}\.\s*)?(?:(?:contract\s+)?term|period)\s*:\s*(?:from\s+)?"
    rf"(?:{DATE.pattern})\s*(?:to|through|until|-|–)\s*(?=\S)"
    r"|^[ \t]*(?:\d{1,2}\.\s*)?(?:termination|expiration|expiry|end)\s+date\s*:?[ \t]+(?=\S)",
    re.X | re.I | re.M,
)


def _labelled_end(text: str, clause_at) -> DateFact | None:
    for m in _LABELLED_END.finditer(text):
        d = DATE.match(text, m.end())
        if d is not None and (fact := _date_fact(d, 0, clause_at)):
            return fact
    return None


# a length written as a labelled field: "Initial Term: Thirty-six (36) months", "Term: 3 years"
_LABELLED_TERM = re.compile(
    r"(?im)^[ \t]*(?:\d{1,2}\.\s*)?(?:initial\s+|contract\s+)?term\s*:[ \t]*"
    r"(?:of\s+|a\s+period\s+of\s+)?"
)


def _labelled_term(text: str, clause_at) -> Period | None:
    for m in _LABELLED_TERM.finditer(text):
        p = PERIOD.match(text, m.end())
        if p is not None and (days := period_days(p)) and days[1] in ("year", "month"):
            return _period(p, days, 0, clause_at)
    return None


_START_LEAD = re.compile(
    r"\b(?:commenc\w*|effective|begin\w*|start\w*|from|come\s+into\s+(?:force|effect))\s+"
    r"(?:on\s+|as\s+of\s+|from\s+|with\s+effect\s+from\s+)?(?:the\s+)?$",
    re.I,
)


def _stated_start(sent: str, base: int, clause_at) -> DateFact | None:
    """A start date the term's sentence writes ("commencing on 1 March 2031")."""
    for m in DATE.finditer(sent):
        if parse_date(m) and _START_LEAD.search(sent[max(0, m.start() - 40) : m.start()]):
            return _date_fact(m, base, clause_at)
    return None


def _end_date(sent: str, base: int, effective: DateFact | None, clause_at) -> DateFact | None:
    for m in DATE.finditer(sent):
        d = parse_date(m)
        if d is None:
            continue
        if _END_DATE_LEAD.search(sent[max(0, m.start() - 60) : m.start()]):
            if effective is None or d.isoformat() > effective.value:
                return _date_fact(m, base, clause_at)
    return None


_TERM_LEAD = re.compile(
    r"\b(?:continu\w*|remain\w*|initial\s+(?:term|period)|term|period|expire\w*|run|duration|valid(?:ity)?|"
    r"in\s+(?:full\s+)?(?:force|effect)|effective|(?<=shall\s)last|(?<=will\s)last|binding)\b"
    r"[^.;]{0,50}$",
    re.I,
)
_NOT_TERM = re.compile(
    # "notice of at least ninety days" is no term, but "shall remain in effect for at least one
    # year" states the term's length (its minimum, which is the initial term)
    r"\b(?:within|after|prior|preceding|notice|(?<!\bfor\sat\s)least|than|each|additional|successive|renewal|"
    r"further|extension|(?<!shall\s)(?<!will\s)last|first)\s+(?:\w+\s+){0,2}$",
    re.I,
)

_ENDS_AFTER = re.compile(
    r"(?i)\b(?:agreement|contract|term)\s+(?:shall|will)\s+(?:automatically\s+)?"
    r"(?:terminate|end|expire)\s+(?:on\s+the\s+date\s+(?:that\s+is\s+|which\s+is\s+)?)?$"
)
_FROM_START = re.compile(
    r"(?i)\s+(?:from|after|following)\s+(?:the\s+)?(?:effective\s+date|commencement\s+date|"
    r"date\s+(?:hereof|of\s+this\s+(?:agreement|contract)))"
)
_TERM_AFTER = re.compile(r"(?i)\s*(?:initial\s+)?term\b(?!\s+(?:of|after|following))")
# a period that runs after the term ends, not the term itself
_AFTER_END = re.compile(
    r"(?i)\W*(?:after|following)\s+(?:the\s+)?(?:expiration|expiry|termination|end)\b"
)
_SO_LONG_AS = re.compile(r"(?i)\W*(?:\w{1,4}\W{1,3})?(?:so|as)\s+long\s+as\b")


def _period(m: re.Match[str], p: tuple[int, str], base: int, clause_at) -> Period:
    start, end = period_span(m)
    return Period(
        p[0], p[1], m.string[start:end].strip(), base + start, base + end, clause_at(base)
    )


def _initial_term(sent: str, base: int, renew, clause_at) -> Period | None:
    if _SO_LONG_AS.match(sent):
        return None  # "So long as this Agreement remains in effect and for one (1) year thereafter"
    for m in PERIOD.finditer(sent):
        p = period_days(m)
        if p is None or p[0] <= 0 or p[1] not in ("year", "month"):
            continue
        start = period_span(m)[0]
        if renew and start > renew.start():
            break
        lead = sent[max(0, start - 70) : start]
        if _AFTER_END.match(sent, m.end()):
            continue  # "so long as this Agreement remains in effect and one (1) year thereafter"
        # "a term of five years", or the period as the term's adjective: "a five-year term"
        adjective = _TERM_AFTER.match(sent, m.end())
        # "This Agreement shall terminate three (3) years from the Effective Date": an end
        # counted from the start is the term's length
        counted = _ENDS_AFTER.search(lead) and _FROM_START.match(sent, m.end())
        if (_TERM_LEAD.search(lead) or adjective or counted) and not _NOT_TERM.search(lead):
            return _period(m, p, base, clause_at)
    return None


def _renewal(
    sent: str, base: int, renew: re.Match[str] | None, clause_at, at_term_end: bool = False
) -> tuple[Period | None, Period | None]:
    renewal = notice = None
    for m in PERIOD.finditer(sent):
        p = period_days(m)
        if p is None or p[0] <= 0:
            continue
        after = sent[m.end() : m.end() + 80]
        start = period_span(m)[0]
        near = sent[max(0, start - 100) : m.end() + 100]
        if (
            _BEFORE.search(after)
            and not _NOTICE.search(near)
            and _NEGOTIATE.search(sent, max(0, start - 100), m.end() + 200)
        ):
            # "the parties will meet to negotiate an extension starting nine (9) months before the
            # term ends": a window to negotiate, neither a notice nor a renewal
            continue
        if (
            (_BEFORE.search(after) and (_NOTICE.search(near) or renew is not None))
            or (
                (renew is not None or (at_term_end and _TERMINATE.search(sent)))
                and _NOTICE_AFTER.match(after)
            )
            or (
                # "unless cancelled with a notice period of three months": a notice that stops
                # the renewal (not a termination at any time in a sentence naming a renewal term)
                renew is not None
                and _STOPS_RENEWAL.search(sent)
                and _NOTICE_OF.search(sent[max(0, start - 80) : start])
            )
        ):
            if notice is None and p[1] in ("day", "business_day", "month", "week", "year"):
                notice = _period(m, p, base, clause_at)
        elif (
            renew is not None
            and renewal is None
            and start > renew.start() - 40
            and p[1] in ("year", "month")
            # "within a period of three (3) months following the renewal notice": a window
            and not re.search(
                r"\b(?:within|after)\s+(?:a\s+period\s+of\s+)?$", sent[max(0, start - 24) : start]
            )
            # "a period of five (5) years with automatic renewal": the initial term
            and not re.search(r"(?i)\b(?:with|and|then)\b|[,;]", sent[m.end() : renew.start()])
            # "shall extend throughout the term and for one year after its expiration": a right
            # that outlives the contract, not a renewal of it
            and not _AFTER_END.match(sent, m.end())
        ):
            renewal = _period(m, p, base, clause_at)
    if renewal is None and renew is not None:
        yearly = _YEARLY.search(sent, max(0, renew.start() - 20))  # "annual renewals"
        if yearly:  # "renewing annually", "month-to-month"
            unit = "month" if "month" in yearly.group(0).lower() else "year"
            renewal = Period(
                1,
                unit,
                yearly.group(0),
                base + yearly.start(),
                base + yearly.end(),
                clause_at(base),
            )
    return renewal, notice


_RENEW_ACT = re.compile(
    r"(?i)\b(?:renew(?:s|ed|ing|als?(?!\s+(?:term|period)))?|extend(?:s|ed|ing)?|extension|"
    r"terminat\w*|cancel\w*|non-?renew\w*|continue\w*|evergreen|unless)\b"
)
_STOPS_RENEWAL = re.compile(r"(?i)\bunless\b|\bnon-?renew|\bnot\s+to\s+(?:renew|extend)")
_NEGOTIATE = re.compile(r"(?i)\bnegotiat\w*")
_NOTICE_AFTER = re.compile(
    r"(?i)['’]?s?['’]?\s*(?:(?:prior|advance|written|calendar)\s+){0,3}notice"
)
_YEARLY = re.compile(
    r"(?i)\b(?:annually|yearly|each\s+year|from\s+year\s+to\s+year|year[\s-]+to[\s-]+year|"
    r"month[\s-]+to[\s-]+month|one[\s-]year\s+(?:terms?|periods?)|"
    r"(?:annual|monthly)\s+(?:terms?|periods?|renewals?)|every\s+year|"
    r"(?:an?|one)\s+(?:additional|further)\s+(?:year|month)|"
    # "renewed on an annual basis", "continues on a monthly basis"
    r"(?:an?\s+)?(?:annual|yearly|monthly|month[\s-]to[\s-]month)\s+basis)\b"
)
