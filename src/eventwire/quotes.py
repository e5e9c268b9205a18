"""Quotes and their speakers.

``find_quotes(doc)`` reports every quotation in ``doc.text`` with the actor who said it:

1. **Spans** (``quote_spans``): text between quotation marks, straight or curly, double
   or single (``''`` as the NYT prints it, guillemets too). A quotation inside another is
   part of the outer one. A paragraph that ends inside a quotation continues it when the
   next paragraph opens with a quotation mark (the newspaper convention), so one quote can
   run over several paragraphs.
2. **Cue and speaker**, for each span, the first rule that applies:
   - a title or scare quote (``so-called "advise and assist"``, the book "X", a show
     after a possessive ``MSNBC's "Morning Joe"``): ``kind="scare"``, no speaker;
   - in a headline: ``Pence: ...`` or the name the headline opens with;
   - the tail after the quote: ``"...," X said`` / ``"...?" X asked.`` / ``"...," said X``
     / ``"...," according to X`` / ``"..." - X`` (a name after a dash);
   - the dependency tree: the reporting verb the quote hangs from (``X said "..."``,
     ``X called it "a disgrace"``, a fragment in a reported clause ``X noted "the ..."``),
     an interposed ``..., he added, ...`` or a fronted ``According to X, ...`` on the
     way up, or a reporting verb hanging from the quoted clause (``"...", he said``
     parsed the other way round); never across a paragraph break;
   - an introducing clause ending in a colon or comma (``X told reporters: "..."``), in
     the same or the paragraph before;
   - the continuation of the speaker's previous quote (``"...," she said. "..."``, also
     in the next paragraph), or a quote after a sentence about its speaker;
   - a fragment in a clause whose subject can speak (a name, a person pronoun, a role or
     a group: ``Trump admires Putin as a "strong leader"``): that subject, with the
     clause's verb as the cue (mixed quotation);
   - otherwise a short fragment is a scare quote; a longer one is a direct quote whose
     speaker is not given.
3. **Speakers** are the subject of the cue (through relative clauses, conjoined and
   participial verbs: ``..., adding that``; a pronoun lifted to the subject of the clause
   above it that it refers to: ``Clinton says she appreciated ... what she calls "..."``),
   resolved with ``actors.resolve_span``. The
   speaker keeps the span of the mention next to the quote ("he"); a pronoun or a bare
   description ("the minister", "the group") takes its name, country and sector from the
   last compatible full mention before it.
4. **Indirect speech** (``X said that Y``): the content clause Y, with its speaker and
   cue, as ``kind="indirect"``; not where the clause holds a quotation (that quotation is
   reported instead).

The reporting verbs, multi-word cues, title/scare markers and the nouns used for
coreference are data: ``src/eventwire/data/quotes/`` (format in its README.md), loaded
once per process by ``default_lexicon`` (the shipped files plus ``<data_dir>/quotes``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .actors import children, doc_ents, doc_tokens, resolve_span, span_tokens
from .config import load_settings, package_data_dir
from .records import Actor, Document, Quote

DATA_DIR = package_data_dir() / "quotes"


# ---------- the lexicon ----------


@dataclass(frozen=True)
class QuoteLexicon:
    """What the quote stage knows about the language, read from the data files."""

    cue_verbs: frozenset[str]
    cue_phrases: tuple[tuple[str, ...], ...]
    scare_markers: tuple[tuple[str, ...], ...]
    role_nouns: frozenset[str]
    group_nouns: frozenset[str]


def _read_list(path: Path) -> list[str]:
    out: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            item = line.split("#", 1)[0].strip().lower()
            if item:
                out.append(" ".join(item.split()))
    return out


def _read_lists(name: str, dirs: Sequence[Path]) -> list[str]:
    items: list[str] = []
    for d in dirs:
        p = d / name
        if p.is_file():
            items.extend(_read_list(p))
    return items


@lru_cache(maxsize=8)
def load_lexicon(extra_dirs: tuple[Path, ...] = ()) -> QuoteLexicon:
    """The shipped lexicon plus any files of the same names in ``extra_dirs`` (added to it)."""
    dirs = (DATA_DIR, *extra_dirs)
    return QuoteLexicon(
        cue_verbs=frozenset(_read_lists("cue_verbs.txt", dirs)),
        cue_phrases=tuple(tuple(p.split()) for p in _read_lists("cue_phrases.txt", dirs)),
        scare_markers=tuple(tuple(p.split()) for p in _read_lists("scare_markers.txt", dirs)),
        role_nouns=frozenset(_read_lists("role_nouns.txt", dirs)),
        group_nouns=frozenset(_read_lists("group_nouns.txt", dirs)),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> QuoteLexicon:
    """The shipped lexicon plus ``<data_dir>/quotes`` (setting ``data_dir``,
    ``EVENTWIRE_DATA_DIR``) when that folder exists; loaded once per process."""
    data_dir = load_settings().data_dir
    extra: tuple[Path, ...] = ()
    if data_dir and (Path(data_dir) / "quotes").is_dir():
        extra = (Path(data_dir) / "quotes",)
    return load_lexicon(extra)


# ---------- quotation spans ----------

OPEN_DOUBLE = "“„«‟〝"
CLOSE_DOUBLE = "”»〞″"
# Where a straight mark opens a quotation: at the start, after a space or opening punctuation.
_OPEN_CONTEXT = set(" \t\n([{—–-/:;,\u00a0") | set(OPEN_DOUBLE) | {"‘"}
_MARK = re.compile(r"''|``|[\"“”„«»‟〝〞″‘’']")
_WORD_CHAR = re.compile(r"\w")


@dataclass
class QSpan:
    """A quotation: ``start``/``end`` bound the quoted words, ``ostart``/``oend`` the marks too."""

    start: int
    end: int
    ostart: int
    oend: int
    closed: bool = True


def _is_open(text: str, i: int, mark: str) -> bool:
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + len(mark)] if i + len(mark) < len(text) else "\n"
    return (prev in _OPEN_CONTEXT or i == 0) and not nxt.isspace()


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _quotes_in_paragraph(text: str, ps: int, pe: int) -> list[QSpan]:
    marks = [(m.start(), m.group()) for m in _MARK.finditer(text, ps, pe)]
    out: list[QSpan] = []
    i = 0
    while i < len(marks):
        pos, mark = marks[i]
        kind: str | None = None
        if mark in OPEN_DOUBLE:
            kind = "curly"
        elif mark in ('"', "''", "``") and _is_open(text, pos, mark):
            kind = "straight"
        elif mark == "‘" and (pos == ps or not _WORD_CHAR.match(text[pos - 1])):
            kind = "single"
        elif (
            mark == "'"
            and (pos == ps or not re.match(r"[\w']", text[pos - 1]))
            and pos + 1 < pe
            and text[pos + 1].isalpha()
        ):
            kind = "straight-single"
        if kind is None:
            i += 1
            continue
        start = pos + len(mark)
        close_at: int | None = None
        close_len = 0
        for j in range(i + 1, len(marks)):
            cpos, cmark = marks[j]
            if kind in ("curly", "straight"):
                if (
                    cmark in CLOSE_DOUBLE
                    or (cmark == "“" and not _is_open(text, cpos, cmark))
                    or (cmark in ('"', "''") and not _is_open(text, cpos, cmark))
                ):
                    close_at, close_len = cpos, len(cmark)
                    i = j
                    break
                if kind == "straight" and cmark in ('"', "''") and cpos > start:
                    # an opening-looking straight mark: take it as the close if nothing
                    # else closes this quote before the next word
                    if not text[cpos - 1].isspace():
                        close_at, close_len = cpos, len(cmark)
                        i = j
                        break
            elif kind == "single":
                nxt = text[cpos + 1] if cpos + 1 < pe else " "
                if cmark == "’" and not nxt.isalnum():
                    close_at, close_len = cpos, 1
                    i = j
                    break
                if cmark in CLOSE_DOUBLE:  # mismatched: ‘ ... ” closes at the paragraph's mark
                    close_at, close_len = cpos, 1
                    i = j
                    break
            else:  # straight single
                nxt = text[cpos + 1] if cpos + 1 < pe else " "
                if cmark == "'" and not nxt.isalnum() and not text[cpos - 1].isspace():
                    close_at, close_len = cpos, 1
                    i = j
                    break
        if close_at is None:
            if kind in ("single", "straight-single"):
                i += 1
                continue
            # runs to the end of the paragraph (continued in the next one, or unclosed)
            end = pe
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append(QSpan(start, end, pos, pe, closed=False))
            break
        if text[start:close_at].strip():
            out.append(QSpan(start, close_at, pos, close_at + close_len))
        i += 1
    return out


def quote_spans(text: str) -> list[QSpan]:
    """Every quotation in ``text``, in order; multi-paragraph quotations merged."""
    out: list[QSpan] = []
    for ps, pe in _paragraph_spans(text):
        found = _quotes_in_paragraph(text, ps, pe)
        if (
            found
            and out
            and not out[-1].closed
            and found[0].ostart == ps
            and text[out[-1].oend : ps].count("\n") <= 3
        ):
            first = found.pop(0)
            last = out[-1]
            out[-1] = QSpan(last.start, first.end, last.ostart, first.oend, first.closed)
        out.extend(found)
    return out


# ---------- speakers ----------

PRONOUNS_PERSON = frozenset("he she him her i me we us".split())
PRONOUNS_OTHER = frozenset("it they them".split())
_FIRST_PERSON = frozenset("i me my we us our".split())
PRONOUNS = PRONOUNS_PERSON | PRONOUNS_OTHER | frozenset("you who that which this".split())
SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
# Edges by which a quotation may hang from its cue: not as its subject, an adverbial or a time.
_BAD_EDGES = frozenset(
    "nsubj nsubjpass csubj csubjpass expl aux auxpass mark advmod npadvmod prep agent "
    "det punct cc neg prt relcl acl".split()
)
_LETTER = re.compile(r"[A-Za-z]")
# Prepositions that introduce what a reporting verb says: "called it 'X' as", "blasted
# them for 'X'", "warned of 'X'", "talked about 'X'".
_CONTENT_PREPS = frozenset("as for of about against".split())
_WEAK_SUBJECTS = frozenset("it this that which what there".split())


def _is_cue(tok: Any, lex: QuoteLexicon) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in (
        "VBD",
        "VBZ",
        "VBP",
        "VBG",
        "VBN",
        "VB",
    ):
        return False
    lemma = tok.lemma_.lower()
    if lemma in lex.cue_verbs:
        return True
    for phrase in lex.cue_phrases:
        if len(phrase) == 2 and lemma == phrase[0]:
            if any(
                (c.dep_ == "prt" or c.i == tok.i + 1) and c.lower_ == phrase[1]
                for c in children(tok)
            ):
                return True
    return False


def _cue_text(tok: Any) -> str:
    prt = [c for c in children(tok) if c.dep_ == "prt" and c.i == tok.i + 1]
    if prt:
        return tok.doc[tok.i : prt[0].i + 1].text
    return str(tok.text)


def _according(tok: Any) -> Any | None:
    """For the 'according' of 'according to X', the X token."""
    if tok.lower_ != "according":
        return None
    for c in children(tok):
        if c.lower_ == "to":
            for g in children(c):
                if g.dep_ == "pobj":
                    return g
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to" and nxt.i + 1 < len(tok.doc):
        return tok.doc[nxt.i + 1]
    return None


def _subject(cue: Any) -> Any | None:
    """The subject of a reporting verb (see ``_subject_raw``), kept on the cue's line, and
    lifted from a pronoun to the subject of a governing clause that it refers to
    ("Clinton says she appreciated ... what she calls 'a war of words'" -> Clinton)."""
    subj = _subject_raw(cue)
    if subj is None:
        return None
    doc = cue.doc
    if _is_dateline(subj) and subj.i + 1 < cue.i:
        # a dateline parsed as the subject ("WASHINGTON -- President Obama, ..., said"):
        # the name after the dash
        for t in doc[subj.i + 2 : cue.i]:
            if t.pos_ in ("PROPN", "NOUN", "PRON"):
                while t.dep_ in ("compound", "flat") and t.i < t.head.i < cue.i:
                    t = t.head
                subj = t
                break
    lo, hi = sorted((subj.i, cue.i))
    if any("\n" in t.text_with_ws for t in doc[lo:hi]):
        # a parse across a line break (a dateline, a time stamp): the nearest noun before
        # the cue on its own line
        subj = None
        for k in range(cue.i - 1, -1, -1):
            t = doc[k]
            if "\n" in t.text_with_ws:
                break
            if t.pos_ in ("PROPN", "NOUN", "PRON"):
                while t.dep_ in ("compound", "flat") and t.head.i > t.i and t.head.i < cue.i:
                    t = t.head
                subj = t
                break
        if subj is None:
            return None
    low = subj.lower_
    if low in ("he", "she", "they", "it", "we"):
        node = cue
        best = None
        for _ in range(12):
            if node.head.i == node.i:
                break
            node = node.head
            for c in children(node):
                if (
                    c.dep_ in ("nsubj", "nsubjpass")
                    and c.i != subj.i
                    and not _is_dateline(c)
                    and _compatible(c, low)
                ):
                    best = c
        if best is not None:
            return best
    return subj


def _is_dateline(tok: Any) -> bool:
    """An upper-case place name followed by a dash: "WASHINGTON -- ..."."""
    if not (tok.text.isupper() and len(tok.text) > 2 and tok.i + 1 < len(tok.doc)):
        return False
    nxt = tok.doc[tok.i + 1]
    return bool(nxt.is_punct and nxt.text.strip("-—–―") == "")


def _compatible(tok: Any, pronoun: str) -> bool:
    if pronoun in ("he", "she"):
        return (
            tok.lower_ == pronoun
            or tok.ent_type_ == "PERSON"
            or (tok.pos_ == "PROPN" and tok.ent_type_ not in ("ORG", "GPE", "NORP", "LOC", "FAC"))
        )
    return tok.lower_ == pronoun or tok.ent_type_ in ("ORG", "GPE", "NORP")


def _subject_raw(cue: Any) -> Any | None:
    """The subject of a reporting verb, looking through relative, conjoined and participial verbs."""
    tok = cue
    if cue.tag_ == "VBG" and cue.dep_ in ("acl", "advcl", "xcomp", "ccomp", "dep") and cue.i > 0:
        prev = cue.doc[cue.i - 1]
        if (
            prev.pos_ in ("PROPN", "NOUN", "PRON")
            and prev.lower_ not in ("who", "that", "which", "it", "this")
            and prev.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL")
        ):
            return prev
    for _ in range(4):
        for c in children(tok):
            if c.dep_ in SUBJ_DEPS and c.dep_ != "csubj":
                if c.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
                    return tok.head
                return c
        if tok.dep_ == "relcl":
            return tok.head
        if (
            tok.dep_ in ("conj", "xcomp", "advcl", "ccomp", "dep", "pcomp", "acl")
            or (tok.dep_ == "prep" and tok.pos_ == "ADP")  # "... by announcing that"
        ) and tok.head.i != tok.i:
            if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return None
            tok = tok.head
            continue
        break
    return None


def _np_span(head: Any) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``head``: its left dependents, the head,
    flat name parts and an appositive or 'of' phrase after it (not relative clauses)."""
    doc = head.doc
    left = head.left_edge.i
    right = head.i
    # never across a line break: a dateline or a time stamp is not part of the name
    for k in range(head.i - 1, left - 1, -1):
        if "\n" in doc[k].text_with_ws:
            left = k + 1
            break
    for c in head.rights:
        if c.dep_ in ("compound", "flat", "appos", "prep", "nmod", "nummod") and (
            c.dep_ != "prep" or c.lower_ == "of"
        ):
            right = max(right, c.right_edge.i)
        else:
            break
    # Do not run into a parenthesis or a quotation.
    span = doc[left : right + 1]
    toks = span_tokens(span)
    while toks and (toks[-1].is_punct or toks[-1].dep_ in ("cc", "punct")):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].dep_ in ("cc", "punct", "advmod")):
        toks.pop(0)
    if not toks:
        return head.idx, head.idx + len(head.text)
    if len(toks) > 20:  # too long to be a name: the head with its left modifiers
        toks = [t for t in toks if t.i <= head.i][-8:]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "'")))


