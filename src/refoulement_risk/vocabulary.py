"""The closed vocabulary rules are written in: facts, their types and values, and the operators.

Rules may only name facts listed here (or derived facts declared in ``rules/index.yaml``), and
literals are type-checked against these specs before compiling, because durable-rules coerces
types when it compares (``1 == "1"``). Case facts also carry the question an intake form should
ask when the fact is unknown, and the order of their values from least to most risky, which the
range computation uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .case import (
    ChargeCategory,
    InterimMeasureBody,
    InterimMeasureStatus,
    Monitoring,
    PastIllTreatment,
    Proceeding,
    RefugeeStatus,
)

__all__ = [
    "CASE_FACTS",
    "FACT_SPECS",
    "OPERATORS",
    "PROFILE_FACTS",
    "FactSpec",
    "FactValue",
    "Origin",
]

FactValue = bool | int | str | None
Origin = Literal["case", "destination", "removing_state", "derived"]
FactType = Literal["bool", "enum", "word", "int"]

OPERATORS: dict[str, str] = {
    "is": "the fact has this value",
    "one_of": "the fact has one of these values",
    "is_not": "the fact is known and has another value",
    "at_least": "the (integer) fact is at least this number",
    "at_most": "the (integer) fact is at most this number",
    "known": "true: the fact is known; false: the fact is unknown",
}


@dataclass(frozen=True)
class FactSpec:
    name: str
    type: FactType
    origin: Origin
    description: str
    values: tuple[str, ...] = ()
    multi: bool = False
    question: str = ""
    # Least risky first; for booleans False before True unless ``inverse_risk``.
    risk_order: tuple[FactValue, ...] = field(default=())

    def accepts(self, value: object) -> bool:
        if self.type == "bool":
            return isinstance(value, bool)
        if self.type == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if not isinstance(value, str):
            return False
        return self.type == "word" or value in self.values


def _enum(values: type) -> tuple[str, ...]:
    return tuple(member.value for member in values)  # type: ignore[attr-defined]


_STATUSES = ("none", *_enum(InterimMeasureStatus))
_PROFILE_FLAGS = {
    "political_activity": "Has the client been politically active (opposition, protest, party)?",
    "religious_practice": "Does the client practise religion visibly (mosque study, prayer group)?",
    "human_rights_defender": "Is the client a human rights defender or lawyer for such clients?",
    "journalist": "Is the client a journalist or blogger?",
    "wealthy_or_fallen_out_with_regime":
        "Is the client wealthy or in conflict with the ruling elite?",
    "former_official": "Was the client an official of the destination state?",
    "family_persecuted":
        "Have relatives been arrested, ill-treated or harassed by the authorities?",
    "high_profile": "Is the client publicly known, or of particular interest to the authorities?",
    "sur_place_activity":
        "Has the client been active abroad (protests, media, opposition) since leaving?",
}


def _case_facts() -> tuple[FactSpec, ...]:
    specs = [
        FactSpec(
            "case.proceeding", "enum", "case", "The removal procedure", _enum(Proceeding),
            question="Which procedure is the removal under (extradition, deportation, ...)?",
            risk_order=("unknown", "deportation", "expulsion", "administrative_removal",
                        "transfer_of_sentenced_person", "extradition"),
        ),
        FactSpec(
            "case.charge_category", "enum", "case", "Category of a charge against the client",
            _enum(ChargeCategory), multi=True,
            question="What is the client charged with or wanted for in the destination state?",
        ),
        FactSpec(
            "case.charge_organisation", "word", "case",
            "Organisation a charge links the client to", multi=True,
        ),
        FactSpec(
            "case.ethnicity", "word", "case", "The client's ethnicity",
            question="What is the client's ethnicity?",
        ),
        *(
            FactSpec(f"case.{flag}", "bool", "case", question, question=question,
                     risk_order=(False, True))
            for flag, question in _PROFILE_FLAGS.items()
        ),
        FactSpec(
            "case.past_ill_treatment", "enum", "case", "Past torture or ill-treatment",
            _enum(PastIllTreatment),
            question="Was the client ill-treated before, and is there medical or other evidence?",
            risk_order=("none", "alleged", "documented"),
        ),
        FactSpec(
            "case.refugee_status", "enum", "case", "Refugee or asylum status",
            _enum(RefugeeStatus),
            question="What is the client's asylum or refugee status (including a UNHCR mandate)?",
            risk_order=("none", "asylum_refused", "asylum_pending", "temporary_asylum",
                        "subsidiary_protection", "unhcr_mandate", "recognised"),
        ),
        *(
            FactSpec(
                f"case.interim_measure.{body}", "enum", "case",
                f"Status of an interim measure of {body}", _STATUSES,
                question=f"Has an interim measure been requested from or indicated by {body}?",
                risk_order=("none", "refused", "lifted", "requested", "indicated"),
            )
            for body in _enum(InterimMeasureBody)
        ),
        FactSpec(
            "case.assurances_given", "bool", "case", "Diplomatic assurances were given",
            question="Has the destination state given diplomatic assurances?",
            risk_order=(True, False),
        ),
        FactSpec(
            "case.assurances_specific", "bool", "case", "The assurances are specific to the client",
            question="Are the assurances specific to the client (not general)?",
            risk_order=(True, False),
        ),
        FactSpec(
            "case.assurances_binding", "bool", "case",
            "The assurances bind the authorities who would hold the client",
            question="Were the assurances given by an authority that can bind the state?",
            risk_order=(True, False),
        ),
        FactSpec(
            "case.assurances_monitoring", "enum", "case", "Monitoring attached to the assurances",
            _enum(Monitoring),
            question="Is there monitoring of compliance with the assurances, and by whom?",
            risk_order=("independent", "consular", "none"),
        ),
        FactSpec(
            "case.assurances_track_record", "bool", "case",
            "The destination has honoured such assurances before",
            question="Has the destination honoured similar assurances before?",
            risk_order=(True, False),
        ),
        FactSpec(
            "case.detained", "bool", "case", "The client is detained now",
            question="Is the client detained now?", risk_order=(False, True),
        ),
        FactSpec(
            "case.release_imminent", "bool", "case", "Release from detention is imminent",
            question="Is the client about to be released (end of the maximum detention period)?",
            risk_order=(False, True),
        ),
        FactSpec(
            "case.prior_irregular_transfer_attempt", "bool", "case",
            "There has already been an attempt to transfer the client irregularly",
            question="Has anyone tried to abduct or informally hand over the client?",
            risk_order=(False, True),
        ),
        FactSpec(
            "case.removing_state_known", "bool", "case", "The removing state is stated",
            question="Which state is removing the client?", risk_order=(True, False),
        ),
    ]
    return tuple(specs)


_LEVELS = ("rare", "occasional", "widespread", "systematic")


def _profile_facts() -> tuple[FactSpec, ...]:
    return (
        FactSpec("destination.profile_available", "bool", "destination",
                 "Country evidence for the destination exists on the date"),
        FactSpec("destination.custody_torture_level", "enum", "destination",
                 "How common torture and ill-treatment of detainees is (tier 1)", _LEVELS),
        FactSpec("destination.targeted_group_match", "enum", "destination",
                 "The client matches a group the evidence shows at risk (tier 2)",
                 ("elevated", "systematic"), multi=True),
        FactSpec("destination.assurances_record", "enum", "destination",
                 "The destination's record of honouring diplomatic assurances",
                 ("unreliable", "mixed", "reliable")),
        FactSpec("destination.death_penalty", "enum", "destination",
                 "Death penalty status", ("abolished", "moratorium", "retained")),
        FactSpec("destination.renditions_abroad", "enum", "destination",
                 "Record of abducting or forcibly returning wanted people from abroad",
                 ("none_documented", "documented", "systematic")),
        FactSpec("removing_state.profile_available", "bool", "removing_state",
                 "Country evidence for the removing state exists on the date"),
        FactSpec("removing_state.echr_party", "bool", "removing_state",
                 "The removing state is party to the ECHR on the date"),
        FactSpec("removing_state.cat_article22", "bool", "removing_state",
                 "The removing state accepts individual complaints under CAT Article 22"),
        FactSpec("removing_state.iccpr_op1", "bool", "removing_state",
                 "The removing state is party to the ICCPR First Optional Protocol"),
        FactSpec("removing_state.refugee_convention", "bool", "removing_state",
                 "The removing state is party to the 1951 Refugee Convention or its Protocol"),
        FactSpec("removing_state.eu_member", "bool", "removing_state",
                 "The removing state is an EU member state on the date"),
        FactSpec("removing_state.irregular_transfer_record", "enum", "removing_state",
                 "Record of abductions and irregular transfers from the removing state",
                 ("none_documented", "documented", "systematic")),
        FactSpec("removing_state.interim_measures_disregarded", "enum", "removing_state",
                 "Record of removals in breach of interim measures",
                 ("none_documented", "documented")),
    )


CASE_FACTS: tuple[FactSpec, ...] = _case_facts()
PROFILE_FACTS: tuple[FactSpec, ...] = _profile_facts()
FACT_SPECS: dict[str, FactSpec] = {spec.name: spec for spec in (*CASE_FACTS, *PROFILE_FACTS)}
