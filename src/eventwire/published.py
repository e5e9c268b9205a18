"""Publication date: given, else HTML metadata, else the URL path, else the text itself.

Order of evidence (``Article.published_source`` says which one won):

1. ``given``     the input record or ``--published``
2. ``metadata``  HTML metadata (set by ``clean.extract_body`` through trafilatura/htmldate)
3. ``url``       a full date in the article URL path (``/2021/12/28/``, ``2021-12-28``)
4. ``text``      clues in the text: a dateline ("KANDAHAR, Oct. 3 (Xinhua)"), else the
                 latest dated reference; a partial date ("on 28 December") gets its year
                 from the URL or an upload path in the page ("/uploads/2021/12/"), from a
                 phrase such as "with 2021 coming to a close", or from the latest year
                 the text names. References to what is scheduled or expected are ignored.

No clue at all leaves ``published`` as ``None``: nothing is invented.
"""

from __future__ import annotations

import re
from datetime import date

from .records import Article, Document

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

URL_FULL = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-]([0-3]?\d)(?!\d)")
URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")
URL_IN_TEXT = re.compile(r"(?:https?://|www\.)\S+", re.I)

DMY = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)
MDY = re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:%|percent|people|per))", re.I)
ISO = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-([0-3]\d)\b")
# "KANDAHAR, Oct. 3 (Xinhua) --", "WASHINGTON, March 5, 2021 (Reuters) -"
DATELINE = re.compile(
    rf"^\s*[A-Z][A-Z .'-]{{2,40}}(?:,\s*[A-Z][\w .'-]{{1,30}})?,\s*{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\s*(?:\(|--|—|–|-|/)",
    re.M,
)
YEAR_CLOSING = re.compile(
    rf"\b(?:with|as)\s+{_YEAR}\s+(?:(?:is\s+)?(?:coming|drawing|nearing)\s+to\s+(?:a|an|its)\s+(?:close|end)|"
    rf"(?:comes|draws|nears)\s+to\s+(?:a|an|its)\s+(?:close|end)|ending|winding\s+down)",
    re.I,
)
YEAR_MENTION = re.compile(r"\b(?:in|of|since|during|for)\s+((?:19|20)\d\d)\b")
FUTURE_CONTEXT = re.compile(
    r"\b(?:will|scheduled|planned|plans?\s+to|expected\s+to|due\s+to|set\s+to|next|upcoming)\b", re.I
)


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def date_from_url(url: str | None) -> date | None:
    """A full date in a URL path, or None."""
    if not url:
        return None
    for y, m, d in URL_FULL.findall(url):
        found = _valid(int(y), int(m), int(d))
        if found:
            return found
    return None


def month_from_urls(urls: list[str]) -> tuple[int, int] | None:
    """The latest year/month found in upload or article paths (``/2021/12/``)."""
    best: tuple[int, int] | None = None
    for url in urls:
        for y, m in URL_MONTH.findall(url):
            ym = (int(y), int(m))
            best = ym if best is None or ym > best else best
    return best


def _sentence_around(text: str, pos: int) -> str:
    start = max(text.rfind(".", 0, pos), text.rfind("\n", 0, pos)) + 1
    end_dot = text.find(".", pos)
    return text[start : end_dot if end_dot != -1 else len(text)]


def date_from_text(text: str, urls: list[str] | None = None) -> date | None:
    """The publication date as far as the text and the URLs inside the page tell it."""
    urls = urls or []
    anchor = month_from_urls(urls)
    closing = YEAR_CLOSING.search(text)
    if anchor is None and closing:
        anchor = (int(closing.group("year")), 12)

    full: list[date] = []
    partial: list[tuple[int, int]] = []  # (month, day)

    def add(match: re.Match[str]) -> None:
        month = MONTHS[match.group("month").lower().rstrip(".")]
        day = int(match.group("day"))
        if FUTURE_CONTEXT.search(_sentence_around(text, match.start())[:300]):
            return
        if match.group("year"):
            found = _valid(int(match.group("year")), month, day)
            if found:
                full.append(found)
        elif 1 <= day <= 31:
            partial.append((month, day))

    line = DATELINE.search(text[:400])
    if line:
        month = MONTHS[line.group("month").lower().rstrip(".")]
        day = int(line.group("day"))
        if line.group("year"):
            return _valid(int(line.group("year")), month, day)
        year = anchor[0] if anchor else _latest_year(text, full)
        if year:
            return _valid(year, month, day)

    for m in DMY.finditer(text):
        add(m)
    for m in MDY.finditer(text):
        add(m)
    for y, mo, d in ISO.findall(text):
        found = _valid(int(y), int(mo), int(d))
        if found and not FUTURE_CONTEXT.search(_sentence_around(text, text.find(f"{y}-{mo}-{d}"))):
            full.append(found)

    year = anchor[0] if anchor else _latest_year(text, full)
    candidates = list(full)
    if year:
        for month, day in partial:
            # a partial date later in the year than the anchor month belongs to the year before
            y = year - 1 if anchor and month > anchor[1] else year
            found = _valid(y, month, day)
            if found:
                candidates.append(found)
    if anchor:
        # Nothing the text dates can be later than the month the page was filed in.
        limit = date(anchor[0] + (anchor[1] == 12), anchor[1] % 12 + 1, 1)
        candidates = [c for c in candidates if c < limit]
    if not candidates:
        return None
    return max(candidates)


def _latest_year(text: str, full: list[date]) -> int | None:
    years = [d.year for d in full] + [int(y) for y in YEAR_MENTION.findall(text)]
    return max(years) if years else None


def infer(article: Article, doc: Document) -> None:
    """Settle ``article.published`` and ``published_source`` (see the module docstring)."""
    if article.published:
        if not article.published_source:
            article.published_source = "given"
        return
    found = date_from_url(article.url)
    if found:
        article.published, article.published_source = found.isoformat(), "url"
        return
    page_urls = [r.text for r in doc.removed if r.reason == "url"]
    page_urls += URL_IN_TEXT.findall(doc.text)
    if article.url:
        page_urls.insert(0, article.url)
    found = date_from_text(doc.text, page_urls)
    if found:
        article.published, article.published_source = found.isoformat(), "text"
    else:
        article.published, article.published_source = None, None
