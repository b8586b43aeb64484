"""What the IATI tests share: the reporting organisation they set, a programme with every
value IATI requires, and reading the file."""

import re

from django.conf import settings as django_settings
from lxml import etree

from funding.models import Programme
from priorities.models import Country
from tests.support import factories
from tests.support.pages import url

REF = "XX-TEST-PORTAL"  # "XX": no country has it; clearly not a real identifier
# The DAC 5-digit purpose code 14010: water sector policy and administrative management.
WATER_SECTOR = "14010"
DESCRIPTION = {
    "en": "Water management in the Aral Sea basin",
    "ru": "Управление водными ресурсами в бассейне Аральского моря",
}


def set_reporter(settings=django_settings) -> None:
    """The portal's IATI organisation, as a deployment sets it (pytest's ``settings``)."""
    settings.IATI_REPORTING_ORG_REF = REF
    settings.IATI_REPORTING_ORG_TYPE = "90"  # Other


def country(code, name_en="", name_ru="") -> Country:
    """The country with ``code``: the seed's, or a new one."""
    found = Country.objects.filter(code=code).first()
    return found or factories.CountryFactory(code=code, name_en=name_en or code, name_ru=name_ru)


def programme(*, countries=None, partners=None, lines=0, **values) -> Programme:
    """A programme with everything IATI requires (any of it can be overridden), with
    ``lines`` years of a committed and a planned allocation line."""
    defaults = {
        "description_en": DESCRIPTION["en"],
        "description_ru": DESCRIPTION["ru"],
        "dac_sector": WATER_SECTOR,
    }
    made = factories.ProgrammeFactory(**(defaults | values))
    made.countries.set(countries if countries is not None else [country("KZ", "Kazakhstan")])
    made.organisations.set(partners if partners is not None else [factories.OrganisationFactory()])
    for year in range(lines):
        for kind in ("committed", "planned"):
            factories.AllocationFactory(programme=made, kind=kind, year=2010 + year, country=None)
    return made


def iati_file(client, lang="en", expect=200, **params) -> bytes:
    """/programmes/iati.xml with ``params``, answering ``expect``."""
    response = client.get(url("programmes:iati", lang), params)
    assert response.status_code == expect
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return b"".join(response.streaming_content)


def activities(content: bytes) -> dict[str, etree._Element]:
    """The file's activities by identifier."""
    root = etree.fromstring(content)
    return {a.findtext("iati-identifier"): a for a in root.findall("iati-activity")}


def top_comment(content: bytes) -> str:
    """The comment before ``iati-activities``: what is left out and why."""
    match = re.match(rb"<\?xml[^>]*\?>\n<!--\n(.*?)-->\n<iati-activities", content, re.S)
    return match.group(1).decode() if match else ""
