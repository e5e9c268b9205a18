"""Cleaning: the article body without scraped leftovers.

HTML goes through trafilatura (main text and metadata). Plain text, and the text that
trafilatura returns, then goes through line rules that drop what scrapers leave behind:
bare URLs, photo captions and credits, "Read More", comment prompts, share/subscribe
prompts, navigation, cookie and copyright lines. Every dropped line is listed in
``Document.removed`` with its reason, so nothing disappears silently. A first line that
reads as a headline (short, no closing full stop, a paragraph of its own) becomes the
title. Offsets downstream index the cleaned text this module returns.

The rules look only at the shape of a line (length, URL, bracketed credit, stock phrase),
never at what a particular site writes, so they hold on pages never seen before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InputError
from .records import Article, Document, Removed

#: Lines longer than this many words are prose and never dropped by the phrase rules.
SHORT_LINE_WORDS = 14

_URL = r"(?:https?://|www\.)\S+"
BARE_URL = re.compile(rf"^\s*(?:[\[(<]\s*)?{_URL}(?:\s*[\])>])?\s*$", re.I)
IMAGE_FILE = re.compile(r"^\s*\S+\.(?:png|jpe?g|gif|webp|svg|bmp|tiff?)(?:\?\S*)?\s*$", re.I)

# A caption or credit: a bracketed or trailing credit, or a line that starts as one.
CAPTION = re.compile(
    r"""(
      \(\s*(?:photo|image|picture|video|graphic|illustration|file\s+photo)s?\b[^)]*\)   # (Photo credit: X)
    | \b(?:photo|image|picture)\s*(?:credit|courtesy)\s*:                            # Photo credit:
    | ^\s*(?:photo|image|picture|photograph|caption|credit|source\s+image|file\s+photo|pictured)\s*[:|\-–—]  # Photo: ...
    | \b(?:getty\s+images|afp\s+via\s+getty|shutterstock|ap\s+photo|reuters/|/reuters|afp/|/afp|anadolu\s+agency\s+via|epa-efe|alamy)\b
    | ^\s*\(?(?:photo|image)\s+by\b
    )""",
    re.I | re.X,
)

# Stock phrases of scraped pages, as whole short lines. Each pattern has a reason.
# A phrase must fill the line (``$``) or be followed by a colon or an arrow, so that prose
# that happens to start with the same word ("Home prices rose ...") is kept.
_END = r"\s*(?:[:»›>|.!…-]+.*)?$"
PHRASES: list[tuple[str, re.Pattern[str]]] = [
    (
        "read-more",
        re.compile(
            r"^\s*(?:read\s+more|read\s+also|also\s+read|read\s+the\s+full\s+(?:story|article)|"
            r"continue\s+reading|click\s+here(?:\s+to\s+.{0,60})?|more\s+on\s+this\s+story|"
            r"related(?:\s+(?:articles?|stories|posts|news|coverage|content|topics))?|"
            r"recommended(?:\s+(?:stories|articles|for\s+you))?|see\s+also|you\s+(?:may|might)\s+also\s+like|"
            r"more\s+(?:from|stories|news)(?:\s+\w+){0,3}|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|"
            r"watch(?:\s+(?:the\s+video|now|live))?|listen(?:\s+to\s+(?:this\s+)?(?:article|story))?)" + _END,
            re.I,
        ),
    ),
    (
        "comment-prompt",
        re.compile(
            r"^\s*(?:(?:leave|post|add|write)\s+a\s+(?:reply|comment|response)|comments?(?:\s*\(\d+\))?|"
            r"\d+\s+(?:comments?|replies)|join\s+the\s+(?:conversation|discussion)|show\s+comments|"
            r"your\s+email\s+address\s+will\s+not\s+be\s+published.*|required\s+fields\s+are\s+marked.*|"
            r"cancel\s+reply|log\s+in\s+to\s+(?:reply|comment).*|you\s+must\s+be\s+logged\s+in.*|"
            r"notify\s+me\s+of.*|save\s+my\s+name.*)" + _END,
            re.I,
        ),
    ),
    (
        "share",
        re.compile(
            r"^\s*(?:share(?:\s+(?:this(?:\s+(?:article|story|post|page))?|on\s+\w+|via\s+\w+|the\s+article|article|story))?|"
            r"tweet(?:\s+this)?|e-?mail(?:\s+this(?:\s+(?:article|story))?)?|print(?:\s+this(?:\s+(?:article|page))?)?|"
            r"subscribe(?:\s+(?:now|today|here|to\s+.{0,60}))?|sign\s+up(?:\s+(?:now|here|for\s+.{0,60}|to\s+.{0,60}))?|"
            r"follow\s+us(?:\s+on\s+.{0,60})?|like\s+us\s+on\s+.{0,40}|get\s+(?:our|the)\s+(?:\w+\s+)?newsletter.*|"
            r"(?:join|subscribe\s+to)\s+our\s+(?:\w+\s+)?(?:newsletter|mailing\s+list|channel).*|newsletter|"
            r"download\s+(?:our|the)\s+app.*|support\s+(?:our|independent)\s+journalism.*|donate(?:\s+(?:now|today))?|"
            r"facebook|twitter|whatsapp|telegram|linkedin|reddit|copy\s+link)" + _END,
            re.I,
        ),
    ),
    (
        "navigation",
        re.compile(
            r"^\s*(?:home|menu|search|close|skip\s+to\s+(?:main\s+)?content|back\s+to\s+top|"
            r"(?:next|previous)\s+(?:article|post|story)|advertisement|sponsored(?:\s+content)?|loading|sections|"
            r"(?:tags?|topics?|categories|category|filed\s+under|posted\s+in)\s*:.*|filed\s+under\s+.{0,80}|"
            r"posted\s+in\s+.{0,80})" + _END,
            re.I,
        ),
    ),
    (
        "byline",
        re.compile(r"^\s*(?:By|BY)\s+[A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|and|de|al|van|von)){0,5}(?:\s*[,|/]\s*.{0,40})?\s*$"),
    ),
    (
        "cookie",
        re.compile(
            r"\b(?:we\s+use\s+cookies|this\s+(?:site|website)\s+uses\s+cookies|accept\s+(?:all\s+)?cookies|"
            r"cookie\s+(?:policy|settings|preferences)|privacy\s+policy|terms\s+(?:of\s+(?:use|service)|and\s+conditions)|"
            r"all\s+rights\s+reserved)\b",
            re.I,
        ),
    ),
    ("copyright", re.compile(r"^\s*(?:©|\(c\)\s|copyright\b)", re.I)),
]

# A bare list item (a related-story link) left by HTML extraction: "- EU condemns offensive".
LINK_ITEM = re.compile(r"^[-•*▪►]\s+\S")

# Navigation bars: short items separated by |, », •, or "/" between words.
NAV_SEPARATORS = re.compile(r"\s[|»•·›]\s")


@dataclass
class Cleaned:
    text: str
    removed: list[Removed]
    title: str | None


def _words(line: str) -> int:
    return len(line.split())


def classify_line(line: str) -> str | None:
    """Why ``line`` is a scraped leftover, or None when it is article text."""
    s = line.strip()
    if not s:
        return None
    if BARE_URL.match(s) or IMAGE_FILE.match(s):
        return "url"
    n = _words(s)
    if CAPTION.search(s) and n <= 40 and not _is_prose_with_credit(s):
        return "caption"
    if n <= SHORT_LINE_WORDS:
        for reason, pattern in PHRASES:
            if pattern.search(s):
                return reason
        if len(NAV_SEPARATORS.findall(f" {s} ")) >= 2 and not s.endswith("."):
            return "navigation"
        if LINK_ITEM.match(s) and n <= 10 and not s.endswith((".", "!", "?", '"', "”")):
            return "link-list"
    return None


def _is_prose_with_credit(line: str) -> bool:
    """A sentence that merely mentions a photo agency ("Reuters reported ...") is prose.

    Captions are short, often end without a full stop or in a bracketed credit; prose
    has several clauses. A bracketed credit or a leading "Photo:" always marks a caption.
    """
    if re.search(r"\(\s*(?:photo|image|picture|file\s+photo)", line, re.I):
        return False
    if re.match(r"^\s*(?:photo|image|picture|photograph|caption|credit|file\s+photo)\b", line, re.I):
        return False
    return _words(line) > 25 and line.rstrip().endswith((".", '"', "”"))


# A dateline standing alone: "JOHANNESBURG, August 7 (Xinhua) --", "NAIROBI, Kenya (AP) _".
DATELINE_LINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,}(?:,\s*[\w .'-]+)*\s*(?:\([A-Za-z .-]+\))?\s*(?:--|—|–|-|_)?\s*$"
)
WIRE_CREDIT = re.compile(r"\((?:AP|AFP|Reuters|Xinhua|UPI|dpa|ANI|IANS|PTI|TASS|EFE|Bloomberg)\)")


def _looks_like_headline(line: str) -> bool:
    s = line.strip()
    n = _words(s)
    if not (2 <= n <= 20):
        return False
    if s.endswith((".", ",", ";", ":", '"', "”", "’", "--", "—", "–", "-", "_")):
        return False
    if DATELINE_LINE.match(s) or WIRE_CREDIT.search(s):
        return False
    return not BARE_URL.match(s)


def _norm_title(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def clean_text(raw: str, known_title: str | None = None) -> Cleaned:
    """Drop scraped leftovers from ``raw`` and separate the title; return what remains.

    Paragraphs in the result are separated by one blank line; lines within a paragraph
    are kept. Cleaning cleaned text changes nothing.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    removed: list[Removed] = []
    kept: list[str] = []
    for para in paragraphs:
        lines = [ln for ln in para.split("\n") if ln.strip()]
        good = []
        for ln in lines:
            why = classify_line(ln)
            if why:
                removed.append(Removed(ln.strip(), why))
            else:
                good.append(ln.strip())
        if good:
            kept.append("\n".join(good))
    title: str | None = None
    if kept:
        first = kept[0]
        if known_title and _norm_title(first) == _norm_title(known_title):
            title = known_title
            removed.append(Removed(first, "title"))
            kept = kept[1:]
        elif "\n" not in first and len(kept) >= 2 and _looks_like_headline(first):
            title = first
            removed.append(Removed(first, "title"))
            kept = kept[1:]
    return Cleaned("\n\n".join(kept), removed, title)


