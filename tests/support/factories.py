"""factory-boy factories for every model. Each builds a valid record with no arguments."""

import datetime
import string
from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType

from core.sources.models import Citation, Source
from funding.models import Allocation, BudgetEnvelope, Instrument, Organisation, Programme
from meetings.models import Commitment, Meeting, Participant, Status, StatusChange
from priorities.models import Country, PriorityArea, Strategy, Theme

SEED_CODES = {"KZ", "KG", "TJ", "TM", "UZ", "BE"}
# ISO 3166-1's user-assigned codes: no country has them, so tests use them as unknown codes
# ("country=ZZ"); the sequence never makes them.
USER_ASSIGNED = (
    {"AA", "ZZ"} | {"Q" + c for c in "MNOPQRSTUVWXYZ"} | {"X" + c for c in string.ascii_uppercase}
)
_CODES = [
    a + b
    for a in string.ascii_uppercase
    for b in string.ascii_uppercase
    if a + b not in SEED_CODES | USER_ASSIGNED
]


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    slug = factory.Sequence(lambda n: f"strategy-{n}")
    title_en = factory.Sequence(lambda n: f"Strategy {n}")
    title_ru = factory.Sequence(lambda n: f"Стратегия {n}")


def _unused_code(n: int) -> str:
    """The ``n``-th code of ``_CODES``, or the next one no country has: a test that made a
    country with a code of its own ("MN") must not meet it again from the sequence."""
    for offset in range(len(_CODES)):
        code = _CODES[(n + offset) % len(_CODES)]
        if not Country.objects.filter(code=code).exists():
            return code
    raise RuntimeError("every two-letter code is taken")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country

    code = factory.Sequence(lambda n: _unused_code(n))
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


# Sources and citations (core).


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"cited-source-{n}")
    title_en = factory.Sequence(lambda n: f"Joint statement {n}")
    title_ru = factory.Sequence(lambda n: f"Совместное заявление {n}")
    publisher_en = "Council of the EU"
    publisher_ru = "Совет ЕС"
    date = datetime.date(2019, 6, 17)
    kind = Source.Kind.OFFICIAL
    url = factory.Sequence(lambda n: f"https://example.eu/documents/{n}")
    language = "en"
    checked_on = datetime.date(2024, 3, 1)


class CitationFactory(factory.django.DjangoModelFactory):
    """``record=...`` cites that record (a new priority area by default)."""

    class Meta:
        model = Citation
        exclude = ("record",)

    record = factory.SubFactory(PriorityAreaFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.record))
    object_id = factory.LazyAttribute(lambda o: o.record.pk)
    field = "title"
    source = factory.SubFactory(SourceFactory)
    locator = factory.Sequence(lambda n: f"Section {n}")
    checked_on = datetime.date(2024, 3, 2)


# Commitments and their status changes (meetings): a commitment gets a new partner as its
# party unless ``countries`` or ``organisations`` are given.


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"commitment-{n}")
    text_en = factory.Sequence(lambda n: f"Promise number {n} to cooperate")
    text_ru = factory.Sequence(lambda n: f"Обещание номер {n} о сотрудничестве")
    meeting = factory.SubFactory(MeetingFactory)
    date = factory.LazyAttribute(
        lambda o: datetime.date(o.meeting.year, 6, 1) if o.meeting else None
    )

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is not None:
            self.organisations.set(extracted)
        elif not self.countries.all():
            self.organisations.add(OrganisationFactory())

    @factory.post_generation
    def priorities(self, create, extracted, **kwargs):
        if create and extracted:
            self.priorities.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    commitment = factory.SubFactory(CommitmentFactory)
    date = datetime.date(2016, 1, 1)
    status = Status.IN_PROGRESS
    note_en = factory.Sequence(lambda n: f"Progress note {n}")
    note_ru = factory.Sequence(lambda n: f"Заметка о ходе {n}")
    source = factory.SubFactory(SourceFactory)
    locator = "p. 3"
