"""Event mentions: PLOVER-typed events with source and target, from each sentence.

Triggers are verbs and nouns matched by the patterns of ``data/patterns`` (lemmas plus
conditions on dependency children: particle, object, modifier, preposition). Roles come
from the dependency parse:

- active subject -> source, direct object / dative / pattern prepositions -> target;
- passive: the ``by`` agent -> source, the passive subject -> target;
- subjects are inherited through ``xcomp``, ``conj``, participial ``advcl`` and relative
  clauses; "X said that ..." gives X as source to a subjectless event in its clause;
- nominal triggers take possessives and actor modifiers ("the US assassination of X")
  as source, or the subject of the verb they are the object of, and their pattern
  prepositions as target;
- conjoined subjects with no other target make one event between the conjuncts.

Modality: negated (``not``, ``no``, "refused to"), hypothetical (modal verbs, "if"),
future ("will", "vowed to"), else asserted. ``date`` and ``location`` are left for the
later stages (``timex.date_events``, ``geo.locate_events``).

Typing rules that follow the CAMEO-to-PLOVER mapping rather than single words:

- a negated mention may change type (pattern ``negated_type``: "did not accept" REJECT);
- an intended cooperative event ("will meet", "is willing to withdraw") is AGREE (CAMEO
  03); an announced conflict action ("said they would blockade") or one under an
  "unless" condition is THREATEN (13); "vowed to expel" is THREATEN;
- "X said Y must ..." is X's REQUEST of Y, "X said Y was responsible for ..." X's ACCUSE;
- an order takes the type of the material event it orders (pattern ``command``);
- a request for conflict action against X ("called for sanctions against X") is ACCUSE;
- verbs that only complete a noun ("the decision to leave") and the content of an
  accusation, request or threat ("accused X of killing Y") are not events of their own;
- one event per act: a sentence's mention with the same type and actor as a fuller one
  is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.parts_of_speech import AUX, NOUN, PROPN, VERB

from . import actors
from .events_patterns import Pattern, PatternSet, default_patterns
from .records import Actor, Document, EventMention, Span

Token = Any  # a spaCy Token

#: entity labels that never name an actor
NON_ACTOR_ENTS = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LAW", "LANGUAGE"}
)
#: common nouns that never name an actor (times, amounts)
NON_ACTOR_NOUNS = frozenset(
    {
        "day", "week", "month", "year", "time", "today", "yesterday", "tomorrow", "morning",
        "evening", "night", "weekend", "decade", "period", "hour", "minute", "percent",
        "number", "part", "end", "way", "thing", "lot", "kind", "sort", "order", "package",
        "set", "series", "wave", "round", "raft", "batch", "string", "spate", "flurry",
    }
)  # fmt: skip
#: left dependents that belong to an actor's noun phrase
NP_LEFT = frozenset({"compound", "amod", "nmod", "poss", "det", "nummod", "quantmod", "predet"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
SUBJ = ("nsubj", "csubj")
#: verbs whose object (not subject) is the understood subject of their xcomp
OBJECT_CONTROL = frozenset(
    {"urge", "ask", "call", "force", "order", "persuade", "allow", "help", "tell", "press",
     "encourage", "invite", "compel", "pressure", "push", "appeal", "permit", "require"}
)  # fmt: skip
PEACEKEEPING = frozenset({"peacekeeping", "peacekeeper", "peacekeepers", "peace-keeping"})
#: conflict types whose announced future form is a THREATEN
FUTURE_THREAT_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST"})
#: nouns that only count or group events ("a wave of attacks", "a package of sanctions")
CONTAINER_NOUNS = frozenset(
    {"package", "set", "series", "wave", "round", "raft", "batch", "string", "spate", "flurry",
     "number", "host", "barrage", "volley", "campaign"}
)  # fmt: skip
QUANTITY_NOUNS = frozenset(
    {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores",
     "couple", "lot", "lots", "pair", "handful", "million", "millions"}
)  # fmt: skip
#: nouns for texts that speak for their author ("a statement demanding ...")
DOCUMENT_NOUNS = frozenset(
    {"statement", "declaration", "resolution", "letter", "communique", "communiqué", "report",
     "message", "note", "decree", "motion", "bill", "petition", "memo", "memorandum"}
)  # fmt: skip
#: types an order takes from what it orders ("ordered troops to attack" is an ASSAULT)
COMMAND_TYPES = frozenset({"COERCE", "ASSAULT", "SANCTION", "MOBILIZE", "RETREAT", "AID"})
#: prepositions whose object can satisfy a pattern's object condition ("go on strike")
OBJECT_PREPS = frozenset({"on", "for", "into", "in", "to", "at", "with", "off", "out", "up", "as"})
#: cooperative types whose future/intended form is an AGREE (CAMEO 03: express intent to ...)
INTENT_TYPES = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
SYMMETRIC_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE", "ASSAULT", "SUPPORT", "AID"})


#: the pattern set of the document being processed (set by ``find_events``), so that the
#: helpers below do not re-read the settings for every token
_ACTIVE: list[PatternSet] = []


def _patterns() -> PatternSet:
    if not _ACTIVE:
        _ACTIVE.append(default_patterns())
    return _ACTIVE[0]


@dataclass
class _Hit:
    """A trigger token matched by a pattern, before roles are found."""

    tok: Token
    pattern: Pattern
    consumed: Token | None = None  # an object noun the pattern used as a condition


#: a token's syntactic children, from its Doc's table made once (``Token.children`` makes
#: new Token objects on each access)
_children = actors.children


def _pobjs(tok: Any, prep: Callable[[Any], bool]) -> list[Any]:
    """The objects of ``tok``'s prepositions that ``prep`` accepts, in text order:
    "dozens" -> "drones" in "dozens of drones" (``prep``: the word "of")."""
    return [g for c in _children(tok) if prep(c) for g in _children(c) if g.dep_ == "pobj"]


def _is_of(c: Any) -> bool:
    return bool(c.lower_ == "of")


def _is_agent(c: Any) -> bool:
    return bool(c.dep_ == "agent")


def _is_prep(c: Any) -> bool:
    return bool(c.dep_ == "prep")


def _agent(v: Any) -> Any:
    """The "by" object of a passive verb ("was attacked by rebels" -> "rebels"), or None."""
    return next(iter(_pobjs(v, _is_agent)), None)


# ---------- matching ----------


def _lemma_keys(tok: Token) -> list[str]:
    keys = [tok.lemma_.lower()]
    if tok.pos_ == "PROPN" and tok.text[:1].isupper():
        # title-case headlines ("Resistance Vows To Expel ...") tag verbs as proper nouns
        low = tok.lower_
        keys += [low, low[:-1] if low.endswith("s") else low]
    return keys


def _objects(tok: Token) -> list[Token]:
    """Direct objects (or the passive subject), and objects of the verb's prepositions."""
    out = [c for c in _children(tok) if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "legislation passed by ..."
        out.append(tok.head)
    for c in _children(tok):
        if c.dep_ in ("prep", "prt") and c.lower_ in OBJECT_PREPS:
            out.extend(g for g in _children(c) if g.dep_ == "pobj")
    out.extend(g for o in list(out) for g in o.conjuncts)
    # "launched dozens of drones", "imposed a raft of sanctions": the counted noun
    for o in list(out):
        if o.lemma_.lower() in QUANTITY_NOUNS or o.lemma_.lower() in CONTAINER_NOUNS:
            out.extend(_pobjs(o, _is_of))
    return out


def _objects_memo(tok: Token, memo: list[list[Token]] | None) -> list[Token]:
    if memo is None:
        return _objects(tok)
    if not memo:
        memo.append(_objects(tok))
    return memo[0]


def _conditions_hold(
    p: Pattern, tok: Token, memo: list[list[Token]] | None = None
) -> Token | None | bool:
    """False if a condition fails; else the object noun it consumed (or None).
    ``memo``: holds ``_objects(tok)`` once made, for the token's other patterns."""
    consumed: Token | None = None
    if p.particle and not any(
        c.lower_ in p.particle
        for c in _children(tok)
        if c.dep_ in ("prt", "prep", "advmod", "agent")
    ):
        return False
    if p.prep and not any(c.lower_ in p.prep for c in _children(tok) if c.dep_ == "prep"):
        return False
    if p.object:
        obj = next(
            (
                o
                for o in _objects_memo(tok, memo)
                if o.lemma_.lower() in p.object
                or o.lower_ in p.object
                or any(c.dep_ == "compound" and c.lemma_.lower() in p.object for c in _children(o))
            ),
            None,
        )
        if obj is None:
            return False
        consumed = obj
    if p.modifier and not any(
        d.lemma_.lower() in p.modifier or d.lower_ in p.modifier
        for c in _children(tok)
        for d in (c, *_children(c))
        if d.dep_
        in ("amod", "compound", "acomp", "oprd", "xcomp", "ccomp", "advmod", "nmod", "dobj")
    ):
        return False
    if p.subject:
        subj = next((c for c in _children(tok) if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and tok.dep_ in ("acl", "relcl"):
            subj = tok.head
        if subj is None or subj.lemma_.lower() not in p.subject:
            return False
    if p.object_kind == "actor":
        dobj = next((c for c in _children(tok) if c.dep_ == "dobj"), None)
        if dobj is None or not (
            dobj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or dobj.pos_ == "PROPN"
        ):
            return False
    return consumed


#: the parts of speech ``_match`` looks at (as ``Token.pos`` ids)
_TRIGGER_POS: frozenset[int] = frozenset({VERB, AUX, PROPN, NOUN})


def _match(tok: Token, ps: PatternSet) -> _Hit | None:
    tag = tok.pos_
    if tag in ("VERB", "AUX") or (tag == "PROPN" and tok.dep_ == "ROOT"):
        pos = "verb"
    elif tag == "NOUN" and tok.dep_ != "compound":
        pos = "noun"
    else:
        return None
    seen: set[str] = set()
    best: _Hit | None = None
    memo: list[list[Token]] = []  # the token's objects, made once
    for key in _lemma_keys(tok):
        if key in seen:
            continue
        seen.add(key)
        for p in ps.lookup(pos, key):
            got = _conditions_hold(p, tok, memo)
            if got is False:
                continue
            if best is None or p.specificity > best.pattern.specificity:
                best = _Hit(tok, p, got if got is not True and got is not None else None)
            break  # lists are sorted most specific first
    return best


# ---------- actors ----------


def _is_actor_token(tok: Token) -> bool:
    if tok.pos_ == "PRON":
        low = tok.lower_
        if low in ("it", "its"):
            # "it" names an actor only as the subject of an active, non-copular verb or a possessor
            return tok.dep_ == "poss" or (tok.dep_ == "nsubj" and tok.head.lemma_ != "be")
        return low not in ("that", "which", "what", "this", "there", "something", "anything")
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.ent_type_ in NON_ACTOR_ENTS:
        return False
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma in _patterns().noun_lemmas:
        return False  # "sanctions", "talks": events, not actors
    return lemma not in NON_ACTOR_NOUNS


def _actor_bounds(tok: Token) -> tuple[int, int]:
    """Token indices [start, end) of the noun phrase naming the actor headed by ``tok``."""
    if tok.pos_ == "PRON":
        return tok.i, tok.i + 1
    left, right = tok.i, tok.i
    kids = _children(tok)
    lefts = [k for k in kids if k.i < tok.i]  # ``tok.lefts``, ``tok.rights``
    rights = [k for k in kids if k.i > tok.i]
    for c in lefts:
        if c.dep_ in NP_LEFT or (c.dep_ == "punct" and c.text in "-‐"):
            left = min(left, c.left_edge.i)
    conj_naming = False
    for c in rights:
        if c.dep_ in ("compound", "flat", "appos") and c.pos_ == "PROPN" and c.i == right + 1:
            right = c.right_edge.i
        elif c.dep_ == "prep" and c.lower_ == "of" and tok.pos_ == "NOUN":
            right = max(right, c.right_edge.i)
        elif c.dep_ == "conj" and any(g.dep_ == "appos" for g in _children(c)):
            # "the leader of the X coalition Hadi al-Ameri": one actor, named at the end
            right = max(right, c.right_edge.i)
            conj_naming = True
    if tok.ent_iob_ != "O" and tok.ent_type_ not in NON_ACTOR_ENTS:
        ent = actors.ent_at(tok.doc, tok.i)
        if ent is not None:
            left, right = min(left, ent.start), max(right, ent.end - 1)
    doc = actors.doc_tokens(tok.doc)
    # a parenthesis closes the actor ("Hadi al-Ameri (headline photo)")
    for i in range(tok.i + 1, right + 1):
        if doc[i].text in ("(", "[", ",", ";", "—", "–") and not conj_naming:
            right = i - 1
            break
        if doc[i].text in ("(", "["):
            right = i - 1
            break
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].dep_ == "cc"):
        left += 1
    return left, right + 1


def _actor(doc: Document, tok: Token | None) -> Actor | None:
    if tok is None:
        return None
    sdoc = actors.doc_tokens(tok.doc)
    start, end = _actor_bounds(tok)
    s, e = sdoc[start].idx, sdoc[end - 1].idx + len(sdoc[end - 1].text)
    actor = actors.resolve_span(doc, s, e)
    if actor is None:
        actor = Actor(text=doc.text[s:e], start=s, end=e, name=doc.text[s:e])
    return actor


def _unquantify(tok: Token | None) -> Token | None:
    """ "Thousands of students" names the students; "tens of thousands of Kurds" the Kurds."""
    for _ in range(3):
        if tok is None:
            return None
        quantity = (
            tok.lemma_.lower() in QUANTITY_NOUNS
            or tok.ent_type_ == "CARDINAL"
            or tok.lemma_.lower() in ("ten", "tens", "some", "many", "most", "all", "none")
        )
        pobj = next(iter(_pobjs(tok, _is_of)), None)
        if not quantity or pobj is None:
            return tok
        tok = pobj
    return tok


def _first_actor(cands: list[Token]) -> Token | None:
    """The first actor among ``cands``; an event noun ("sanctions against X") gives its target."""
    cands = [_unquantify(c) for c in cands]
    for c in cands:
        if _is_actor_token(c):
            return c
        if c.pos_ == "NOUN" and c.lemma_.lower() in _patterns().noun_lemmas:
            inner = next((g for g in _prep_objects(c, INNER_PREPS) if _is_actor_token(g)), None)
            if inner is not None:
                return inner
    return None


# ---------- roles ----------


@dataclass
class _Roles:
    source: Token | None = None
    target: Token | None = None
    reported: bool = False


def _subject(v: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """(subject token, whether it is a passive subject) of the clause of ``v``."""
    for c in _children(v):
        if c.dep_ in SUBJ:
            if c.tag_ in RELATIVE_TAGS or c.lower_ == "that":
                if v.dep_ == "relcl":
                    return v.head, False
            if c.dep_ == "nsubj" and c.lower_ in ("there",):
                break
            return c, False
        if c.dep_ == "nsubjpass":
            if (c.tag_ in RELATIVE_TAGS or c.lower_ == "that") and v.dep_ == "relcl":
                return v.head, True
            return c, True
    if depth > 4:
        return None, False
    if v.dep_ == "xcomp":
        head = v.head
        if head.lemma_.lower() in OBJECT_CONTROL:
            objs = [c for c in _children(head) if c.dep_ == "dobj"]
            objs += _pobjs(head, _is_prep)
            if objs:
                return objs[0], _own_passive(v)
        return _subject(head, depth + 1)[0], _own_passive(v)
    if v.dep_ == "conj":
        return _subject(v.head, depth + 1)
    if v.dep_ == "advcl" and (
        v.tag_ in ("VBG", "VBN") or any(c.dep_ == "aux" and c.lower_ == "to" for c in _children(v))
    ):
        return _subject(v.head, depth + 1)[0], _own_passive(v)
    if v.dep_ == "pcomp" or (v.tag_ == "VBG" and v.dep_ in ("pobj", "advcl")):
        # "under the pretext of fighting X": the gerund's subject is that of the governing
        # verb; "the insistence of X on keeping ...": that of the noun it completes
        cur, came = v.head, v
        for _ in range(6):
            if cur.pos_ in ("VERB", "AUX") and cur.dep_ != "amod":
                return _subject(cur, depth + 1)[0], _own_passive(v)
            if cur.pos_ in ("NOUN", "PROPN"):
                for c in _children(cur):
                    if c.i == came.i:
                        continue
                    if c.dep_ == "poss":
                        return c, False
                    if c.dep_ == "prep" and c.lower_ == "of":
                        pobj = next((g for g in _children(c) if g.dep_ == "pobj"), None)
                        if pobj is not None:
                            return pobj, False
            came = cur
            if cur.head.i == cur.i:
                break
            cur = cur.head
        return None, False
    if v.dep_ == "acomp":  # "X is willing to withdraw"
        return _subject(v.head, depth + 1)
    if v.dep_ == "acl" and v.head.lemma_.lower() in DOCUMENT_NOUNS:
        # "issued a statement demanding ...": the document speaks for whoever issued it
        head = v.head
        if head.dep_ in ("dobj", "pobj") and head.head.pos_ in ("VERB", "AUX"):
            return _subject(head.head, depth + 1)[0], _own_passive(v)
        return None, False
    if v.dep_ == "acl":
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in _children(v)):
            # "the decision to leave": no subject in the phrase
            return None, False
        return v.head, v.tag_ == "VBN"
    if v.dep_ == "relcl":
        return v.head, False
    return None, False


def _own_passive(v: Token) -> bool:
    """Whether ``v`` itself is passive ("was arrested", "backed by X, ...")."""
    return any(c.dep_ == "auxpass" for c in _children(v)) or (v.tag_ == "VBN" and v.dep_ == "advcl")


def _noun_content(tok: Token) -> bool:
    """A verb that only completes a noun: "the decision to leave", "the pretext of fighting"."""
    if tok.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in _children(tok)):
        return True
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        return True
    return False


