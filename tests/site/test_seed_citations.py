"""`manage.py load_strategy`: the sources, and a citation for every seeded fact.

Every quoted passage is the source text's own, verbatim; every key field
(``core.registry.key_fields()``) of every seeded record that has a value is cited; every
editorial fact says why, in both languages.
"""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from core.registry import key_fields
from core.sources.models import Citation, Source
from eucastrategy.seeding.loader import strategy_seed_load
from funding.models import Organisation
from meetings.models import Meeting, Participant, StatusChange
from priorities.models import Country

pytestmark = pytest.mark.django_db

REPO_COPY = Path(settings.BASE_DIR) / "eucastrategy/seeding/source/eu-central-asia-strategy.ru.txt"
SHARED = Path(settings.BASE_DIR).parent / "shared/seed/eu-central-asia-strategy.ru.txt"
ADOPTED = datetime.date(2007, 6, 22)


@pytest.fixture(scope="module")
def document():
    return REPO_COPY.read_text(encoding="utf-8")


def citations_of(record, field):
    return Citation.objects.of(record).filter(field=field)


def cited_sources(record, field):
    return sorted(citations_of(record, field).values_list("source__slug", flat=True))


def has_value(record, name):
    field = record._meta.get_field(name)
    if field.many_to_many:
        return getattr(record, name).exists()
    values = [getattr(record, f"{name}_{code}", None) for code, _ in settings.LANGUAGES]
    values = [v for v in values if v is not None] or [getattr(record, field.attname)]
    return any(v not in (None, "") for v in values)


# --- The sources -----------------------------------------------------------------------------


def test_it_keeps_the_repository_copy_identical_to_the_shared_source():
    if not SHARED.is_file():
        pytest.skip("no shared/seed next to the checkout (a clean clone)")
    assert REPO_COPY.read_bytes() == SHARED.read_bytes()


def test_it_loads_the_source_text_first_with_its_full_text(seeded, document):
    first = Source.objects.order_by("pk").first()
    assert first.slug == "source-text"
    assert first.kind == Source.Kind.SOURCE_TEXT
    assert first.language == "ru"
    assert first.text == document
    assert first.title_ru == (
        "Стратегия Европейского Союза в отношении стран Центральной Азии: исходный текст"
    )
    assert first.publisher == "" and first.date is None  # the text names neither


@pytest.mark.django_db(reset_sequences=True)
def test_it_makes_the_source_text_source_number_1_on_a_fresh_database():
    strategy_seed_load()
    assert Source.objects.get(pk=1).slug == "source-text"


def test_it_loads_the_four_sources(seeded):
    sources = {s.slug: s for s in Source.objects.all()}
    assert set(sources) == {"source-text", "iso-3166", "european-council-2007-06", "editorial"}
    iso = sources["iso-3166"]
    assert iso.kind == Source.Kind.OFFICIAL
    assert iso.url == "https://www.iso.org/iso-3166-country-codes.html"
    assert iso.publisher_en == "International Organization for Standardization (ISO)"
    assert iso.checked_on == sources["source-text"].checked_on is not None
    council = sources["european-council-2007-06"]
    assert council.title_en == "Brussels European Council, 21/22 June 2007: Presidency Conclusions"
    assert council.url == "" and council.date is None
    assert sources["editorial"].is_editorial
    assert (sources["editorial"].title_en, sources["editorial"].title_ru) == (
        "The portal's editors",
        "Редакция портала",
    )


# --- Every fact, cited ---------------------------------------------------------------------


def test_it_quotes_the_source_text_verbatim_in_every_citation_and_evidence(seeded, document):
    quoted = Citation.objects.filter(source__slug="source-text")
    evidence = StatusChange.objects.filter(source__slug="source-text")
    assert quoted.count() > 100 and evidence.count() == 6
    for locator in [
        *quoted.values_list("locator", flat=True),
        *evidence.values_list("locator", flat=True),
    ]:
        assert locator.strip(), "a quotation needs its passage"
        assert locator in document, locator


def test_it_cites_every_key_field_of_every_seeded_record(seeded):
    checked = 0
    for label, fields in key_fields().items():
        for record in apps.get_model(label).objects.all():
            for name in fields:
                if has_value(record, name):
                    checked += 1
                    assert citations_of(record, name).exists(), (label, record.pk, name)
    assert checked > 150  # every seeded model took part
    for change in StatusChange.objects.all():
        assert cited_sources(change, "date") == ["european-council-2007-06"]


def test_it_cites_no_blank_field(seeded):
    venice = Organisation.objects.get(slug="venice-commission")
    assert venice.acronym == "" and not citations_of(venice, "acronym").exists()
    astana = Meeting.objects.get(number=1)
    assert astana.start_date is None and not citations_of(astana, "start_date").exists()
    for citation in Citation.objects.all():
        assert not citation.field or has_value(citation.record, citation.field), citation


def test_it_gives_every_editorial_fact_its_reason_in_both_languages(seeded):
    editorial = Citation.objects.editorial()
    assert editorial.count() > 30
    for citation in editorial:
        assert citation.note_en.strip() and citation.note_ru.strip(), citation
        assert citation.locator == ""