class _Resolver:
    """Speakers as actors, with the light coreference the quote stage needs."""

    def __init__(self, doc: Document, lex: QuoteLexicon, quote_mask: list[bool]) -> None:
        self.doc = doc
        self.lex = lex
        sdoc = doc.spacy_doc
        self.ents = [e for e in doc_ents(sdoc) if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
        # Non-pronoun subjects outside quotations, in text order: candidate antecedents.
        self.subjects: list[Any] = [
            t
            for t in doc_tokens(sdoc)
            if t.dep_ in ("nsubj", "nsubjpass")
            and not quote_mask[t.i]
            and t.lower_ not in PRONOUNS
            and t.pos_ in ("PROPN", "NOUN")
        ]

    def actor(self, head: Any) -> Actor | None:
        s, e = _np_span(head)
        if head.lower_ in _FIRST_PERSON:
            # the writer or the quoted person speaking of themselves: kept as written
            return Actor(text=self.doc.text[s:e], start=s, end=e, name=self.doc.text[s:e])
        local = resolve_span(self.doc, s, e)
        if local is None:
            return None
        local = dataclasses.replace(local, text=self.doc.text[s:e], start=s, end=e)
        if local.actor_id is not None or _norm(local.name) != _norm(local.text):
            return local  # resolved by the actor stage (dictionary, name or coreference)
        words = head.lower_
        is_pron = words in PRONOUNS_PERSON or words in PRONOUNS_OTHER
        noun = head.lemma_.lower()
        is_desc = (
            not is_pron
            and head.pos_ == "NOUN"
            and (noun in self.lex.role_nouns or noun in self.lex.group_nouns)
            and not any(t.pos_ == "PROPN" for t in head.doc[head.left_edge.i : head.i + 1])
        )
        named = self._named_inside(s, e)
        if named is not None and not is_pron:
            got = resolve_span(self.doc, named[0], named[1])
            if got is not None:
                return dataclasses.replace(got, text=local.text, start=s, end=e)
            return local
        if not (is_pron or is_desc):
            return local
        ante = self._antecedent(head, is_pron, noun)
        if ante is None:
            return local
        got = resolve_span(self.doc, ante[0], ante[1])
        if got is None:
            return local
        return dataclasses.replace(got, text=local.text, start=s, end=e)

    def _named_inside(self, s: int, e: int) -> tuple[int, int] | None:
        for ent in self.ents:
            if ent.start_char >= s and ent.end_char <= e and ent.label_ in ("PERSON", "ORG"):
                return ent.start_char, ent.end_char
        return None

    def _antecedent(self, head: Any, is_pron: bool, noun: str) -> tuple[int, int] | None:
        """The last compatible full mention before ``head``."""
        pos = head.idx
        low = head.lower_
        want_person = (is_pron and low in PRONOUNS_PERSON) or (
            not is_pron and noun in self.lex.role_nouns
        )
        if want_person:
            best: tuple[int, int] | None = None
            for ent in self.ents:
                if ent.end_char > pos:
                    break
                if ent.label_ == "PERSON":
                    best = (ent.start_char, ent.end_char)
            return best
        # an organization or a group: the last non-person subject, preferring one whose
        # head noun is the same ("the Committee" -> "the Coordinating Committee of ...")
        same: tuple[int, int] | None = None
        last: tuple[int, int] | None = None
        for t in self.subjects:
            if t.idx >= pos:
                break
            if t.ent_type_ == "PERSON" or t.lemma_.lower() in self.lex.role_nouns:
                continue
            span = _np_span(t)
            if t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "GPE", "NORP"):
                last = span
            if not is_pron and t.lemma_.lower() == noun and t.i != head.i:
                same = span
        if not is_pron:
            for ent in self.ents:
                if ent.end_char > pos:
                    break
                if ent.label_ == "ORG" and noun in ent.text.lower().split():
                    same = (
                        (ent.start_char, ent.end_char)
                        if same is None or ent.start_char > same[0]
                        else same
                    )
        return same or last