def _speaker(v: Token) -> Token | None:
    """X in "X said that ... v ...", walking up through clause links."""
    cur = v
    for _ in range(5):
        if (
            cur.dep_ in ("ccomp", "xcomp", "conj", "advcl", "attr", "dobj", "acomp")
            and cur.head.i != cur.i
        ):
            head = cur.head
            if cur.dep_ == "ccomp" and head.lemma_.lower() in _speech(head):
                subj, passive = _subject(head)
                return None if passive else subj
            cur = head
        else:
            return None
    return None


def _speech(tok: Token) -> frozenset[str]:
    return _patterns().speech_verbs


def _prep_objects(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    found: list[tuple[int, Token]] = []
    for c in _children(tok):
        if c.dep_ in ("prep", "prt") and c.lower_ in preps:
            rank = preps.index(c.lower_)
            for g in _children(c):
                if g.dep_ == "pobj":
                    found.append((rank, g))
    found.sort(key=lambda x: x[0])
    return [g for _, g in found]


def _verb_roles(hit: _Hit) -> _Roles:
    v, p = hit.tok, hit.pattern
    subj, passive = _subject(v)
    subj = _unquantify(subj)
    agent = _agent(v)
    roles = _Roles()
    if passive:
        roles.source = agent
        roles.target = subj if subj is not None and _is_actor_token(subj) else None
    else:
        roles.source = subj if subj is not None and _is_actor_token(subj) else None
        objs = [c for c in _children(v) if c.dep_ in ("dobj", "dative")]
        if hit.consumed is not None:
            # "signed an agreement with X": the target hangs off the object noun or the verb
            objs = [o for o in objs if o.i != hit.consumed.i]
            objs += _prep_objects(hit.consumed, p.target_preps)
            # "pledged 5 billion euros in military aid to Ukraine": an event noun's target
            objs += [
                g
                for c in _children(hit.consumed)
                if c.dep_ == "prep"
                for g in _children(c)
                if g.dep_ == "pobj" and g.lemma_.lower() in _patterns().noun_lemmas
            ]
        roles.target = _first_actor(objs + _prep_objects(v, p.target_preps))
    if roles.target is None and p.type == "REQUEST":
        # "demanded that the government provide ...": the one asked is the clause's subject
        for c in _children(v):
            if c.dep_ == "ccomp":
                subj = next((g for g in _children(c) if g.dep_ == "nsubj"), None)
                if subj is not None and _is_actor_token(subj):
                    roles.target = subj
                    break
    if roles.target is None and p.absorb:
        for c in _children(v):
            if c.dep_ in ("xcomp", "ccomp", "advcl") and c.pos_ in ("VERB", "AUX"):
                objs = [g for g in _children(c) if g.dep_ in ("dobj", "dative")]
                roles.target = _first_actor(objs + _prep_objects(c, DEFAULT_PREPS))
                if roles.target is not None:
                    break
    if roles.source is None and (subj is None or subj.lower_ == "there"):
        roles.source = _speaker(v)
        roles.reported = roles.source is not None
    return roles


DEFAULT_PREPS = ("against", "on", "upon", "with", "to", "toward", "towards", "at", "into", "from")
INNER_PREPS = (*DEFAULT_PREPS, "of")


def _noun_roles(hit: _Hit) -> _Roles:
    n, p = hit.tok, hit.pattern
    roles = _Roles()
    for c in _children(n):
        if c.dep_ == "poss" and _is_actor_token(c) and c.pos_ != "PRON":
            roles.source = c
        elif c.dep_ in ("compound", "amod", "nmod") and c.i < n.i and roles.source is None:
            if c.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") or c.pos_ == "PROPN":
                roles.source = c
    for c in _children(n):
        if c.dep_ == "prep" and c.lower_ in p.agent_preps:
            roles.source = (
                _first_actor([g for g in _children(c) if g.dep_ == "pobj"]) or roles.source
            )
        if c.dep_ == "prep" and c.lower_ == "between":
            pobj = next((g for g in _children(c) if g.dep_ == "pobj"), None)
            if pobj is not None and _is_actor_token(pobj):
                roles.source = pobj
                roles.target = next(iter(pobj.conjuncts), None)
    if roles.target is None:
        cands = _prep_objects(n, p.target_preps)
        if not cands:  # "its rejection and condemnation of X"
            for conj in n.conjuncts:
                cands += _prep_objects(conj, p.target_preps)
        if not cands:
            for c in _children(n):
                if c.dep_ == "prep":
                    for g in _children(c):
                        if g.dep_ == "pobj":
                            cands += _prep_objects(g, p.target_preps)
        cands = [c for c in cands if roles.source is None or c.i != roles.source.i]
        roles.target = _first_actor(cands)
    if roles.source is None:
        anchor = n
        if (
            n.dep_ == "pobj"
            and n.head.lower_ == "of"
            and n.head.head.lemma_.lower() in CONTAINER_NOUNS
        ):
            anchor = n.head.head  # "launched a wave of attacks": the wave's verb
        head = anchor.head
        if anchor.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        if anchor.dep_ in ("dobj", "pobj", "attr", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            subj, passive = _subject(head)
            if passive:
                roles.source = _agent(head)
            elif subj is not None and subj.lower_ != "there" and _is_actor_token(subj):
                roles.source = subj
            else:
                roles.source = _speaker(head)
                roles.reported = roles.source is not None
    if roles.source is None:  # "its rejection": the possessor pronoun, when nothing better
        roles.source = next(
            (c for c in _children(n) if c.dep_ == "poss" and _is_actor_token(c)), None
        )
    if roles.source is not None and roles.target is not None and roles.source.i == roles.target.i:
        roles.target = None
    return roles


# ---------- modality ----------


def _modality(tok: Token, ps: PatternSet) -> str:
    negated = hypothetical = future = False
    chain = [tok]
    cur = tok
    # a nominal trigger takes the modality of the verb it depends on
    if tok.pos_ == "NOUN":
        if any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in _children(tok)):
            negated = True
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        if tok.dep_ in ("dobj", "pobj", "attr", "nsubjpass", "nsubj") and head.pos_ in (
            "VERB",
            "AUX",
        ):
            chain.append(head)
            cur = head
    for _ in range(3):
        purpose = cur.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in _children(cur)
        )
        if (cur.dep_ in ("xcomp", "conj") or purpose) and cur.head.i != cur.i:
            cur = cur.head
            chain.append(cur)
        else:
            break
    for i, t in enumerate(chain):
        for c in _children(t):
            low = c.lower_
            if c.dep_ == "neg" or (
                c.dep_ == "advmod" and any(g.dep_ == "neg" for g in _children(c))
            ):
                negated = True
            elif c.dep_ == "aux":
                if (
                    low == "would"
                    and t.dep_ == "ccomp"
                    and t.head.lemma_.lower() in ps.speech_verbs
                ):
                    future = True  # "X said it would allow ...": future in the past
                elif low in ps.hypothetical_aux:
                    hypothetical = True
                elif low in ps.future_aux or low == "going":
                    future = True
            elif c.dep_ == "mark" and low in ps.conditional_marks:
                hypothetical = True
            elif c.dep_ == "advmod" and low in ps.hedges:
                hypothetical = True  # "allegedly attacked"
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in ps.hedges:
            hypothetical = True  # "it is estimated that 2,500 troops remain"
        if i > 0 and chain[i - 1].dep_ == "xcomp":
            lemma = t.lemma_.lower()
            if lemma in ps.negating_verbs:
                negated = True
            elif lemma in ps.future_verbs:
                future = True
    if tok.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ps.conditional_marks for c in _children(tok)
    ):
        hypothetical = True
    if negated:
        return "negated"
    if hypothetical:
        return "hypothetical"
    if future:
        return "future"
    return "asserted"


