"""/v1/rules: the rule set (ids, titles, themes, effects, dates, authorities)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ..deps import ServiceDep
from ..examples import problem_responses

__all__ = ["RuleList", "router"]

router = APIRouter(prefix="/v1", tags=["rules"])


class AuthorityOut(BaseModel):
    id: str
    citation: str
    kind: str
    body: str
    date: dt.date
    reference: str | None
    url: str | None
    proposition: str


class RuleOut(BaseModel):
    id: str = Field(examples=["GEN-001"])
    title: str
    theme: str
    effect: str = Field(description="derive, factor, bar or recommend")
    valid_from: dt.date
    valid_until: dt.date | None
    authorities: list[AuthorityOut]


class RuleList(BaseModel):
    version: str
    digest: str
    rules: list[RuleOut]


@router.get("/rules", response_model=RuleList, summary="The rule set",
            description="Every rule with its id (stable), title, theme, effect, dates and the "
                        "legal authorities it rests on. Public (no key needed).",
            responses={200: {"content": {"application/json": {"example": {
                "version": "2026.11.1", "digest": "9a0e…", "rules": [{
                    "id": "GEN-001", "title": "A person extradited or transferred to serve a "
                                              "sentence is detained on arrival",
                    "theme": "general_situation", "effect": "derive",
                    "valid_from": "1950-01-01", "valid_until": None,
                    "authorities": [{"id": "soering", "citation": "Soering v. the United "
                                     "Kingdom, no. 14038/88, 7 July 1989",
                                     "kind": "judgment", "body": "European Court of Human "
                                     "Rights (Plenary)", "date": "1989-07-07",
                                     "reference": "Application no. 14038/88",
                                     "url": "http://www.bailii.org/eu/cases/ECHR/1989/14.html",
                                     "proposition": "Extradition may engage Article 3."}]}]}}}},
                       **problem_responses(500)})
def list_rules(service: ServiceDep) -> RuleList:
    assert service.knowledge is not None
    book = service.knowledge.rulebook
    rules = []
    for compiled in book.rules:
        rule = compiled.rule
        authorities = [AuthorityOut(id=a, citation=auth.citation, kind=auth.kind, body=auth.body,
                                    date=auth.date, reference=auth.reference, url=auth.url,
                                    proposition=" ".join(auth.proposition.split()))
                       for a in rule.authorities if (auth := book.authorities.get(a)) is not None]
        rules.append(RuleOut(id=compiled.id, title=rule.title, theme=compiled.theme,
                             effect=rule.then.kind, valid_from=rule.valid_from,
                             valid_until=rule.valid_until, authorities=authorities))
    return RuleList(version=book.index.version, digest=book.digest, rules=rules)
