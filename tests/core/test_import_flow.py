"""Admin bulk import (django-import-export) of organisations, programmes, allocation lines
and meetings: the preview and confirm steps, all-or-nothing files, history and versions,
the models' own rules.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry

from funding.models import Allocation, Organisation, Programme
from meetings.models import Meeting
from tests.support import factories
from tests.support.importing import (
    admin_url,
    confirm,
    csv_bytes,
    export,
    history_of,
    import_file,
    private_temp_dir_fixture,  # noqa: F401 (autouse fixture)
    row_errors,
    stored_confirmation,
    upload,
)

pytestmark = pytest.mark.django_db


# --- A good file -------------------------------------------------------------------------------

ORGANISATIONS = [
    ["slug", "name_en", "name_ru", "acronym_en", "acronym_ru", "kind", "website", "initiator"],
    ["osce-test", "OSCE test", "ОБСЕ тест", "OSCE", "ОБСЕ", "international", "osce.org", "qk"],
    ["undp-test", "UNDP test", "ПРООН тест", "UNDP", "ПРООН", "International", "", ""],
]


def test_it_imports_a_good_file_after_a_preview_with_history_by_the_admin(admin_client, admin_user):
    factories.CountryFactory(code="QK")
    preview = upload(admin_client, Organisation, csv_bytes(ORGANISATIONS))
    assert [row.import_type for row in preview.context["result"].rows] == ["new", "new"]
    assert not Organisation.objects.exists()  # a preview saves nothing

    response = confirm(admin_client, Organisation, preview)

    assert response.status_code == 302
    osce = Organisation.objects.get(slug="osce-test")
    assert (osce.name_en, osce.name_ru, osce.acronym_ru) == ("OSCE test", "ОБСЕ тест", "ОБСЕ")
    assert osce.kind == Organisation.Kind.INTERNATIONAL
    assert osce.website == "https://osce.org"
    assert osce.initiator.code == "QK"  # any case
    undp = Organisation.objects.get(slug="undp-test")
    assert undp.kind == "international" and undp.initiator is None
    records = list(history_of(Organisation))
    assert [record.slug for record in records] == ["osce-test", "undp-test"]
    assert {record.history_type for record in records} == {"+"}
    assert {record.history_user for record in records} == {admin_user}
    assert {record.history_change_reason for record in records} == {"import"}
    assert LogEntry.objects.filter(user=admin_user).count() == 2


def test_it_writes_one_history_row_with_the_many_to_many_values(admin_client, admin_user):
    priority = factories.PriorityAreaFactory(slug="kz-water")
    factories.CountryFactory(code="QK")
    factories.OrganisationFactory(slug="osce")
    rows = [
        ["slug", "title_en", "status", "priorities", "countries", "organisations"],
        ["water", "Water", "ongoing", "kz-water", f"{priority.country.code.lower()}; qk", "osce"],
    ]
    import_file(admin_client, Programme, csv_bytes(rows))
    programme = Programme.objects.get(slug="water")
    assert sorted(programme.countries.values_list("code", flat=True)) == sorted(
        [priority.country.code, "QK"]
    )
    (record,) = history_of(Programme)
    assert (record.history_user, record.history_change_reason) == (admin_user, "import")
    assert [row.organisation.slug for row in record.organisations.all()] == ["osce"]
    assert record.countries.count() == 2


def test_it_imports_meetings_by_number_and_keeps_their_slugs(admin_client):
    factories.CountryFactory(code="QK")
    factories.ThemeFactory(slug="water")
    factories.ThemeFactory(slug="energy")
    saved = factories.MeetingFactory(number=7, slug="2012-bishkek", year=2012, city_en="Bishkek")
    rows = [
        ["number", "slug", "year", "start_date", "end_date", "city_en", "city_ru",
         "host_country", "agenda_en", "themes"],
        ["7", "", "2012", "26.11.2012", "27.11.2012", "Bishkek", "Бишкек", "qk", "Water", "water"],
        ["8", "", "2013", "", "", "New City", "", "QK", "", "water,energy"],
    ]  # fmt: skip
    import_file(admin_client, Meeting, csv_bytes(rows))
    saved.refresh_from_db()
    assert saved.slug == "2012-bishkek"  # an empty cell keeps the slug
    assert saved.start_date == datetime.date(2012, 11, 26)
    assert saved.city_ru == "Бишкек" and saved.host_country.code == "QK"
    assert list(saved.themes.values_list("slug", flat=True)) == ["water"]
    new = Meeting.objects.get(number=8)
    assert new.slug == "2013-new-city"  # as the admin prefills it
    assert sorted(new.themes.values_list("slug", flat=True)) == ["energy", "water"]


def test_it_refuses_to_change_a_saved_meetings_slug(admin_client):
    saved = factories.MeetingFactory(number=7, slug="2012-bishkek")
    rows = [["number", "slug"], ["7", "renamed"]]
    preview = upload(admin_client, Meeting, csv_bytes(rows))
    assert row_errors(preview) == {
        1: ["The slug of a saved meeting cannot change (it is “2012-bishkek”)."]
    }
    saved.refresh_from_db()
    assert saved.slug == "2012-bishkek"


# --- Bad and mixed files: nothing is saved ----------------------------------------------------


def test_it_shows_each_rows_errors_and_saves_nothing_from_a_bad_file(admin_client):
    rows = [
        ["slug", "name_en", "kind", "initiator"],
        ["one", "", "international", ""],
        ["two", "Two", "nonsense", "xx"],
    ]
    preview = upload(admin_client, Organisation, csv_bytes(rows))
    assert preview.status_code == 200
    assert "confirm_form" not in preview.context
    assert row_errors(preview) == {
        1: ["This field cannot be blank."],
        2: [
            "There is no country with ISO 3166-1 alpha-2 code “XX”.",
            "Value 'nonsense' is not a valid choice.",
        ],
    }
    html = preview.content.decode()
    assert "There is no country with ISO 3166-1 alpha-2 code “XX”." in html
    assert "Some rows failed to validate" in html
    assert not Organisation.objects.exists()
    assert not history_of(Organisation).exists()


def test_it_saves_nothing_from_a_mixed_file_even_when_confirmed(admin_client, admin_user):
    factories.OrganisationFactory(slug="kept", name_en="Kept")
    rows = [
        ["slug", "name_en", "kind"],
        ["good", "Good", "eu"],
        ["kept", "Renamed", "eu"],
        ["bad", "Bad", "nonsense"],
    ]
    content = csv_bytes(rows)
    preview = upload(admin_client, Organisation, content)
    assert "confirm_form" not in preview.context  # no way to confirm from the page
    assert list(row_errors(preview)) == [3]

    # Confirming anyway (a hand-made request, as if the preview had stored it) saves
    # nothing either.
    data = stored_confirmation(admin_user, Organisation, content)
    response = admin_client.post(admin_url(Organisation, "process_import"), data)

    assert response.status_code == 200
    assert list(row_errors(response)) == [3]
    assert "Nothing was imported" in response.content.decode()
    assert list(Organisation.objects.values_list("slug", "name_en")) == [("kept", "Kept")]
    assert Organisation.objects.get(slug="kept").version == 1
    assert list(history_of(Organisation).values_list("history_type", flat=True)) == ["+"]
    assert not LogEntry.objects.exists()


def test_it_saves_nothing_if_rows_fail_between_preview_and_confirm(admin_client):
    envelope = factories.BudgetEnvelopeFactory(slug="budget", amount=Decimal("1000.00"))
    rows = [
        ["envelope", "amount", "kind"],
        ["budget", "400", "planned"],
        ["budget", "500", "planned"],
    ]
    preview = upload(admin_client, Allocation, csv_bytes(rows))
    assert row_errors(preview) == {}
    factories.AllocationFactory(envelope=envelope, amount=Decimal("200.00"))  # meanwhile

    response = confirm(admin_client, Allocation, preview)

    assert response.status_code == 200
    assert row_errors(response) == {
        2: ["This would take the envelope over its 1,000.00 EUR by 100.00 EUR."]
    }
    assert list(envelope.allocations.values_list("amount", flat=True)) == [Decimal("200.00")]
    assert not LogEntry.objects.exists()


def test_it_leaves_nothing_behind_after_a_dry_run(admin_client):
    organisation = factories.OrganisationFactory(slug="osce", name_en="OSCE")
    history_before = history_of(Organisation).count()
    rows = [["slug", "name_en", "kind"], ["osce", "OSCE renamed", "eu"], ["newcomer", "New", "eu"]]
    preview = upload(admin_client, Organisation, csv_bytes(rows))
    assert [row.import_type for row in preview.context["result"].rows] == ["update", "new"]
    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.kind, organisation.version) == (
        "OSCE",
        Organisation.Kind.INTERNATIONAL,
        1,
    )
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["osce"]
    assert history_of(Organisation).count() == history_before
    assert not LogEntry.objects.exists()


# --- Updates -----------------------------------------------------------------------------------


def test_it_updates_by_slug_raising_the_version_and_keeping_other_fields(admin_client, admin_user):
    organisation = factories.OrganisationFactory(
        slug="osce", name_en="OSCE", acronym_en="OSCE", role_en="Security", website=""
    )
    before = history_of(Organisation).count()
    import_file(admin_client, Organisation, csv_bytes([["slug", "name_en"], ["osce", "OSCE 2"]]))
    organisation.refresh_from_db()
    assert organisation.name_en == "OSCE 2"
    assert (organisation.acronym_en, organisation.role_en) == ("OSCE", "Security")
    assert organisation.kind == Organisation.Kind.INTERNATIONAL
    assert organisation.version == 2
    assert history_of(Organisation).count() == before + 1
    latest = history_of(Organisation).last()
    assert (latest.history_type, latest.version, latest.name_en) == ("~", 2, "OSCE 2")
    assert (latest.history_user, latest.history_change_reason) == (admin_user, "import")


def test_it_updates_an_allocation_line_by_id_and_refuses_an_unknown_id(admin_client):
    line = factories.AllocationFactory(amount=Decimal("10.00"), description_en="Old")
    rows = [["id", "amount", "description_en"], [str(line.pk), "20,5", "New"]]
    import_file(admin_client, Allocation, csv_bytes(rows))
    line.refresh_from_db()
    assert (line.amount, line.description_en, line.version) == (Decimal("20.50"), "New", 2)

    preview = upload(admin_client, Allocation, csv_bytes([["id", "amount"], ["999999", "1"]]))
    assert row_errors(preview) == {
        1: ["There is no allocation line with id 999999. Leave the id empty to add a new line."]
    }


def test_it_skips_unchanged_rows_when_an_export_comes_back(admin_client):
    factories.CountryFactory(code="QK")
    factories.OrganisationFactory(slug="formula", name_en="=1+2", role_ru="", initiator=None)
    factories.ProgrammeFactory(slug="plain")
    for model in (Organisation, Programme):
        exported = export(admin_client, model).content
        before = history_of(model).count()
        preview = upload(admin_client, model, exported)
        assert {row.import_type for row in preview.context["result"].rows} == {"skip"}, model
        confirm(admin_client, model, preview)
        assert history_of(model).count() == before
        assert set(model.objects.values_list("version", flat=True)) == {1}
    assert Organisation.objects.get(slug="formula").name_en == "=1+2"


# --- Model rules -------------------------------------------------------------------------------


def test_it_counts_earlier_rows_of_the_file_against_the_envelope(admin_client):
    envelope = factories.BudgetEnvelopeFactory(slug="budget", amount=Decimal("1000.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("600.00"))
    too_much = [["envelope", "amount"], ["budget", "300"], ["budget", "300"]]
    preview = upload(admin_client, Allocation, csv_bytes(too_much))
    assert row_errors(preview) == {
        2: ["This would take the envelope over its 1,000.00 EUR by 200.00 EUR."]
    }
    assert envelope.allocations.count() == 1

    fits = [["envelope", "amount"], ["budget", "150"], ["budget", "250"]]
    import_file(admin_client, Allocation, csv_bytes(fits))
    assert sorted(envelope.allocations.values_list("amount", flat=True)) == [
        Decimal("150.00"),
        Decimal("250.00"),
        Decimal("600.00"),
    ]


def test_it_makes_unknown_codes_and_slugs_row_errors(admin_client):
    factories.BudgetEnvelopeFactory(slug="budget")
    rows = [
        ["envelope", "amount", "country", "priority", "organisation", "programme"],
        ["nope", "1", "", "", "", ""],
        ["budget", "1", "zz", "no-priority", "no-partner", "no-programme"],
    ]
    preview = upload(admin_client, Allocation, csv_bytes(rows))
    assert preview.status_code == 200
    assert row_errors(preview) == {
        1: ["There is no budget envelope with slug “nope”."],
        2: [
            "There is no cooperation programme with slug “no-programme”.",
            "There is no country with ISO 3166-1 alpha-2 code “ZZ”.",
            "There is no partner organisation with slug “no-partner”.",
            "There is no priority area with slug “no-priority”.",
        ],
    }
    programmes = [["slug", "title_en", "priorities", "countries"], ["p", "P", "x; y", "kz"]]
    preview = upload(admin_client, Programme, csv_bytes(programmes))
    assert row_errors(preview) == {
        1: [
            "There is no country with ISO 3166-1 alpha-2 code “KZ”.",
            "There is no priority area with slug “x”, “y”.",
        ]
    }
    meetings = [
        ["number", "year", "city_en", "host_country", "themes"],
        ["1", "2012", "B", "", "t"],
    ]
    preview = upload(admin_client, Meeting, csv_bytes(meetings))
    assert row_errors(preview) == {
        1: ["There is no theme with slug “t”.", "This field cannot be null."]
    }
    assert not (
        Allocation.objects.exists() or Programme.objects.exists() or Meeting.objects.exists()
    )


def test_it_checks_the_models_own_rules(admin_client):
    rows = [
        ["slug", "title_en", "status", "start_date", "end_date"],
        ["p", "P", "ongoing", "2014-01-01", "2013-01-01"],
    ]
    preview = upload(admin_client, Programme, csv_bytes(rows))
    assert row_errors(preview) == {1: ["The end date must not be before the start date."]}