# ---------- main ----------


def _subtree_span(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i


def _suppressed(hits: dict[int, _Hit], ps: PatternSet) -> tuple[set[int], dict[int, int]]:
    """Triggers that another trigger's event covers, and xcomp triggers turned into threats."""
    suppressed: set[int] = set()
    threat_over: dict[int, int] = {}  # xcomp trigger -> threatening verb index
    containers: list[Token] = []
    for i, hit in hits.items():
        tok, p = hit.tok, hit.pattern
        if p.pos == "verb" and _noun_content(tok):
            suppressed.add(i)  # "the decision to leave Iraq": content of a noun, not an event
        if hit.consumed is not None:
            suppressed.add(hit.consumed.i)
            containers.append(hit.consumed)
        if p.pos == "noun":
            containers.append(tok)
            continue
        for c in _children(tok):
            if c.dep_ in ("xcomp", "advcl") and c.i in hits and p.absorb:
                if (
                    c.dep_ == "advcl"
                    and c.tag_ == "VBG"
                    and hits[c.i].pattern.type == "REQUEST"
                    and p.type == "PROTEST"
                ):
                    suppressed.add(c.i)  # "rallied outside the embassy, demanding ..."
                elif c.dep_ == "xcomp" or any(
                    g.dep_ == "aux" and g.lower_ == "to" for g in _children(c)
                ):
                    suppressed.add(c.i)  # "urged X to withdraw", "summoned X to complain"
            if p.absorb and c.dep_ in ("prep", "dobj", "oprd", "acomp"):
                # "accused X of killing Y", "found X guilty of murdering Y": the content
                for g in actors.subtree(c):
                    if g.i in hits and g.i != i and hits[g.i].pattern.pos == "verb":
                        suppressed.add(g.i)
            if (p.absorb or p.particle) and c.dep_ in ("prep", "prt"):
                for g in _children(c):  # "called for sanctions against X": one REQUEST
                    if g.dep_ == "pobj" and g.i in hits and hits[g.i].pattern.pos == "noun":
                        suppressed.add(g.i)
                        containers.append(g)
            if c.dep_ == "dobj" and c.i in hits and hits[c.i].pattern.pos == "noun":
                if tok.lemma_.lower() in ps.light_verbs and p.specificity == 0:
                    suppressed.add(i)  # "launched an attack": the noun's event
                else:
                    suppressed.add(c.i)  # "rejected the agreement": the verb's event
                    containers.append(c)
    # intent verbs: "vowed to expel" is a THREATEN; "plans to attack" a future ASSAULT
    for i, hit in hits.items():
        tok = hit.tok
        if tok.dep_ in ("xcomp", "advcl") and tok.head.i != tok.i:
            head = tok.head
            if head.i in hits and hits[head.i].pattern.type == "THREATEN":
                suppressed.add(i)
                continue
            if (
                any(k in ps.threat_verbs for k in _lemma_keys(head))
                and hit.pattern.type in ps.threat_types
            ):
                threat_over[i] = head.i
    # triggers inside a noun trigger's phrase are that event's content
    for noun in containers:
        a, b = noun.left_edge.i, noun.right_edge.i
        for j in hits:
            if j != noun.i and a <= j <= b:
                suppressed.add(j)
    return suppressed, threat_over


def _demand(hit: _Hit, roles: _Roles, modality: str) -> Token | None:
    """The speaker when "X said Y must go / would no longer remain" is X demanding that Y yield."""
    if hit.pattern.pos != "verb":
        return None
    tok = hit.tok
    if not (_obliged(tok) or (modality == "negated-remain" and hit.pattern.type == "RETREAT")):
        return None
    speaker = _speaker(tok)
    if speaker is None or roles.source is None or speaker.i == roles.source.i:
        return None
    if roles.source.lower_ in FIRST_PERSON:
        return None  # "we must ...": a commitment, not a demand
    return speaker


FIRST_PERSON = frozenset({"i", "we", "us", "me"})


def _obliged(tok: Token) -> bool:
    """Whether "Y must / should / ought to / has to / needs to (be ready to) ..." """
    cur = tok
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in ("must", "should", "ought") for c in _children(cur)):
            return True
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in ("have", "need"):
            return True
        if cur.dep_ not in ("xcomp", "acomp") or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


