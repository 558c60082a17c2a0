"""How the privacy app reads personal data it does not own: the register apps
(cases) register a `SubjectSource` here, as they register scope policies, so
this platform app never imports them (import-linter contract).

A source finds people by name and writes its part of a data-subject report:
what it holds about a person, why, on what legal basis, and who received it.
It never returns a reporter's identity (Decree 56/2017 Art. 24), and leaves out
child-protection records when the person asking is the alleged abuser."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Person:
    id: int
    label: str  # name, birth year, commune: enough for staff to tell people apart
    commune_id: int | None = None


@dataclass
class ReportSection:
    title: str
    items: list[str] = field(default_factory=list)
    purpose: str = ""
    legal_basis: str = ""
    recipients: list[str] = field(default_factory=list)


class SubjectSource(Protocol):
    def find(self, query: str, *, limit: int = 20) -> list[Person]: ...

    def get(self, person_id: int) -> Person | None: ...

    def report(self, person_id: int, *, withhold_child_protection: bool) -> list[ReportSection]: ...


_SOURCES: list[SubjectSource] = []


def register_source(source: SubjectSource) -> None:
    _SOURCES.append(source)


def sources() -> list[SubjectSource]:
    return list(_SOURCES)


def find_people(query: str, *, limit: int = 20) -> list[Person]:
    found: list[Person] = []
    for source in _SOURCES:
        found.extend(source.find(query, limit=limit))
    return found[:limit]


def person(person_id: int) -> Person | None:
    for source in _SOURCES:
        if (found := source.get(person_id)) is not None:
            return found
    return None


def report(person_id: int, *, withhold_child_protection: bool) -> list[ReportSection]:
    sections: list[ReportSection] = []
    for source in _SOURCES:
        sections.extend(
            source.report(person_id, withhold_child_protection=withhold_child_protection)
        )
    return sections