def test_it_cites_the_full_name_behind_an_acronym_as_editorial(seeded):
    un = Organisation.objects.get(slug="un")
    assert cited_sources(un, "acronym") == ["source-text"]
    assert citations_of(un, "acronym").get().locator == "ООН"
    assert cited_sources(un, "name") == ["editorial"]
    assert "acronym" in citations_of(un, "name").get().note_en
    venice = Organisation.objects.get(slug="venice-commission")
    assert cited_sources(venice, "name") == ["editorial", "source-text"]


def test_it_cites_country_codes_to_iso_and_names_the_text_omits_as_editorial(seeded):
    for country in Country.objects.all():
        assert cited_sources(country, "code") == ["iso-3166"]
        assert citations_of(country, "code").get().locator.startswith(country.code + " ")
    kz = Country.objects.get(code="KZ")
    assert cited_sources(kz, "name") == ["source-text"]
    for country in Country.objects.exclude(code="KZ"):
        assert cited_sources(country, "name") == ["editorial"], country.code


def test_it_cites_the_host_country_and_the_derived_numbers_as_editorial(seeded):
    for meeting in Meeting.objects.all():
        assert cited_sources(meeting, "host_country") == ["editorial"]
        assert meeting.city_ru in citations_of(meeting, "host_country").get().note_ru
    for meeting in Meeting.objects.filter(number__lte=5):
        assert cited_sources(meeting, "number") == ["editorial", "source-text"]
    assert cited_sources(Meeting.objects.get(number=6), "number") == ["source-text"]


def test_it_cites_the_date_the_strategy_was_adopted_to_the_european_council(seeded):
    council = Citation.objects.filter(source__slug="european-council-2007-06")
    assert council.count() == 12  # six commitments, six "announced" entries
    assert set(council.values_list("field", flat=True)) == {"date"}
    for citation in council:
        assert citation.record.date == ADOPTED


def test_it_cites_the_parties_of_the_central_asia_commitment_as_the_five_countries(seeded):
    commitment = apps.get_model("meetings.commitment").objects.get(
        slug="regional-structures-interaction"
    )
    assert cited_sources(commitment, "countries") == ["editorial", "source-text"]
    assert "«ЦА»" in citations_of(commitment, "countries").get(source__slug="editorial").note_ru


def test_it_cites_the_idrissov_reading_of_heading_the_delegation_as_editorial(seeded):
    idrissov = Participant.objects.get(meeting__number=6, ordinal=1)
    assert cited_sources(idrissov, "heads_delegation") == ["editorial", "source-text"]
    assert not citations_of(idrissov, "organisation").exists()  # he has none


# --- Reruns, and editors' changes ------------------------------------------------------------


def test_it_changes_nothing_in_sources_and_citations_when_run_again(db):
    strategy_seed_load()
    before = list(Citation.objects.values()), list(Source.objects.values())
    report = strategy_seed_load()
    assert not report.changed
    assert (list(Citation.objects.values()), list(Source.objects.values())) == before


def test_it_keeps_an_editors_note_on_a_citation_and_recreates_a_deleted_one(seeded):
    un = Organisation.objects.get(slug="un")
    note = citations_of(un, "name").get()
    Citation.objects.filter(pk=note.pk).update(note_en="Checked on the UN's own site.")
    citations_of(un, "acronym").delete()
    report = strategy_seed_load()
    assert citations_of(un, "name").get().note_en == "Checked on the UN's own site."
    assert citations_of(un, "acronym").get().locator == "ООН"
    assert report.created == {"citations": 1}
    assert report.kept == {"citations": 1}


def test_it_cites_a_field_an_editor_fills_only_when_the_seed_has_a_citation_for_it(seeded):
    astana = Meeting.objects.get(number=1)
    Meeting.objects.filter(pk=astana.pk).update(agenda_en="Opening meeting")
    strategy_seed_load()
    ctype = ContentType.objects.get_for_model(Meeting)
    assert not Citation.objects.filter(
        content_type=ctype, object_id=astana.pk, field="agenda"
    ).exists()


@pytest.mark.django_db
def test_it_keeps_each_participants_citations_when_an_editor_reorders_them():
    strategy_seed_load()
    idrissov = Participant.objects.get(person_en="E. Idrissov")
    ashton = Participant.objects.get(person_en="C. Ashton")
    Participant.objects.filter(pk=idrissov.pk).update(ordinal=ashton.ordinal)
    Participant.objects.filter(pk=ashton.pk).update(ordinal=idrissov.ordinal)
    Citation.objects.filter(object_id__in=[idrissov.pk, ashton.pk]).delete()
    strategy_seed_load()
    assert "Идрисов" in citations_of(idrissov, "person").get().locator
    assert "Эштон" in citations_of(ashton, "person").get().locator


@pytest.mark.django_db
def test_it_says_checked_only_where_its_source_was_checked():
    strategy_seed_load()
    for citation in Citation.objects.select_related("source"):
        assert (citation.checked_on is None) == (citation.source.checked_on is None)