BLAME_WORDS = frozenset({"responsible", "guilty", "culpable", "liable", "behind", "to-blame"})


def _blames(tok: Token) -> bool:
    """ "Y was responsible for / guilty of / behind ...": an accusation of Y."""
    if tok.lemma_.lower() != "be" or any(c.dep_ == "neg" for c in _children(tok)):
        return False
    return any(
        (c.dep_ in ("acomp", "prep", "attr") and c.lower_ in BLAME_WORDS) for c in _children(tok)
    )


def _bare_demands(doc: Document, hits: dict[int, _Hit], ps: PatternSet) -> list[EventMention]:
    """ "X said (that) Y must ...", with no trigger in the clause: X demands something of Y."""
    out: list[EventMention] = []
    for tok in actors.doc_tokens(doc.spacy_doc):
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in ps.speech_verbs:
            continue
        for c in _children(tok):
            if c.dep_ != "ccomp" or c.i in hits:
                continue
            if _obliged(c):
                etype, pid = "REQUEST", "demand+obligation"
            elif _blames(c):
                etype, pid = "ACCUSE", "blame+responsible"
            else:
                continue
            subj = next((g for g in _children(c) if g.dep_ == "nsubj"), None)
            speaker, passive = _subject(tok)
            if (
                subj is None
                or speaker is None
                or passive
                or subj.lower_ in FIRST_PERSON
                or not _is_actor_token(subj)
                or not _is_actor_token(speaker)
            ):
                continue
            out.append(
                _mention(
                    doc,
                    etype,
                    tok.idx,
                    tok.idx + len(tok.text),
                    actors.sentence_of(tok),
                    mode=None,
                    modality="asserted",
                    source=speaker,
                    target=subj,
                    confidence=0.45,
                    pattern=pid,
                )
            )
    return out