def html_to_text(html: str, where: str | None = None) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata (title, date, url) of an HTML page, through trafilatura."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml raises many kinds of parse errors on broken pages
        raise InputError(f"cannot parse HTML: {exc}", where=where, stage="clean") from exc
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise InputError(
            "no article text found in the HTML (empty, truncated or not an article page)",
            where=where,
            stage="clean",
        )
    meta = {
        "title": getattr(result, "title", None),
        "date": getattr(result, "date", None),
        "url": getattr(result, "url", None),
    }
    # trafilatura puts one paragraph a line: make paragraphs explicit.
    return text.replace("\n", "\n\n"), meta


def extract_body(article: Article, max_bytes: int | None = None) -> Document:
    """The cleaned Document of ``article`` (from its HTML or its text)."""
    where = article.origin or article.id
    raw = article.html if article.html is not None else article.text
    if raw is None or not raw.strip():
        raise InputError("empty article: no text", where=where, stage="clean")
    if max_bytes is not None and len(raw.encode("utf-8", "ignore")) > max_bytes:
        raise InputError(
            f"article is larger than the limit of {max_bytes} bytes (setting max_bytes)",
            where=where,
            stage="clean",
        )
    if article.html is not None:
        text, meta = html_to_text(article.html, where)
        if not article.title and meta["title"]:
            article.title = meta["title"]
        if not article.url and meta["url"]:
            article.url = meta["url"]
        if not article.published and meta["date"]:
            article.published = meta["date"]
            article.published_source = "metadata"
    else:
        text = raw
    cleaned = clean_text(text, known_title=article.title)
    if cleaned.title and not article.title:
        article.title = cleaned.title
    if not cleaned.text.strip():
        raise InputError(
            "nothing left after cleaning: the text is all boilerplate", where=where, stage="clean"
        )
    return Document(article=article, text=cleaned.text, removed=cleaned.removed)
