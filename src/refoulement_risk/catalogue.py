"""The fact catalogue: every fact the rules can read, declared once (see ``catalogue_model``).

Adding a case fact is one entry here (plus the rules that read it): fact extraction, the
exploration of unknowns, the intake options, the JSON Schema and ``GET /v1/vocabulary`` follow.
Adding an evidence indicator is one entry here plus its scale in ``country_profiles/index.yaml``.
Allowed values of contract fields come from the contract's own enumerations (``case.py``); a test
checks every case entry against the case model. The order of entries is the order facts are built.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from . import case as contract
from .catalogue_model import Ask, Catalogue, EvidenceSource, Extract, FactEntry, Origin

__all__ = ["CATALOGUE", "FACT_SPECS"]


def _values(enum: type[Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in enum)


def _case(name: str, type_: str, path: str, description: str, question: str = "",
          **extra: Any) -> FactEntry:
    ask = extra.pop("ask", Ask.ordered if question else Ask.none)
    return FactEntry(name=f"case.{name}", type=type_, origin=Origin.case,
                     path=path, description=description, question=question, ask=ask, **extra)


def _evidence(role: Origin, name: str, type_: str, description: str, source: EvidenceSource,
              **extra: Any) -> FactEntry:
    key = extra.pop("key", name if source != EvidenceSource.available else None)
    return FactEntry(name=f"{role.value}.{name}", type=type_, origin=role,
                     description=description, source=source, key=key, **extra)


_YES = (False, True)
# The interim-measure facts share one question: it is asked on the first body's fact.
_FIRST_BODY = _values(contract.InterimMeasureBody)[0]
_NO_RISK_FIRST = (True, False)  # a protective fact: yes is the least risky answer
_RECORD = ("none_documented", "documented", "systematic")

_FLAGS = (
    ("political_activity", "Has the client been politically active (opposition, protest, party)?"),
    ("religious_practice",
     "Does the client practise religion visibly (mosque study, prayer group)?"),
    ("human_rights_defender", "Is the client a human rights defender or lawyer for such clients?"),
    ("journalist", "Is the client a journalist or blogger?"),
    ("wealthy_or_fallen_out_with_regime",
     "Is the client wealthy or in conflict with the ruling elite?"),
    ("former_official", "Was the client an official of the destination state?"),
    ("family_persecuted",
     "Have relatives been arrested, ill-treated or harassed by the authorities?"),
    ("high_profile", "Is the client publicly known, or of particular interest to the authorities?"),
    ("sur_place_activity",
     "Has the client been active abroad (protests, media, opposition) since leaving?"),
)

_CASE = (
    _case("proceeding", "enum", "proceeding", "The removal procedure",
          "Which procedure is the removal under (extradition, deportation, ...)?",
          values=_values(contract.Proceeding), unknown_also=("unknown",),
          risk_order=("unknown", "deportation", "expulsion", "administrative_removal",
                      "transfer_of_sentenced_person", "extradition")),
    _case("removing_state_known", "bool", "removing_state", "The removing state is stated",
          "Which state is removing the client?", ask=Ask.none, extract=Extract.present,
          risk_order=_NO_RISK_FIRST),
    _case("charge_category", "enum", "charges[].category",
          "Category of a charge against the client",
          "What is the client charged with or wanted for in the destination state?",
          values=_values(contract.ChargeCategory), multi=True, extract=Extract.each,
          ask=Ask.charges),
    _case("charge_organisation", "word", "charges[].organisation",
          "Organisation a charge links the client to", multi=True, extract=Extract.each,
          words="organisations"),
    _case("ethnicity", "word", "profile.ethnicity",
          "The client's ethnicity", "What is the client's ethnicity?", ask=Ask.evidence_words,
          words="ethnicities"),
    _case("affiliation", "word", "profile.affiliation",
          "Organisation, movement or faith the destination's authorities identify the client "
          "with (member, supporter or practitioner), whether or not a charge names it; a "
          "charge's organisation counts too",
          "Do the authorities of the destination identify the client with an organisation, "
          "movement or faith (member, supporter, practitioner), charged or not?",
          ask=Ask.evidence_words, words="organisations"),
    *(_case(flag, "bool", f"profile.{flag}", question, question, risk_order=_YES)
      for flag, question in _FLAGS),
    _case("past_ill_treatment", "enum", "past_ill_treatment",
          "Past torture or ill-treatment",
          "Was the client ill-treated before, and is there medical or other evidence?",
          values=_values(contract.PastIllTreatment), risk_order=("none", "alleged", "documented")),
    _case("refugee_status", "enum", "refugee_status",
          "Refugee or asylum status",
          "What is the client's asylum or refugee status (including a UNHCR mandate)?",
          values=_values(contract.RefugeeStatus),
          risk_order=("none", "asylum_refused", "asylum_pending", "temporary_asylum",
                      "subsidiary_protection", "unhcr_mandate", "recognised")),
    # Not explored value by value (any state could have granted it): whether the granting
    # state is an EU Member State on the date is the fact the rules read
    # (granting_state.eu_member), and an unknown one is reported with what it could change.
    _case("refugee_status_granted_by", "word", "refugee_status_granted_by",
          "Who granted refugee status: the ISO code of the state, or 'unhcr' for UNHCR's "
          "mandate. The EU-law bar on extraditing a refugee applies to status granted by an EU "
          "Member State (CJEU, C-352/22).",
          "Which state granted the client refugee status (or was it UNHCR)?", ask=Ask.none),
    *(_case(f"interim_measure.{body}", "enum", f"interim_measures[body={body}].status",
            f"Status of an interim measure of {body}",
            f"Has an interim measure been requested from or indicated by {body}?",
            values=("none", *_values(contract.InterimMeasureStatus)), extract=Extract.strongest,
            ask=Ask.list_status if body == _FIRST_BODY else Ask.none,
            risk_order=("none", "refused", "lifted", "requested", "indicated"))
      for body in _values(contract.InterimMeasureBody)),
    *(_case(name, type_, f"diplomatic_assurances.{field}", help_text, question,
            skip_when=("diplomatic_assurances.given", False), **extra)
      for name, field, type_, help_text, question, extra in (
          ("assurances_given", "given", "bool", "Diplomatic assurances were given",
           "Has the destination state given diplomatic assurances?",
           {"risk_order": _NO_RISK_FIRST}),
          ("assurances_specific", "specific", "bool",
           "The assurances are specific to the client",
           "Are the assurances specific to the client (not general)?",
           {"risk_order": _NO_RISK_FIRST}),
          ("assurances_binding", "binding", "bool",
           "The assurances bind the authorities who would hold the client",
           "Were the assurances given by an authority that can bind the state?",
           {"risk_order": _NO_RISK_FIRST}),
          ("assurances_monitoring", "monitoring", "enum",
           "Monitoring attached to the assurances",
           "Is there monitoring of compliance with the assurances, and by whom?",
           {"values": _values(contract.Monitoring),
            "risk_order": ("independent", "consular", "none")}),
          ("assurances_track_record", "track_record_of_compliance", "bool",
           "The destination has honoured such assurances before",
           "Has the destination honoured similar assurances before?",
           {"risk_order": _NO_RISK_FIRST}),
          ("assurances_death_penalty_excluded", "death_penalty_excluded", "bool",
           "The assurances exclude the death penalty",
           "Has the destination assured that the death penalty will not be sought, imposed or "
           "carried out?", {"risk_order": _NO_RISK_FIRST}),
      )),
    _case("detained", "bool", "custody.detained", "The client is detained now",
          "Is the client detained now?", risk_order=_YES),
    _case("release_imminent", "bool", "custody.release_imminent",
          "Release from detention is imminent",
          "Is the client about to be released (end of the maximum detention period)?",
          risk_order=_YES),
    _case("prior_irregular_transfer_attempt", "bool", "prior_irregular_transfer_attempt",
          "There has already been an attempt to transfer the client irregularly",
          "Has anyone tried to abduct or informally hand over the client?", risk_order=_YES),
    # Contract 1.1: the reasons courts give that version 1 could not express.
    _case("prosecution_politically_motivated", "enum", "prosecution_politically_motivated",
          "A political motive behind the prosecution, and how far it is shown",
          "Is the prosecution politically motivated, and who says so (the client, independent "
          "reports, a court or UN body)?",
          values=_values(contract.ProsecutionMotive),
          risk_order=("none", "alleged", "documented", "found")),
    _case("associates_ill_treated", "enum", "associates_ill_treated",
          "Co-accused or associates ill-treated, or convicted on confessions",
          "Were co-accused or associates of the client ill-treated, or convicted on "
          "confessions, and is that recorded independently?",
          values=_values(contract.AssociatesRecord),
          risk_order=("none", "alleged", "documented")),
    _case("information_shared_with_destination", "bool", "information_shared_with_destination",
          "The removing state gave the destination information about the client",
          "Has the removing state told the destination's authorities about the client (the "
          "asylum claim, the charges, the removal)?", risk_order=_YES),
    _case("refugee_status_withdrawn", "bool", "refugee_status_withdrawn",
          "Refugee status was withdrawn or ceased",
          "Was the client's refugee status withdrawn or ended?", risk_order=_YES),
    _case("past_injuries_accepted", "enum", "past_injuries_accepted",
          "Past injuries accepted as consistent with ill-treatment, and by whom",
          "Has a court or an independent medical report accepted the client's injuries as "
          "consistent with ill-treatment?",
          values=_values(contract.InjuriesAccepted),
          risk_order=("none", "medical_report", "court")),
    _case("forum", "enum", "forum", "Where the risk is argued (ECtHR, UN CAT, UN HRC, a "
          "domestic court)", "Where will the risk be argued: the ECtHR, a UN committee or a "
          "domestic court?", values=_values(contract.Forum), ask=Ask.none),
    _case("onward_removal_state", "word", "onward_removal.state",
          "The third state the destination may send the client on to (chain refoulement)",
          "Could the destination send the client on to a third state, and which?",
          ask=Ask.none),
    _case("onward_removal_access_to_asylum", "bool", "onward_removal.access_to_asylum",
          "The destination gives access to an adequate asylum procedure",
          "Would the destination examine the client's asylum claim in an adequate procedure?",
          risk_order=_NO_RISK_FIRST),
    _case("claim_examined", "bool", "claim_examined",
          "The removing state examined the claim of a risk on return",
          "Have the removing state's authorities examined the client's claim of a risk on "
          "return at all?", risk_order=_NO_RISK_FIRST),
    # The client's own exposure: the evidence lists capital charges by category only, which
    # overstates it for some offences (fraud in China since 2015) and cannot see a sentence.
    _case("death_penalty_exposure", "enum", "death_penalty_exposure",
          "Whether the client faces the death penalty in the destination on the charges",
          "Can an offence the client is charged with carry the death penalty in the "
          "destination, or has the client been sentenced to death?",
          values=_values(contract.DeathPenaltyExposure),
          risk_order=("none", "possible", "sentenced")),
)

_D, _R, _G = Origin.destination, Origin.removing_state, Origin.granting_state
_O = Origin.onward_state
_IND, _TREATY = EvidenceSource.indicator, EvidenceSource.treaty

_EVIDENCE = (
    _evidence(_D, "profile_available", "bool",
              "Country evidence for the destination exists on the date",
              EvidenceSource.available),
    _evidence(_D, "custody_torture_level", "enum",
              "How common torture and ill-treatment of detainees is (tier 1)", _IND,
              values=("rare", "occasional", "widespread", "systematic")),
    _evidence(_D, "assurances_record", "enum",
              "The destination's record of honouring diplomatic assurances", _IND,
              values=("unreliable", "mixed", "reliable")),
    _evidence(_D, "death_penalty", "enum", "Death penalty status", _IND,
              values=("abolished", "moratorium", "retained")),
    _evidence(_D, "capital_charge", "bool",
              "The client's charge is of a category that can carry the death penalty in the "
              "destination on the date (unknown without the charge or the evidence's list)",
              EvidenceSource.capital_charges, key="death_penalty_charges"),
    _evidence(_D, "renditions_abroad", "enum",
              "Record of abducting or forcibly returning wanted people from abroad", _IND,
              values=_RECORD),
    _evidence(_D, "targeted_group_match", "enum",
              "The client matches a group the evidence shows at risk (tier 2)",
              EvidenceSource.groups,
              values=("elevated", "systematic"), multi=True),
    # The third state of a chain refoulement (the case's ``onward_removal.state``): its own
    # evidence as a destination, read as the destination's is (contract 1.1).
    _evidence(_O, "profile_available", "bool",
              "Country evidence for the third state of an onward removal exists on the date",
              EvidenceSource.available),
    _evidence(_O, "custody_torture_level", "enum",
              "How common torture and ill-treatment of detainees is in the third state of an "
              "onward removal", _IND, values=("rare", "occasional", "widespread", "systematic")),
    _evidence(_O, "targeted_group_match", "enum",
              "The client matches a group the third state's evidence shows at risk",
              EvidenceSource.groups, values=("elevated", "systematic"), multi=True),
    _evidence(_R, "profile_available", "bool",
              "Country evidence for the removing state exists on the date",
              EvidenceSource.available),
    _evidence(_R, "echr_party", "bool", "The removing state is party to the ECHR on the date",
              _TREATY, key="echr", label="party to the ECHR"),
    _evidence(_R, "cat_article22", "bool",
              "The removing state accepts individual complaints under CAT Article 22", _TREATY,
              label="bound by a declaration under CAT Article 22 (individual complaints)"),
    _evidence(_R, "iccpr_op1", "bool",
              "The removing state is party to the ICCPR First Optional Protocol", _TREATY,
              label="party to the ICCPR First Optional Protocol (individual communications)"),
    # Abolition bound by treaty: a state party may not send anyone to a real risk of the death
    # penalty (the Human Rights Committee's reading of article 6 since Judge v. Canada).
    _evidence(_R, "iccpr_op2", "bool",
              "The removing state is party to the ICCPR Second Optional Protocol (abolition of "
              "the death penalty)", _TREATY,
              label="party to the ICCPR Second Optional Protocol (abolition of the death penalty)"),
    _evidence(_R, "refugee_convention", "bool",
              "The removing state is party to the 1951 Refugee Convention or its Protocol",
              _TREATY, label="bound by the Refugee Convention for this client"),
    _evidence(_R, "eu_member", "bool", "The removing state is an EU member state on the date",
              _TREATY, label="an EU Member State"),
    _evidence(_G, "eu_member", "bool",
              "The state that granted refugee status is an EU Member State on the date "
              "(false for UNHCR's mandate)", _TREATY,
              label="an EU Member State"),
    _evidence(_R, "irregular_transfer_record", "enum",
              "Record of abductions and irregular transfers from the removing state", _IND,
              values=_RECORD),
    _evidence(_R, "interim_measures_disregarded", "enum",
              "Record of removals in breach of interim measures", _IND,
              values=("none_documented", "documented")),
    _evidence(_R, "domestic_non_refoulement", "enum",
              "The removing state's own law forbids sending anyone to a risk of torture or "
              "ill-treatment (a statutory non-refoulement rule)", _IND, values=("statutory",)),
    _evidence(_R, "pending_applicant_protection", "enum",
              "The removing state's own law lets an asylum applicant stay until the claim is "
              "decided (with or without exceptions)", _IND,
              values=("statutory", "statutory_with_exceptions")),
)

CATALOGUE = Catalogue(
    facts=(*_CASE, *_EVIDENCE),
    recorded_treaties={
        "echr_individual_petition": "Acceptance of individual applications (ECHR Art. 34).",
        "cat": "Party to the Convention against Torture.",
        "iccpr": "Party to the International Covenant on Civil and Political Rights.",
        "refugee_protocol": "Party to the 1967 Protocol relating to the Status of Refugees.",
    },
)

# Every fact by name (a view of the catalogue, for look-ups).
FACT_SPECS: dict[str, FactEntry] = CATALOGUE.by_name()