# ---------- attribution ----------


@dataclass
class _Attr:
    cue: str | None
    speaker_tok: Any | None  # head token of the speaker mention
    speaker_span: tuple[int, int] | None = None  # where no token (an introducing name)
    how: str = ""


def _tokens_in(sdoc: Any, s: int, e: int) -> list[Any]:
    span = sdoc.char_span(s, e, alignment_mode="expand")
    return doc_tokens(sdoc)[span.start : span.end] if span is not None else []


def _preceding_words(text: str, pos: int, n: int) -> list[str]:
    words = re.findall(r"[\w\-]+", text[max(0, pos - 60) : pos].lower())
    return words[-n:]


def _looks_like_title(text: str, q: QSpan) -> bool:
    """Title case over two words or more ("Contract with America"), or after a possessive
    ("DuVernay's '13th'"): a name or a title rather than anyone's words."""
    words = re.findall(r"[\w'’-]+", text[q.start : q.end])
    if len(words) >= 2:
        big = [w for w in words if w[:1].isupper()]
        small = [w for w in words if w[:1].islower() and len(w) > 3]
        if len(big) >= 2 and not small:
            return True
    return _after_possessive(text, q)


_POSSESSIVE_BEFORE = re.compile(r"(?:\w[’']s|s[’']|\b(?:his|her|its|their|our|my))\s+$", re.I)


