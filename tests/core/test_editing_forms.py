"""In-site editing: creating and editing records, the forms' validation, and no lost
updates.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import Allocation, Organisation, Programme
from meetings.models import Meeting, Participant
from tests.support import factories
from tests.support.browser_form import form_values
from tests.support.editing import (
    MODELS,
    by_section,
    new_record_data,
    participants_management,
)

pytestmark = pytest.mark.django_db


def resubmission(response):
    """POST data for an edit page as rendered: the form and any participants formset."""
    data = form_values(response.context["form"])
    formset = response.context.get("participants")
    if formset is not None:
        initial = len(formset.initial_forms)
        data |= participants_management(total=initial, initial=initial)
        for form in formset.initial_forms:
            data |= form_values(form)
    return data


# --- Creating and editing --------------------------------------------------------------------


@by_section
def test_it_creates_a_record_and_says_so(editor_client, namespace):
    response = editor_client.post(
        reverse(f"{namespace}:create"), new_record_data(namespace), follow=True
    )
    record = MODELS[namespace].objects.get()
    assert response.redirect_chain[-1][0] == record.get_absolute_url()
    assert "Added" in response.content.decode()
    assert record.version == 1
    assert record.history.get().history_user.username == "editor"


def test_it_makes_a_slug_from_the_english_title_when_left_blank(editor_client):
    factories.ProgrammeFactory(slug="border-management")
    editor_client.post(reverse("programmes:create"), new_record_data("programmes"))
    assert Programme.objects.filter(slug="border-management-2").exists()


def test_it_makes_a_meeting_slug_from_year_and_city(editor_client):
    editor_client.post(reverse("meetings:create"), new_record_data("meetings"))
    assert Meeting.objects.get().slug == "2030-samarkand"


def test_it_refuses_a_reserved_slug(editor_client):
    data = new_record_data("themes") | {"slug": "new"}
    response = editor_client.post(reverse("themes:create"), data)
    assert response.status_code == 200
    assert "reserved" in str(response.context["form"].errors["slug"])


def test_it_saves_both_language_versions(editor_client):
    theme = factories.ThemeFactory(name_en="Water", name_ru="Вода")
    url = reverse("themes:update", kwargs={"slug": theme.slug})
    data = resubmission(editor_client.get(url)) | {
        "name_en": "Water management",
        "name_ru": "Управление водными ресурсами",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == theme.get_absolute_url()
    theme.refresh_from_db()
    assert (theme.name_en, theme.name_ru) == ("Water management", "Управление водными ресурсами")
    assert theme.version == 2


def test_it_labels_each_language_and_marks_its_input(editor_client):
    html = editor_client.get(reverse("themes:create")).content.decode()
    assert "Name (Russian)" in html
    assert 'lang="ru"' in html


def test_it_shows_the_russian_form_under_ru(editor_client):
    response = editor_client.get("/ru" + reverse("themes:create"))
    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()


def test_it_adds_edits_and_removes_participants_with_the_meeting(editor_client):
    meeting = factories.MeetingFactory()
    kept = factories.ParticipantFactory(meeting=meeting, person_en="E. Idrissov", ordinal=1)
    dropped = factories.ParticipantFactory(meeting=meeting, person_en="Someone", ordinal=2)
    url = reverse("meetings:update", kwargs={"slug": meeting.slug})
    data = resubmission(editor_client.get(url))
    index = {data[f"participants-{i}-id"]: i for i in range(2)}
    data[f"participants-{index[kept.pk]}-role_en"] = "Minister of Foreign Affairs"
    data[f"participants-{index[dropped.pk]}-DELETE"] = "on"
    data |= {
        "participants-TOTAL_FORMS": 3,
        "participants-2-person_en": "C. Ashton",
        "participants-2-ordinal": 3,
        "participants-2-heads_delegation": "on",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    people = list(meeting.participants.order_by("ordinal").values_list("person_en", "role_en"))
    assert people == [("E. Idrissov", "Minister of Foreign Affairs"), ("C. Ashton", None)]
    assert Participant.objects.get(person_en="E. Idrissov").version == 2


def test_it_shows_the_envelope_remaining_on_the_allocation_form(editor_client):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("719000000"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("19000000"))
    html = editor_client.get(reverse("funding:create")).content.decode()
    assert "700,000,000.00 EUR remaining of 719,000,000.00 EUR" in html


# --- Validation ------------------------------------------------------------------------------


def post_new(client, namespace, **changes):
    data = new_record_data(namespace) | changes
    return client.post(reverse(f"{namespace}:create"), data)


def errors(response):
    form = response.context["form"]
    return {name: " ".join(messages) for name, messages in form.errors.items()}


def test_it_refuses_an_end_date_before_the_start_date(editor_client):
    response = post_new(editor_client, "meetings", end_date="2030-04-30")
    assert response.status_code == 200
    assert "end date must not be before the start date" in errors(response)["end_date"]
    response = post_new(editor_client, "programmes", start_date="2014-01-01", end_date="2013-01-01")
    assert "end date must not be before the start date" in errors(response)["__all__"]
    assert not Meeting.objects.exists() and not Programme.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1e400", "9" * 30])
def test_it_refuses_an_amount_that_is_not_positive_money(editor_client, amount):
    response = post_new(editor_client, "funding", amount=amount)
    assert response.status_code == 200
    assert errors(response)["amount"]
    assert not Allocation.objects.exists()


def test_it_says_by_how_much_a_line_would_overdraw_the_envelope(editor_client):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("719000000"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("718000000"))
    response = post_new(editor_client, "funding", envelope=envelope.pk, amount="1500000")
    assert response.status_code == 200
    assert "over its 719,000,000.00 EUR by 500,000.00 EUR" in errors(response)["amount"]
    assert envelope.allocations.count() == 1


def test_it_refuses_a_meeting_number_already_taken(editor_client):
    factories.MeetingFactory(number=99)
    response = post_new(editor_client, "meetings")
    assert response.status_code == 200
    assert "already exists" in errors(response)["number"]


@pytest.mark.parametrize(
    ("namespace", "field", "value"),
    [
        ("meetings", "year", "abc"),
        ("meetings", "year", "9" * 30),
        ("meetings", "start_date", "2030-02-30"),
        ("meetings", "host_country", "999999"),
        ("themes", "name_en", "Water\x00"),
        ("themes", "name_en", ""),
        ("priorities", "themes", "abc"),
        ("partners", "kind", "planet"),
        ("partners", "website", "not a url"),
        ("programmes", "status", "<script>"),
        ("meetings", "host_country", "9" * 25),
        ("meetings", "themes", "9" * 25),
        ("priorities", "themes", "9" * 25),
        ("programmes", "countries", "9" * 25),
        ("programmes", "organisations", "-" + "9" * 25),
        ("funding", "envelope", "9" * 25),
    ],
)
def test_it_shows_a_form_error_for_bad_input(editor_client, namespace, field, value):
    response = post_new(editor_client, namespace, **{field: value})
    assert response.status_code == 200
    assert field in errors(response)
    assert not MODELS[namespace].objects.exists()


def test_it_refuses_a_form_that_lost_its_version(editor_client):
    theme = factories.ThemeFactory()
    url = reverse("themes:update", kwargs={"slug": theme.slug})
    data = resubmission(editor_client.get(url))
    for bad in ("", "abc", "-1", "9" * 30):
        response = editor_client.post(url, data | {"loaded_version": bad})
        assert response.status_code == 200
        assert response.context["form"].errors
    theme.refresh_from_db()
    assert theme.version == 1


# --- No lost updates ---------------------------------------------------------------------------


def test_it_refuses_the_second_of_two_concurrent_saves_and_keeps_its_input(
    editor_client, admin_client
):
    meeting = factories.MeetingFactory(agenda_en="Water and energy.")
    url = reverse("meetings:update", kwargs={"slug": meeting.slug})
    first = resubmission(admin_client.get(url)) | {"agenda_en": "Water, energy and transport."}
    second = resubmission(editor_client.get(url)) | {"outcome_en": "Agreed to meet again."}

    assert admin_client.post(url, first).status_code == 302
    response = editor_client.post(url, second)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this record after you opened it" in html
    assert "Agreed to meet again." in html  # the second editor's input is still in the form
    conflict = {change.name: change for change in response.context["form"].conflict}
    assert conflict["agenda_en"].old == "Water and energy."
    assert conflict["agenda_en"].new == "Water, energy and transport."
    meeting.refresh_from_db()
    assert meeting.outcome_en == ""  # nothing of the refused save was written
    assert meeting.version == 2

    # Saving the form again as shown applies the second editor's change and keeps the first's.
    again = resubmission(response)
    assert again["agenda_en"] == "Water, energy and transport."
    assert editor_client.post(url, again).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.outcome_en, meeting.version) == ("Agreed to meet again.", 3)
    assert meeting.agenda_en == "Water, energy and transport."


def test_it_refuses_a_stale_participant_row(editor_client, admin_client):
    participant = factories.ParticipantFactory(person_en="E. Idrissov")
    url = reverse("meetings:update", kwargs={"slug": participant.meeting.slug})
    stale = resubmission(editor_client.get(url)) | {"participants-0-role_en": "Minister"}
    participant.role_en = "Foreign Minister"
    participant.version = 2
    participant.save()
    response = editor_client.post(url, stale)
    assert response.status_code == 200
    participant.refresh_from_db()
    assert participant.role_en == "Foreign Minister"


def test_it_refuses_a_stale_save_in_admin_too(admin_client):
    organisation = factories.OrganisationFactory(name_en="OSCE")
    url = reverse("admin:funding_organisation_change", args=[organisation.pk])
    page = admin_client.get(url)
    data = form_values(page.context["adminform"].form) | {
        "name_en": "Organization for Security and Co-operation in Europe"
    }
    Organisation.objects.filter(pk=organisation.pk).update(version=2, name_en="O.S.C.E.")
    organisation.history.create(
        **{
            field.attname: getattr(Organisation.objects.get(pk=organisation.pk), field.attname)
            for field in Organisation._meta.concrete_fields
        },
        history_date=organisation.history.get().history_date,
        history_type="~",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Someone else saved this record after you opened it" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name_en == "O.S.C.E."


def test_it_reverts_a_record_from_admin_history(admin_client, editor_client):
    theme = factories.ThemeFactory(name_en="Water")
    url = reverse("themes:update", kwargs={"slug": theme.slug})
    editor_client.post(url, resubmission(editor_client.get(url)) | {"name_en": "Waters"})
    first = theme.history.order_by("history_id").first()
    revert_url = reverse("admin:priorities_theme_simple_history", args=[theme.pk, first.pk])
    page = admin_client.get(revert_url)
    assert page.status_code == 200
    data = form_values(page.context["adminform"].form)
    assert data["loaded_version"] == 2  # the current version, not the old one's
    assert admin_client.post(revert_url, data).status_code == 302
    theme.refresh_from_db()
    assert (theme.name_en, theme.version) == ("Water", 3)
    latest = theme.history.order_by("-history_id").first()
    assert latest.history_user.is_superuser
    assert latest.name_en == "Water"


def test_it_writes_no_version_or_history_for_a_save_without_changes(editor_client):
    theme = factories.ThemeFactory()
    url = reverse("themes:update", kwargs={"slug": theme.slug})
    page = editor_client.get(url)
    data = form_values(page.context["form"])
    assert editor_client.post(url, data).status_code == 302
    theme.refresh_from_db()
    assert theme.version == 1
    assert theme.history.count() == 1


def test_it_checks_the_envelope_again_when_saving_under_its_lock(editor_client, monkeypatch):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    data = new_record_data("funding") | {"envelope": envelope.pk, "amount": "600"}
    # Another editor's line lands between this form's validation and its save.
    from funding import services

    real_lock = services.envelope_lock

    def lock_after_a_rival_saved(*, envelope_id):
        factories.AllocationFactory(envelope=envelope, amount=Decimal("500"))
        real_lock(envelope_id=envelope_id)

    monkeypatch.setattr(services, "envelope_lock", lock_after_a_rival_saved)
    response = editor_client.post(reverse("funding:create"), data)
    assert response.status_code == 200
    assert "by 100.00 EUR" in " ".join(response.context["form"].errors["amount"])
    assert not envelope.allocations.filter(amount=Decimal("600")).exists()


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("1 500 000,50", "1500000.50"),  # as Russian readers write it
        ("1\u00a0500\u00a0000,50", "1500000.50"),
        ("1,500,000.50", "1500000.50"),  # as English readers write it
        ("1500000.5", "1500000.50"),
    ],
)
def test_it_reads_amounts_written_either_way(editor_client, typed, saved):
    response = editor_client.post(
        reverse("funding:create"), new_record_data("funding") | {"amount": typed}
    )
    assert response.status_code == 302
    assert Allocation.objects.get().amount == Decimal(saved)


def test_it_refuses_an_ambiguous_amount_rather_than_guessing(editor_client):
    response = editor_client.post(
        reverse("funding:create"), new_record_data("funding") | {"amount": "1,000"}
    )
    assert response.status_code == 200
    assert "decimal places" in " ".join(response.context["form"].errors["amount"])
    assert not Allocation.objects.exists()
