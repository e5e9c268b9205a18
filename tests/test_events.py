"""Event mentions from hand-written sentences, through the real pipeline and spaCy model."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from eventwire import events
from eventwire.errors import DataFileError
from eventwire.events_patterns import build, load_patterns, pattern_files
from eventwire.records import PLOVER_TYPES, Document, EventMention

MakeDoc = Callable[..., Document]
PATTERN_DIR = Path(events.__file__).parent / "data" / "patterns"


def only(doc: Document, etype: str) -> EventMention:
    found = [e for e in doc.events if e.type == etype]
    assert len(found) == 1, [(e.type, e.trigger_text, e.pattern) for e in doc.events]
    return found[0]


def text_of(actor) -> str:  # noqa: ANN001 - Actor | None
    return actor.text if actor is not None else ""


# ---- verbal triggers and roles ---------------------------------------------------------


def test_active_subject_and_object(make_doc: MakeDoc) -> None:
    doc = make_doc("Israeli troops attacked the Palestinian town of Jenin.")
    e = only(doc, "ASSAULT")
    assert "Israeli troops" in text_of(e.source)
    assert "Jenin" in text_of(e.target)
    assert e.modality == "asserted"
    assert e.trigger_text == "attacked"


def test_passive_by_agent_is_source(make_doc: MakeDoc) -> None:
    doc = make_doc("The opposition leader was arrested by the Egyptian police on Monday.")
    e = only(doc, "COERCE")
    assert "police" in text_of(e.source)
    assert "opposition leader" in text_of(e.target)
    assert e.mode == "arrest"


def test_conjoined_subjects_make_one_event_between_them(make_doc: MakeDoc) -> None:
    doc = make_doc("Baghdad and Washington finalized an agreement on security cooperation.")
    e = only(doc, "AGREE")
    assert {text_of(e.source), text_of(e.target)} == {"Baghdad", "Washington"}
    assert e.trigger_text == "finalized an agreement"


def test_call_on_is_one_request_with_the_addressee_as_target(make_doc: MakeDoc) -> None:
    doc = make_doc("The United Nations called on Ethiopia to withdraw its troops from the region.")
    assert [e.type for e in doc.events] == ["REQUEST"]
    e = doc.events[0]
    assert "United Nations" in text_of(e.source)
    assert text_of(e.target) == "Ethiopia"


def test_signing_an_agreement_is_support_and_imposing_sanctions_coerce(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "Japan signed a trade agreement with India. The EU imposed sanctions on Belarus."
    )
    sign = only(doc, "SUPPORT")
    assert (text_of(sign.source), text_of(sign.target)) == ("Japan", "India")
    coerce = only(doc, "COERCE")
    assert text_of(coerce.target) == "Belarus"
    assert coerce.pattern == "impose-sanctions.v"


def test_an_order_takes_the_type_of_what_it_orders(make_doc: MakeDoc) -> None:
    doc = make_doc("The junta ordered the newspaper to suspend publication.")
    e = only(doc, "COERCE")
    assert (text_of(e.source), text_of(e.target)) == ("The junta", "the newspaper")
    assert e.pattern == "order.v+censor.v"


def test_demand_names_the_subject_of_the_clause(make_doc: MakeDoc) -> None:
    doc = make_doc("The rebels demanded that the government release all prisoners.")
    e = doc.events[0]
    assert e.type == "REQUEST"
    assert (text_of(e.source), text_of(e.target)) == ("The rebels", "the government")


# ---- nominal triggers ------------------------------------------------------------------


def test_nominal_trigger_with_modifier_source_and_of_target(make_doc: MakeDoc) -> None:
    doc = make_doc("Protests followed the Russian assassination of the opposition politician.")
    e = only(doc, "ASSAULT")
    assert e.trigger_text == "assassination"
    assert text_of(e.source) == "Russian"
    assert "opposition politician" in text_of(e.target)


def test_verb_object_pattern_takes_the_target_from_the_object_noun(make_doc: MakeDoc) -> None:
    doc = make_doc("Hamas launched a rocket attack on Israel.")
    e = only(doc, "ASSAULT")
    assert e.trigger_text == "launched a rocket attack"
    assert (text_of(e.source), text_of(e.target)) == ("Hamas", "Israel")


def test_light_verb_gives_its_subject_to_the_noun(make_doc: MakeDoc) -> None:
    doc = make_doc("The militia perpetrated a massacre of villagers near Goma.")
    e = only(doc, "ASSAULT")
    assert e.trigger_text == "massacre"
    assert (text_of(e.source), text_of(e.target)) == ("The militia", "villagers")


# ---- modality --------------------------------------------------------------------------


def test_negated_event(make_doc: MakeDoc) -> None:
    e = only(make_doc("Iran did not attack the tanker."), "ASSAULT")
    assert e.modality == "negated"


def test_conditional_event_is_hypothetical(make_doc: MakeDoc) -> None:
    e = only(make_doc("If talks fail, Turkey could attack the Kurdish militia."), "ASSAULT")
    assert e.modality == "hypothetical"


def test_hedged_claim_is_hypothetical(make_doc: MakeDoc) -> None:
    doc = make_doc("It is estimated that 2,500 foreign troops remain in the country.")
    assert only(doc, "MOBILIZE").modality == "hypothetical"


def test_future_conflict_event(make_doc: MakeDoc) -> None:
    e = only(make_doc("Russia will deploy more troops to the border."), "MOBILIZE")
    assert e.modality == "future"


def test_intended_meeting_is_an_agree(make_doc: MakeDoc) -> None:
    e = only(make_doc("The Turkish president will meet the Russian president in Ankara."), "AGREE")
    assert e.modality == "future"
    assert e.mode == "consult"


def test_vow_to_expel_is_a_threat(make_doc: MakeDoc) -> None:
    doc = make_doc("The militia vowed to expel the foreign troops.")
    assert [e.type for e in doc.events] == ["THREATEN"]
    assert text_of(doc.events[0].source) == "The militia"
    assert "foreign troops" in text_of(doc.events[0].target)


def test_announced_conflict_action_is_a_threat(make_doc: MakeDoc) -> None:
    doc = make_doc("The farmers said they would blockade the capital.")
    e = only(doc, "THREATEN")
    assert e.mode == "coerce"
    doc = make_doc("Nigeria will withdraw its peacekeepers from Chad unless a ceasefire is agreed.")
    assert only(doc, "THREATEN").pattern.startswith("unless+")


def test_protest_absorbs_its_demand_and_counted_subjects_name_people(make_doc: MakeDoc) -> None:
    doc = make_doc("Thousands of Kurds rallied in Kirkuk, demanding the release of the activists.")
    assert [e.type for e in doc.events] == ["PROTEST"]
    assert text_of(doc.events[0].source) == "Kurds"


def test_not_accepting_is_a_rejection(make_doc: MakeDoc) -> None:
    e = only(make_doc("The government did not accept the rebel proposal."), "REJECT")
    assert e.modality == "asserted"
    assert e.pattern == "agree.v+not"


# ---- reported speech -------------------------------------------------------------------


def test_speaker_is_source_of_a_subjectless_reported_event(make_doc: MakeDoc) -> None:
    doc = make_doc("The foreign minister said that there will be no negotiations with the rebels.")
    e = only(doc, "REJECT")
    assert "foreign minister" in text_of(e.source)


def test_saying_that_forces_must_leave_is_a_request(make_doc: MakeDoc) -> None:
    doc = make_doc("The parliament insisted that foreign troops must withdraw from the country.")
    e = only(doc, "REQUEST")
    assert "parliament" in text_of(e.source)
    assert "foreign troops" in text_of(e.target)


def test_saying_someone_was_responsible_is_an_accusation(make_doc: MakeDoc) -> None:
    doc = make_doc("The Afghan government said Taliban militants were responsible for the bombing.")
    e = only(doc, "ACCUSE")
    assert (text_of(e.source), text_of(e.target)) == ("The Afghan government", "Taliban militants")


# ---- evidence and filtering ------------------------------------------------------------


def test_offsets_point_into_the_cleaned_text(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "Police detained dozens of protesters in Minsk. Belarus rejected the criticism by the EU."
    )
    assert {e.type for e in doc.events} >= {"COERCE", "REJECT"}
    for e in doc.events:
        assert e.type in PLOVER_TYPES
        assert doc.text[e.trigger.start : e.trigger.end] == e.trigger_text
        assert doc.text[e.sentence.start : e.sentence.end] == e.sentence_text
        assert e.sentence.start <= e.trigger.start < e.trigger.end <= e.sentence.end
        for actor in (e.source, e.target):
            if actor is not None:
                assert doc.text[actor.start : actor.end] == actor.text
        assert 0.0 < e.confidence <= 1.0 and e.pattern


def test_no_actor_no_event_and_no_event_from_plain_description(make_doc: MakeDoc) -> None:
    doc = make_doc("The weather was mild and the markets were quiet on Tuesday.")
    assert doc.events == []


def test_noun_complement_is_not_an_event(make_doc: MakeDoc) -> None:
    doc = make_doc("Officials doubted the commitment of the army to leave the capital.")
    assert doc.events == []


# ---- data files ------------------------------------------------------------------------


def test_shipped_patterns_are_valid_and_documented() -> None:
    ps = build(pattern_files())
    assert {p.type for p in ps.patterns} == set(PLOVER_TYPES)
    readme = (PATTERN_DIR / "README.md").read_text(encoding="utf-8")
    raw = json.loads((PATTERN_DIR / "plover.json").read_text(encoding="utf-8"))
    keys = {k for p in raw["patterns"] for k in p}
    for key in keys | set(raw["intent_verbs"]) | (set(raw) - {"about"}):
        assert re.search(rf"`(intent_verbs\.)?{re.escape(key)}`", readme), f"undocumented: {key!r}"
    ids = [p["id"] for p in raw["patterns"]]
    assert len(ids) == len(set(ids))


def test_user_pattern_file_adds_a_trigger(
    tmp_path: Path, make_doc: MakeDoc, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "patterns").mkdir()
    (tmp_path / "patterns" / "mine.json").write_text(
        json.dumps(
            {
                "patterns": [
                    {
                        "id": "user-ostracize",
                        "type": "SANCTION",
                        "pos": "verb",
                        "lemmas": ["ostracize"],
                    }
                ]
            }  # fmt: skip
        ),
        encoding="utf-8",
    )
    doc = make_doc("Norway ostracized the junta.")
    assert doc.events == []
    monkeypatch.setenv("EVENTWIRE_DATA_DIR", str(tmp_path))
    found = events.find_events(doc)
    assert [(e.type, e.pattern, text_of(e.source)) for e in found] == [
        ("SANCTION", "user-ostracize", "Norway")
    ]


@pytest.mark.parametrize(
    "pattern, message",
    [
        ({"id": "x", "type": "HUG", "pos": "verb", "lemmas": ["hug"]}, "unknown PLOVER type"),
        ({"id": "x", "type": "AID", "pos": "adverb", "lemmas": ["hug"]}, "'pos'"),
        ({"id": "x", "type": "AID", "pos": "verb"}, "no 'lemmas'"),
        ({"type": "AID", "pos": "verb", "lemmas": ["hug"]}, "without an 'id'"),
    ],
)
def test_malformed_pattern_file_names_the_problem(
    tmp_path: Path, pattern: dict, message: str
) -> None:
    (tmp_path / "bad.json").write_text(json.dumps({"patterns": [pattern]}), encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        load_patterns((str(tmp_path),))
    load_patterns.cache_clear()