def find_events(doc: Document) -> list[EventMention]:
    """All event mentions of ``doc``, in text order."""
    sdoc = doc.spacy_doc
    if sdoc is None:
        return []
    ps = default_patterns()
    if _ACTIVE:
        _ACTIVE[0] = ps
    else:
        _ACTIVE.append(ps)
    hits: dict[int, _Hit] = {}
    toks = actors.doc_tokens(sdoc)
    for tok in toks:
        if tok.pos not in _TRIGGER_POS:  # (the integer: no string made per token)
            continue
        hit = _match(tok, ps)
        if hit is not None:
            hits[tok.i] = hit
    suppressed, threat_over = _suppressed(hits, ps)

    out: list[EventMention] = []
    for i in sorted(hits):
        if i in suppressed:
            continue
        hit = hits[i]
        p = hit.pattern
        roles = _verb_roles(hit) if p.pos == "verb" else _noun_roles(hit)
        # "Baghdad and Washington finalized ...": one event between the conjuncts
        if roles.source is not None and roles.target is None and roles.source.dep_ != "conj":
            conj = [
                c
                for c in roles.source.conjuncts
                if _is_actor_token(c) and not any(g.dep_ == "appos" for g in _children(c))
            ]
            if conj:
                roles.target = conj[0]
        if roles.source is None and roles.target is None:
            continue
        etype, pid, mode = p.type, p.id, p.mode
        modality = _modality(hit.tok, ps)
        tstart_tok, tend_tok = hit.tok, hit.tok
        if modality == "negated" and p.negated_type:
            # "did not accept the offer" is a rejection; "would no longer remain" a withdrawal
            etype, pid, modality = p.negated_type, f"{p.id}+not", "asserted"
            if etype == "RETREAT":
                modality = "negated-remain"
        speaker = _demand(_Hit(hit.tok, _retyped(p, etype)), roles, modality)
        if modality == "negated-remain":
            modality = "future"
        if speaker is not None:
            etype, pid, mode = "REQUEST", f"demand+{pid}", None
            roles = _Roles(source=speaker, target=roles.source, reported=True)
            tstart_tok = tend_tok = _speech_head(hit.tok) or hit.tok
            modality = "asserted"
        if p.command:
            # "ordered the paper to suspend publication": the order is the coercion itself
            for c in _children(hit.tok):
                inner = hits.get(c.i) if c.dep_ == "xcomp" else None
                if inner is not None and inner.pattern.type in COMMAND_TYPES:
                    etype, mode = inner.pattern.type, inner.pattern.mode
                    pid = f"{pid}+{inner.pattern.id}"
                    inner_target = _verb_roles(inner).target
                    if inner_target is not None:
                        roles.target = inner_target
                    break
        if i in threat_over:
            head = toks[threat_over[i]]
            etype, pid, mode = "THREATEN", f"threat+{p.id}", None
            tstart_tok = head
            if roles.source is None:
                s, _ = _subject(head)
                roles.source = s if s is not None and _is_actor_token(s) else None
        if hit.consumed is not None:
            inner = _match(hit.consumed, ps)
            if inner is not None and inner.pattern.specificity > 0 and inner.pattern.type != etype:
                # "launched a scathing attack on X": the object's own pattern is more telling
                etype, mode = inner.pattern.type, inner.pattern.mode
                pid = f"{pid}+{inner.pattern.id}"
            lo, hi = sorted((hit.tok, hit.consumed), key=lambda t: t.i)
            tstart_tok, tend_tok = (lo, hi) if hi.i - lo.i <= 4 else (hit.tok, hit.tok)
        if tstart_tok.i > tend_tok.i:
            tstart_tok, tend_tok = tend_tok, tstart_tok
        t_start = tstart_tok.idx
        t_end = tend_tok.idx + len(tend_tok.text)
        sent = actors.sentence_of(hit.tok)
        if i in threat_over and modality == "future":
            modality = "asserted"
        if etype == "REQUEST" and p.pos == "verb" and _calls_for_action_against(hit.tok, ps):
            # "called for sanctions against X": rallying opposition against X (CAMEO 113)
            etype, pid, mode = "ACCUSE", f"{pid}+against", "disapprove"
        if etype == "MOBILIZE" and any(
            t.lemma_.lower() in PEACEKEEPING
            for t in actors.subtree(hit.tok)
            if actors.sentence_of(t) == sent  # in the trigger's sentence
        ):
            # "sent 200 troops to serve as a peacekeeping force": protection, AID (CAMEO 074)
            etype, mode, pid = "AID", "peacekeeping", f"{pid}+peacekeeping"
        if p.pos == "verb" and etype != "THREATEN" and _has_unless(hit.tok):
            # "will withdraw its force unless ...": a conditional threat
            etype, pid, mode, modality = "THREATEN", f"unless+{pid}", etype.lower(), "asserted"
        if modality == "future" and etype in FUTURE_THREAT_TYPES and p.pos == "verb":
            # "said it would blockade Paris": an announced conflict action is a threat (CAMEO 13)
            etype, pid, mode = "THREATEN", f"intent+{pid}", etype.lower()
        if modality == "future" and etype in INTENT_TYPES:
            # "will meet", "plans to withdraw": an expressed intent, an AGREE (CAMEO 03)
            etype, pid, mode = "AGREE", f"intent+{pid}", etype.lower()
        conf = p.confidence
        if roles.source is None:
            conf -= 0.15
        if roles.target is None:
            conf -= 0.1
        if roles.reported:
            conf -= 0.05
        out.append(
            _mention(
                doc,
                etype,
                t_start,
                t_end,
                sent,
                mode=mode,
                modality=modality,
                source=roles.source,
                target=roles.target,
                confidence=max(0.05, min(0.99, conf)),
                pattern=pid,
            )
        )
    out.extend(_bare_demands(doc, hits, ps))
    out.sort(key=lambda e: e.trigger.start)
    return _dedup(out)


