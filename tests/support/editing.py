"""Sections, their records, POST data and the editor fixtures of the test_editing_* modules."""

import pytest

from funding.models import Allocation, Organisation, Programme
from meetings.models import Meeting
from priorities.models import PriorityArea, Theme
from tests.support import factories


def record_kwargs(namespace, record):
    return {"pk": record.pk} if namespace == "funding" else {"slug": record.slug}


def make_record(namespace):
    return {
        "priorities": factories.PriorityAreaFactory,
        "themes": factories.ThemeFactory,
        "meetings": factories.MeetingFactory,
        "partners": factories.OrganisationFactory,
        "funding": factories.AllocationFactory,
        "programmes": factories.ProgrammeFactory,
    }[namespace]()


def new_record_data(namespace):
    """Valid POST data for a new record of each section."""
    if namespace == "priorities":
        return {
            "strategy": factories.StrategyFactory().pk,
            "country": factories.CountryFactory().pk,
            "ordinal": 7,
            "title_en": "Digital connectivity",
            "title_ru": "Цифровая связанность",
            "themes": [factories.ThemeFactory().pk],
        }
    if namespace == "themes":
        return {"name_en": "Cybersecurity", "name_ru": "Кибербезопасность"}
    if namespace == "meetings":
        return {
            "number": 99,
            "year": 2030,
            "start_date": "2030-05-01",
            "end_date": "2030-05-02",
            "city_en": "Samarkand",
            "city_ru": "Самарканд",
            "host_country": factories.CountryFactory().pk,
            **participants_management(total=0),
        }
    if namespace == "partners":
        return {"name_en": "Asian Development Bank", "kind": "financial"}
    if namespace == "funding":
        return {
            "envelope": factories.BudgetEnvelopeFactory().pk,
            "amount": "1000.00",
            "kind": "planned",
            "year": 2013,
        }
    return {"title_en": "Border management", "status": "planned"}


def participants_management(*, total, initial=0):
    return {
        "participants-TOTAL_FORMS": total,
        "participants-INITIAL_FORMS": initial,
        "participants-MIN_NUM_FORMS": 0,
        "participants-MAX_NUM_FORMS": 1000,
    }


SECTIONS = ["priorities", "themes", "meetings", "partners", "funding", "programmes"]
MODELS = {
    "priorities": PriorityArea,
    "themes": Theme,
    "meetings": Meeting,
    "partners": Organisation,
    "funding": Allocation,
    "programmes": Programme,
}


by_section = pytest.mark.parametrize("namespace", SECTIONS)