def _after_possessive(text: str, q: QSpan) -> bool:
    """After a possessive ("MSNBC's 'Morning Joe'", "his 1994 'Contract with America'")."""
    before = text[max(0, q.ostart - 30) : q.ostart]
    before = (
        re.sub(r"(?:\b\d{4}\s+|\b[a-z]+\s+)$", "", before)
        if not _POSSESSIVE_BEFORE.search(before)
        else before
    )
    return bool(_POSSESSIVE_BEFORE.search(before))


def _is_title(text: str, q: QSpan) -> bool:
    """A show, book or programme named after a possessive, in title case or a single word."""
    if not _after_possessive(text, q):
        return False
    words = re.findall(r"[\w'’-]+", text[q.start : q.end])
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() or len(w) <= 3 for w in words)


def _is_scare_context(text: str, q: QSpan, lex: QuoteLexicon) -> bool:
    before = _preceding_words(text, q.ostart, 3)
    for marker in lex.scare_markers:
        k = len(marker)
        if k <= len(before) and tuple(before[-k:]) == marker:
            if k == 1 and marker[0] not in ("so-called", "titled", "entitled", "nicknamed"):
                # a noun ("the book") marks a title only when the quotation looks like one
                words = text[q.start : q.end].split()
                if not words or sum(w[:1].isupper() for w in words) < max(1, len(words) // 2):
                    continue
            return True
    return False


_DASH_NAME = re.compile(
    r"[ \t\u00a0]*[―—–-]{1,2}[ \t\u00a0]*"
    r"([A-Z][\w.'’-]*(?:[ \t\u00a0]+(?:[A-Z][\w.'’-]*|de|van|von|del|la|al-\w+)){0,5})"
)
_LABEL = re.compile(r"[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}):[ \t]")


def _tail_cue(
    sdoc: Any, text: str, q: QSpan, in_quote: list[int], lex: QuoteLexicon, para_end: int
) -> _Attr | None:
    """``"...," X said`` / ``"...," said X`` / ``"...," according to X`` / ``"..." ― X``."""
    m = _DASH_NAME.match(text, q.oend, para_end)
    if m and (m.end() == para_end or not text[m.end() : para_end].strip()[:1].islower()):
        return _Attr(None, None, speaker_span=m.span(1), how="dash")
    short = _short_tail(sdoc, q, in_quote, lex, para_end)
    if short is not None:
        return short
    inner = text[q.start : q.end].rstrip()
    last = inner[-1:]
    if last == "." or last == "…":
        return None  # the quotation closed its sentence: what follows is a new one
    if last in "?!":
        nxt = text[q.oend : para_end].lstrip()
        if not nxt[:1].islower():
            return None
    toks = _tokens_in(sdoc, q.oend, para_end)
    toks = toks[:24]
    seen = 0
    for k, t in enumerate(toks):
        if in_quote[t.i] >= 0:
            break
        if t.text in (".", ";", "!", "?") or (t.text == ":" and k > 0):
            break
        if t.is_punct:
            continue
        seen += 1
        if seen > 14:
            break
        ant = _according(t)
        if ant is not None:
            return _Attr("according to", ant, how="tail")
        if _is_cue(t, lex):
            subj = _subject(t)
            if subj is not None and subj.idx >= q.oend and not (in_quote[subj.i] >= 0):
                return _Attr(_cue_text(t), subj, how="tail")
            if subj is not None and subj.idx < q.ostart:
                return None  # a verb conjoined to the clause before: the tree knows better
            # the words between the quote and the cue, or the noun phrase after it
            between = [
                x for x in toks[:k] if not x.is_punct and x.pos_ in ("PROPN", "NOUN", "PRON")
            ]
            if between:
                return _Attr(_cue_text(t), between[-1], how="tail-np")
            after = [x for x in toks[k + 1 :] if x.pos_ in ("PROPN", "NOUN", "PRON")]
            if after:
                head = after[0]
                while head.dep_ in ("compound", "flat") and head.head.i > head.i:
                    head = head.head
                return _Attr(_cue_text(t), head, how="tail-after")
            if subj is not None and in_quote[subj.i] < 0:
                return _Attr(_cue_text(t), subj, how="tail-subj")
            return None
    return None


_TAIL_STOP = frozenset([".", ",", ";", ":", "!", "?", "—", "--", "―", "(", "\n"])


def _short_tail(
    sdoc: Any, q: QSpan, in_quote: list[int], lex: QuoteLexicon, para_end: int
) -> _Attr | None:
    """A short attribution clause right after the quotation, whatever closed it:
    ``"...?" Vitter demanded.`` / ``"..." she added, ...`` (at most six words)."""
    toks = _tokens_in(sdoc, q.oend, para_end)[:10]
    clause: list[Any] = []
    stop = None
    for t in toks:
        if in_quote[t.i] >= 0 or t.text in _TAIL_STOP or "\n" in t.text:
            stop = t
            break
        clause.append(t)
    if stop is None and len(toks) == 10:
        return None  # a long clause: not a bare attribution
    if stop is not None and (stop.text == ":" or in_quote[stop.i] >= 0):
        return None  # introduces something else, or runs into the next quotation
    if any(t.dep_ in ("cc", "mark") or t.pos_ in ("CCONJ", "SCONJ") for t in clause):
        return None  # "..., but that it has also noted": not a bare attribution
    words = [t for t in clause if not t.is_punct]
    if not words or len(words) > 6:
        return None
    cues = [t for t in words if _is_cue(t, lex)]
    if not cues:
        return None
    cue = cues[0]
    subj = _subject(cue)
    if subj is not None and any(x.i == subj.i for x in clause):
        return _Attr(_cue_text(cue), subj, how="short-tail")
    nouns = [t for t in words if t.pos_ in ("PROPN", "NOUN", "PRON") and t.i != cue.i]
    if not nouns:
        return None
    before = [t for t in nouns if t.i < cue.i]
    head = before[-1] if before else nouns[-1]
    return _Attr(_cue_text(cue), head, how="short-tail")


def _near(text: str, q: QSpan, pos: int) -> bool:
    """Is ``pos`` in the quotation's paragraph (no line break between them)?"""
    if pos < q.ostart:
        return "\n" not in text[pos : q.ostart]
    if pos >= q.oend:
        return "\n" not in text[q.oend : pos]
    return True


def _tree_cue(
    sdoc: Any,
    text: str,
    q: QSpan,
    qtoks: list[Any],
    qid: int,
    in_quote: list[int],
    lex: QuoteLexicon,
) -> _Attr | None:
    """The reporting verb the quotation hangs from, or one hanging from the quotation."""
    best: tuple[int, _Attr] | None = None
    for t in qtoks:
        # upwards: the quote is (part of) the content of a reporting verb
        if in_quote[t.head.i] != qid and t.head.i != t.i:
            edge = t.dep_
            prev = t
            node = t.head
            steps = 0
            while steps < 10:
                if not _near(text, q, node.idx):
                    break  # a parse across paragraphs
                other = (
                    in_quote[node.i] >= 0 and in_quote[node.i] != qid
                )  # inside another quotation
                ant = None if other else _according(node)
                if ant is not None:
                    cand = _Attr("according to", ant, how="according")
                    if best is None or steps < best[0]:
                        best = (steps, cand)
                    break
                # "called him a 'liar'", "described her as 'a politician'"
                ok_edge = edge not in _BAD_EDGES or (
                    edge == "prep" and prev.lower_ in _CONTENT_PREPS
                )
                if (
                    edge == "advcl"
                    and prev.tag_ == "VBG"
                    and any(c.dep_ == "dobj" and c.i != prev.i for c in children(node))
                ):
                    ok_edge = False  # "maintains a presence, playing ...": not speech
                if not other and ok_edge and _is_cue(node, lex):
                    subj = _subject(node)
                    if subj is not None and in_quote[subj.i] < 0:
                        cand = _Attr(_cue_text(node), subj, how="tree-up")
                        # "she says it underscores that ...": a higher cue with a speaker wins
                        weak = subj.lower_ in _WEAK_SUBJECTS
                        rank = steps + (20 if weak else 0)
                        if best is None or rank < best[0]:
                            best = (rank, cand)
                        if not weak:
                            break
                # an interposed attribution: "X, he added, is like 'Y'"
                for c in children(node):
                    if (
                        (c.dep_ == "parataxis" or c.dep_ == "advcl" and c.left_edge.lower_ == "as")
                        and in_quote[c.i] < 0
                        and _is_cue(c, lex)
                    ):
                        subj = _subject(c)
                        if subj is not None and subj.head.i == c.i and in_quote[subj.i] < 0:
                            rank = steps + 1
                            if best is None or rank < best[0]:
                                best = (rank, _Attr(_cue_text(c), subj, how="interposed"))
                for c in children(node):  # a fronted "According to X, ..."
                    if c.dep_ == "prep" and in_quote[c.i] < 0:
                        ant = _according(c)
                        if ant is not None and (best is None or steps + 1 < best[0]):
                            best = (steps + 1, _Attr("according to", ant, how="according"))
                if node.head.i == node.i:
                    break
                edge = node.dep_
                prev = node
                node = node.head
                steps += 1
        # downwards: a reporting verb attached to the quoted clause ("...," he said)
        for c in children(t):
            if in_quote[c.i] >= 0:
                continue
            ant = _according(c) if c.dep_ == "prep" else None
            if ant is not None and in_quote[ant.i] < 0:
                if best is None or 0 < best[0]:
                    best = (0, _Attr("according to", ant, how="according"))
                continue
            if c.dep_ in ("parataxis", "ccomp", "advcl", "conj", "dep") and _is_cue(c, lex):
                subj = _subject(c)
                if subj is not None and in_quote[subj.i] < 0 and subj.head.i == c.i:
                    cand = _Attr(_cue_text(c), subj, how="tree-down")
                    if best is None or 0 < best[0]:
                        best = (0, cand)
    return best[1] if best else None


def _intro_cue(
    sdoc: Any, text: str, q: QSpan, in_quote: list[int], lex: QuoteLexicon
) -> _Attr | None:
    """An introducing clause just before the quotation: ``X said:`` / ``X told reporters,``."""
    before = text[: q.ostart].rstrip()
    if not before or before[-1] not in ":,":
        return None
    end = len(before)
    start = max(0, end - 300)
    toks = _tokens_in(sdoc, start, end)
    # the clause: tokens after the last sentence end / quotation before the colon
    clause: list[Any] = []
    for t in reversed(toks):
        if in_quote[t.i] >= 0 or (t.text in (".", "!", "?", ";") and t.idx < end - 1):
            break
        if "\n" in t.text_with_ws and t.idx + len(t.text) < end - 1 and before[-1] == ",":
            break
        clause.insert(0, t)
    for t in reversed(clause):
        if _is_cue(t, lex):
            subj = _subject(t)
            if subj is not None and in_quote[subj.i] < 0:
                return _Attr(_cue_text(t), subj, how="intro")
    if before[-1] == ":":
        # "Sanders made the following comment:": the subject of the clause, if it can speak
        for t in clause:
            if t.dep_ in ("nsubj", "nsubjpass") and t.head in clause and _animate(t, lex):
                return _Attr(":", t, how="colon-subject")
        # a headline or label "Warren to Stumpf: '...'": the first name before the colon
        names = [t for t in clause if t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")] or [
            t for t in clause if t.pos_ == "PROPN" and not t.ent_type_
        ]
        words = [t for t in clause if not t.is_punct]
        if names and len(words) <= 12:
            first = names[0]
            s = first.idx
            e = s
            for t in clause[clause.index(first) :]:
                if t.ent_iob_ in ("B", "I") and t.ent_type_ == first.ent_type_ or t.pos_ == "PROPN":
                    e = t.idx + len(t.text)
                else:
                    break
            if e > s:
                return _Attr(":", None, speaker_span=(s, e), how="colon")
    return None


def _animate(tok: Any, lex: QuoteLexicon) -> bool:
    """Can this subject say something? A name, a person pronoun, a role or a group."""
    if tok.lower_ in ("he", "she", "i", "we", "they"):
        return True
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    lemma = tok.lemma_.lower()
    return lemma in lex.role_nouns or lemma in lex.group_nouns


def _clause_cue(
    text: str, q: QSpan, qtoks: list[Any], qid: int, in_quote: list[int], lex: QuoteLexicon
) -> _Attr | None:
    """A quoted fragment with no reporting verb, in a clause whose subject can speak
    (``Trump admires Putin as a "strong leader"``): the words are taken as that
    subject's (mixed quotation), with the clause's verb as the cue."""
    for t in qtoks:
        if in_quote[t.head.i] == qid or t.head is t:
            continue
        node = t.head
        for _ in range(8):
            if in_quote[node.i] >= 0 and in_quote[node.i] != qid:
                return None
            if not _near(text, q, node.idx):
                return None
            if node.pos_ in ("VERB", "AUX"):
                subj = next((c for c in children(node) if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is None and node.dep_ in ("conj", "xcomp"):
                    subj = _subject(node)
                if subj is not None:
                    if in_quote[subj.i] < 0 and _animate(subj, lex):
                        return _Attr(str(node.text), subj, how="clause")
                    return None
            if node.head.i == node.i:
                break
            node = node.head
        return None
    return None


def _label_cue(sdoc: Any, text: str, q: QSpan, para_start: int) -> _Attr | None:
    """A headline or label ``Pence: ... 'Mocking' ...``: the name before the line's colon."""
    m = _LABEL.match(text, para_start, q.ostart)
    if not m:
        return None
    toks = _tokens_in(sdoc, m.start(1), m.end(1))
    if not toks or not any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in toks):
        return None
    return _Attr(":", None, speaker_span=m.span(1), how="label")


def _headline_cue(
    sdoc: Any, text: str, q: QSpan, line_start: int, in_quote: list[int]
) -> _Attr | None:
    """A quotation in a headline is the words of the headline's subject: the name it opens
    with ("Black Lawmakers Rip Donald Trump As A 'Disgusting Fraud'")."""
    toks = [t for t in _tokens_in(sdoc, line_start, q.ostart) if in_quote[t.i] < 0]
    if not toks or toks[0].is_punct:
        return None
    first = toks[0]
    if first.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") and first.ent_iob_ == "B":
        ent = next((e for e in sdoc.ents if e.start == first.i), None)
        if ent is not None and ent.end_char <= q.ostart:
            return _Attr(None, None, speaker_span=(ent.start_char, ent.end_char), how="headline")
    run = []
    for t in toks[:5]:
        if t.pos_ in ("VERB", "AUX", "DET") or t.is_punct or not t.text[:1].isupper():
            break
        run.append(t)
    if not run or len(run) == len(toks) or not any(t.pos_ in ("PROPN", "NOUN") for t in run):
        return None
    return _Attr(
        None, None, speaker_span=(run[0].idx, run[-1].idx + len(run[-1].text)), how="headline"
    )


def _starts_sentence(text: str, q: QSpan) -> bool:
    before = text[: q.ostart].rstrip(" \t")
    return not before or before[-1] in ".!?\n:" or before.endswith(("”", '"', "''"))


# ---------- the stage ----------


def find_quotes(doc: Document, lexicon: QuoteLexicon | None = None) -> list[Quote]:
    """Every quotation in ``doc`` with its speaker and cue; then attributed paraphrase."""
    text = doc.text
    if not text:
        return []
    lex = lexicon or default_lexicon()
    spans = quote_spans(text)
    sdoc = doc.spacy_doc
    if sdoc is None:
        return [Quote(text[q.start : q.end], q.start, q.end, None, None, "direct") for q in spans]

    # which quotation (by index) each token lies in; -1 outside
    in_quote = [-1] * len(sdoc)
    k = 0
    for t in doc_tokens(sdoc):
        while k < len(spans) and spans[k].oend <= t.idx:
            k += 1
        if k < len(spans) and spans[k].ostart <= t.idx < spans[k].oend:
            in_quote[t.i] = k
    resolver = _Resolver(doc, lex, [x >= 0 for x in in_quote])
    paragraphs = _paragraph_spans(text)

    def para_of(pos: int) -> tuple[int, int]:
        for ps, pe in paragraphs:
            if ps <= pos <= pe:
                return ps, pe
        return 0, len(text)

    quotes: list[Quote] = []
    attrs: list[_Attr | None] = []
    # a headline: a short first paragraph ("Flynn says Trump 'absolutely right' ...")
    headline_end = -1
    if len(paragraphs) > 1 and len(text[paragraphs[0][0] : paragraphs[0][1]].split()) <= 25:
        headline_end = paragraphs[0][1]
    for qi, q in enumerate(spans):
        qtoks = [t for t in _tokens_in(sdoc, q.start, q.end) if in_quote[t.i] == qi]
        words = len(text[q.start : q.end].split())
        attr: _Attr | None = None
        scare = _is_scare_context(text, q, lex) or _is_title(text, q)
        if not scare and q.ostart < headline_end:
            attr = _label_cue(sdoc, text, q, paragraphs[0][0]) or _headline_cue(
                sdoc, text, q, paragraphs[0][0], in_quote
            )
        if not scare and attr is None:
            attr = _tail_cue(sdoc, text, q, in_quote, lex, para_of(q.oend - 1)[1])
            if attr is None:
                attr = _tree_cue(sdoc, text, q, qtoks, qi, in_quote, lex)
            if attr is None:
                attr = _intro_cue(sdoc, text, q, in_quote, lex)
            if attr is None and _starts_sentence(text, q):
                attr = _continuation(text, spans, attrs, qi)
                if attr is None and words >= 4:
                    attr = _previous_sentence(sdoc, text, q, in_quote, lex)
            if attr is None:
                attr = _label_cue(sdoc, text, q, para_of(q.ostart)[0])
            if attr is None and not _starts_sentence(text, q) and not _looks_like_title(text, q):
                attr = _clause_cue(text, q, qtoks, qi, in_quote, lex)
        speaker: Actor | None = None
        if attr is not None:
            if attr.speaker_tok is not None:
                speaker = resolver.actor(attr.speaker_tok)
            elif attr.speaker_span is not None:
                s, e = attr.speaker_span
                speaker = resolve_span(doc, s, e)
        if scare or (attr is None and (words <= 6 or not _starts_sentence(text, q))):
            kind = "scare"
            speaker = None
            attr = None
        elif _starts_sentence(text, q) or (
            text[q.start : q.start + 1].isupper()
            and (words >= 5 or text[: q.ostart].rstrip().endswith((",", ":")))
        ):
            kind = "direct"  # a whole utterance, not a fragment inside the reporter's sentence
        else:
            kind = "partial"
        attrs.append(attr)
        quotes.append(
            Quote(
                text=text[q.start : q.end],
                start=q.start,
                end=q.end,
                speaker=speaker,
                cue=attr.cue if attr else None,
                kind=kind,
            )
        )
    quotes.extend(_indirect(doc, sdoc, in_quote, lex, resolver))
    quotes.sort(key=lambda x: x.start)
    return quotes


def _continuation(
    text: str,
    spans: list[QSpan],
    attrs: list[_Attr | None],
    qi: int,
) -> _Attr | None:
    """``"...," she said. "..."``: a quotation opening a sentence continues the last one
    when nothing but its attribution lies between them (same or next paragraph)."""
    j = qi - 1
    # step back over a title or scare quote in between ('... on "Fox and Friends." "...'),
    # within the paragraph
    while (
        j > 0
        and attrs[j] is None
        and len(text[spans[j].start : spans[j].end].split()) <= 6
        and "\n" not in text[spans[j - 1].oend : spans[qi].ostart]
    ):
        j -= 1
    if j < 0 or attrs[j] is None:
        return None
    prev, cur = spans[j], spans[qi]
    gap = text[prev.oend : cur.ostart]
    if gap.count("\n") > 2 or len(gap) > (400 if "\n" not in gap else 200):
        return None
    prev_attr = attrs[j]
    assert prev_attr is not None
    if "\n" in gap:
        # a new paragraph: only when it opens with this quotation and nothing but the
        # last quotation's own attribution ("..., he said.") lies between them
        rest = gap.strip()
        if rest and (
            prev_attr.how == "dash"
            or len(rest) > 80
            or "\n" in rest
            or not prev_attr.how.startswith(("tail", "short"))
        ):
            return None
    return dataclasses.replace(prev_attr, how="continued")


def _previous_sentence(
    sdoc: Any, text: str, q: QSpan, in_quote: list[int], lex: QuoteLexicon
) -> _Attr | None:
    """A quotation that is a sentence of its own, after a sentence about someone in the same
    paragraph (``Sanders ... identified ... as one of the reasons. "The younger people ..."``):
    the words of that sentence's speaker, its reporting verb's subject or its subject."""
    before = text[: q.ostart].rstrip(" \t\u00a0")
    if not before or before[-1] not in ".!?" or before.endswith("\n"):
        return None
    line_start = before.rfind("\n") + 1
    toks = [t for t in _tokens_in(sdoc, line_start, len(before)) if in_quote[t.i] < 0]
    sent: list[Any] = []
    for t in reversed(toks[:-1]):
        if t.text in (".", "!", "?"):
            break
        sent.insert(0, t)
    if not sent:
        return None
    for t in reversed(sent):
        if _is_cue(t, lex):
            subj = _subject(t)
            if subj is not None and in_quote[subj.i] < 0 and subj.idx >= line_start:
                return _Attr(_cue_text(t), subj, how="previous")
    for t in sent:
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and _animate(t, lex):
            return _Attr(str(t.head.text), t, how="previous-subject")
    return None


def _indirect(
    doc: Document,
    sdoc: Any,
    in_quote: list[int],
    lex: QuoteLexicon,
    resolver: _Resolver,
) -> Iterable[Quote]:
    """``X said that Y``: the content clause Y of a reporting verb with a subject."""
    text = doc.text
    tokens = doc_tokens(sdoc)
    for t in tokens:
        if in_quote[t.i] >= 0 or not _is_cue(t, lex):
            continue
        comp = next((c for c in children(t) if c.dep_ == "ccomp"), None)
        if comp is None:
            continue
        subj = _subject(t)
        if subj is None or in_quote[subj.i] >= 0:
            continue
        left, right = comp.left_edge.i, comp.right_edge.i
        if right - left < 2:
            continue
        # the clause must lie on one side of the cue and its subject
        if left < t.i < right or (left <= subj.i <= right):
            continue
        if left > t.i:
            # "X said (to reporters) (that) Y": the clause starts right after the cue
            between = tokens[t.i + 1 : left]
            if len(between) > 12 or any(x.is_punct and x.text not in (",", "-") for x in between):
                continue
            if tokens[left].pos_ in ("CCONJ", "PUNCT"):
                continue
        elif min(t.i, subj.i) - right > 3:
            continue  # "Y, X said": the clause ends at the comma before the attribution
        lo, hi = min(left, t.i, subj.i), max(right, t.i, subj.i)
        if any("\n" in x.text_with_ws for x in tokens[lo:hi]):
            continue  # a parse across a line break
        toks = tokens[left : right + 1]
        if any(in_quote[x.i] >= 0 for x in toks):
            continue
        while len(toks) > 1 and toks[-1].is_punct:
            toks = toks[:-1]
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        if not _LETTER.search(text[s:e]):
            continue
        speaker = resolver.actor(subj)
        yield Quote(text[s:e], s, e, speaker, _cue_text(t), "indirect")
