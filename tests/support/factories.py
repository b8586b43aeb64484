"""factory-boy factories for every model. Each builds a valid record with no arguments."""

import datetime
import string
from decimal import Decimal

import factory

from funding.models import Allocation, BudgetEnvelope, Instrument, Organisation, Programme
from meetings.models import Meeting, Participant
from priorities.models import Country, PriorityArea, Strategy, Theme

SEED_CODES = {"KZ", "KG", "TJ", "TM", "UZ", "BE"}
_CODES = [
    a + b for a in string.ascii_uppercase for b in string.ascii_uppercase if a + b not in SEED_CODES
]


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    slug = factory.Sequence(lambda n: f"strategy-{n}")
    title_en = factory.Sequence(lambda n: f"Strategy {n}")
    title_ru = factory.Sequence(lambda n: f"Стратегия {n}")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country

    code = factory.Sequence(lambda n: _CODES[n % len(_CODES)])
    name_en = factory.Sequence(lambda n: f"Country {n}")
    name_ru = factory.Sequence(lambda n: f"Страна {n}")
    region = Country.Region.CENTRAL_ASIA


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")


class PriorityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityArea

    strategy = factory.SubFactory(StrategyFactory)
    country = factory.SubFactory(CountryFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"priority-{n}")
    title_en = factory.Sequence(lambda n: f"Priority {n}")
    title_ru = factory.Sequence(lambda n: f"Приоритет {n}")
    approved_year = 2009


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    acronym_en = factory.Sequence(lambda n: f"ORG{n}")
    acronym_ru = factory.Sequence(lambda n: f"ОРГ{n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_ru = factory.Sequence(lambda n: f"Организация {n}")
    kind = Organisation.Kind.INTERNATIONAL


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    strategy = factory.SubFactory(StrategyFactory)
    slug = factory.Sequence(lambda n: f"instrument-{n}")
    name_en = factory.Sequence(lambda n: f"Instrument {n}")
    name_ru = factory.Sequence(lambda n: f"Инструмент {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    number = factory.Sequence(lambda n: 100 + n)
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    year = 2015
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 6, 1))
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 6, 2))
    city_en = factory.Sequence(lambda n: f"City {n}")
    city_ru = factory.Sequence(lambda n: f"Город {n}")
    host_country = factory.SubFactory(CountryFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    person_en = factory.Sequence(lambda n: f"Person {n}")
    person_ru = factory.Sequence(lambda n: f"Персона {n}")
    role_en = "Minister"
    role_ru = "Министр"
    country = factory.SubFactory(CountryFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class BudgetEnvelopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetEnvelope

    strategy = factory.SubFactory(StrategyFactory)
    slug = factory.Sequence(lambda n: f"envelope-{n}")
    title_en = factory.Sequence(lambda n: f"Envelope {n}")
    title_ru = factory.Sequence(lambda n: f"Бюджет {n}")
    amount = Decimal("1000000000.00")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"programme-{n}")
    title_en = factory.Sequence(lambda n: f"Programme {n}")
    title_ru = factory.Sequence(lambda n: f"Программа {n}")
    status = Programme.Status.ONGOING
    start_date = datetime.date(2010, 1, 1)
    end_date = datetime.date(2013, 12, 31)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    envelope = factory.SubFactory(BudgetEnvelopeFactory)
    amount = Decimal("1000.00")
    kind = Allocation.Kind.PLANNED
    year = 2010
    country = factory.SubFactory(CountryFactory)
    description_en = factory.Sequence(lambda n: f"Allocation {n}")
    description_ru = factory.Sequence(lambda n: f"Строка {n}")


USER_PASSWORD = "correct-horse-battery-staple"
EDITOR_USERNAME = "editor"


class UserFactory(factory.django.DjangoModelFactory):
    """An active, non-staff account whose password is USER_PASSWORD."""

    class Meta:
        model = "auth.User"

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.eu")
    password = factory.django.Password(USER_PASSWORD)