def _mention(
    doc: Document,
    etype: str,
    t_start: int,
    t_end: int,
    sent: Any,
    *,
    mode: str | None,
    modality: str,
    source: Any,
    target: Any,
    confidence: float,
    pattern: str,
) -> EventMention:
    """An event mention with its trigger and sentence evidence; actors resolved from tokens."""
    return EventMention(
        type=etype,
        trigger=Span(t_start, t_end),
        trigger_text=doc.text[t_start:t_end],
        sentence=Span(sent.start_char, sent.end_char),
        sentence_text=doc.text[sent.start_char : sent.end_char],
        mode=mode,
        modality=modality,
        source=_actor(doc, source),
        target=_actor(doc, target),
        confidence=confidence,
        pattern=pattern,
    )


def _dedup(events: list[EventMention]) -> list[EventMention]:
    """One event per act: drop a mention whose sentence has the same type and actor with a
    fuller pair ("there will be no negotiations, ... rejecting the presence of US troops")."""

    def key(a: Actor | None) -> tuple[int, int] | None:
        return (a.start, a.end) if a is not None else None

    # the full pairs, by type, sentence and each of their actors
    full = [o for o in events if o.source is not None and o.target is not None]
    sources = {(o.type, o.sentence.start, key(o.source)) for o in full}
    targets = {(o.type, o.sentence.start, key(o.target)) for o in full}
    out = []
    for e in events:
        covered = (e.target is None and (e.type, e.sentence.start, key(e.source)) in sources) or (
            e.source is None and (e.type, e.sentence.start, key(e.target)) in targets
        )
        if not covered:
            out.append(e)
    return out


CONFLICT_TYPES = frozenset({"ACCUSE", "SANCTION", "COERCE", "ASSAULT", "PROTEST", "THREATEN"})


def _calls_for_action_against(tok: Token, ps: PatternSet) -> bool:
    """Whether the request is for a conflict action ("sanctions", "an investigation")."""
    for c in _children(tok):
        if c.dep_ in ("prep", "dobj"):
            nouns = [c] if c.dep_ == "dobj" else [g for g in _children(c) if g.dep_ == "pobj"]
            for n in nouns:
                pats = ps.lookup("noun", n.lemma_.lower())
                if pats and pats[-1].type in CONFLICT_TYPES:
                    return True
    return False


def _has_unless(tok: Token) -> bool:
    return any(
        c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "unless" for g in _children(c))
        for c in _children(tok)
    )


def _retyped(p: Pattern, etype: str) -> Pattern:
    if p.type == etype:
        return p
    from dataclasses import replace

    return replace(p, type=etype)


def _speech_head(tok: Token) -> Token | None:
    cur = tok
    for _ in range(5):
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in _patterns().speech_verbs:
            return cur.head
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None
