"""Sources and citations in the admin: search and filters, and ``Citation.clean()``'s errors
shown on the form (never a server error), in the citations' admin and in ``CitationInline``.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from core.source_pages.admin import CitationInline
from core.sources.models import Citation, Source
from priorities.models import PriorityArea
from tests.support import factories
from tests.support.factories import CitationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def citation_data(source, record, **changes):
    data = {
        "content_type": ContentType.objects.get_for_model(record).pk,
        "object_id": record.pk,
        "field": "title",
        "source": source.pk,
        "locator": "p. 1",
        "note_en": "",
        "note_ru": "",
        "checked_on": "2024-03-01",
    }
    return data | changes


def test_it_searches_and_filters_the_sources(admin_client):
    SourceFactory(title_en="Bishkek communiqué", kind=Source.Kind.PRESS_RELEASE, language="ru")
    SourceFactory(title_en="Annual report")
    changelist = reverse("admin:core_source_changelist")
    response = admin_client.get(changelist, {"q": "bishkek"})
    assert [s.title_en for s in response.context["cl"].result_list] == ["Bishkek communiqué"]
    response = admin_client.get(changelist, {"kind__exact": "press-release", "language": "ru"})
    assert [s.title_en for s in response.context["cl"].result_list] == ["Bishkek communiqué"]
    assert "Last checked" in response.content.decode()


def test_it_refuses_the_admin_to_a_user_without_permission(staff_client, client):
    assert staff_client.get(reverse("admin:core_source_changelist")).status_code == 403
    assert client.get(reverse("admin:core_citation_add")).status_code == 302  # to the login


def test_it_adds_a_citation_in_the_admin(admin_client):
    source, priority = SourceFactory(), factories.PriorityAreaFactory()
    response = admin_client.post(
        reverse("admin:core_citation_add"), citation_data(source, priority)
    )
    assert response.status_code == 302
    citation = Citation.objects.get()
    assert citation.record == priority
    assert citation.field == "title"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"field": "colour"},
            "field",
            "“colour” is not a field of priority area that can be cited.",
        ),
        # A relation from another model, the version, a translation's own column: not facts.
        ({"field": "parts"}, "field", "“parts” is not a field of priority area that can be cited."),
        ({"field": "version"}, "field", "“version” is not a field"),
        ({"field": "title_en"}, "field", "“title_en” is not a field"),
        ({"checked_on": "2999-01-01"}, "checked_on", "This date is in the future."),
        ({"object_id": "999999"}, "object_id", "No priority area has this number."),
        ({"object_id": "x"}, "object_id", "Enter a whole number."),
        ({"object_id": "99999999999999999999"}, "object_id", "Ensure this value is less"),
        ({"content_type": "999999"}, "content_type", "Select a valid choice."),
        ({"content_type": "abc"}, "content_type", "Select a valid choice."),
        ({"editorial": True}, "note_en", "An editorial fact needs its reason, in both languages."),
        (
            {"editorial": True, "note_en": "The text names no date."},
            "note_ru",
            "An editorial fact needs its reason, in both languages.",
        ),
    ],
)
def test_it_shows_a_bad_citations_errors_on_the_form(admin_client, changes, field, message):
    editorial = changes.pop("editorial", False)
    kind = Source.Kind.EDITORIAL if editorial else Source.Kind.OFFICIAL
    source, priority = SourceFactory(kind=kind), factories.PriorityAreaFactory()
    response = admin_client.post(
        reverse("admin:core_citation_add"), citation_data(source, priority, **changes)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert not Citation.objects.exists()


def test_it_offers_only_the_tracked_records_of_the_apps_as_what_a_citation_cites(admin_client):
    response = admin_client.get(reverse("admin:core_citation_add"))
    choices = response.context["adminform"].form.fields["content_type"].queryset
    labels = {f"{ct.app_label}.{ct.model}" for ct in choices}
    assert "priorities.priorityarea" in labels
    assert not labels & {"auth.user", "core.source", "core.citation", "sessions.session"}


# --- The inline, for the apps' admins -----------------------------------------------------


def inline_formset(priority, rows):
    request = RequestFactory().post("/")
    request.user = factories.UserFactory(is_superuser=True, is_staff=True)
    inline = CitationInline(PriorityArea, admin.site)
    formset_class = inline.get_formset(request, priority)
    prefix = formset_class.get_default_prefix()
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
    }
    for n, row in enumerate(rows):
        data |= {f"{prefix}-{n}-{name}": value for name, value in row.items()}
    return formset_class(data, instance=priority, prefix=prefix)


def test_it_offers_the_records_fields_in_the_inline_key_fields_first(rf):
    request = rf.get("/")
    request.user = factories.UserFactory(is_superuser=True, is_staff=True)
    formset = CitationInline(PriorityArea, admin.site).get_formset(request)
    choices = [value for value, _label in formset.form.base_fields["field"].choices]
    assert choices[:5] == ["", "parent", "title", "approved_year", "themes"]  # model order
    assert "description" in choices
    assert "title_en" not in choices and "version" not in choices


def test_it_checks_an_inline_citation_against_its_record(db):
    priority = factories.PriorityAreaFactory()
    editorial = SourceFactory(kind=Source.Kind.EDITORIAL)
    row = {"field": "title", "source": editorial.pk, "locator": "", "note_en": ""}
    formset = inline_formset(priority, [row])
    assert not formset.is_valid()
    assert formset.forms[0].errors["note_en"] == [
        "An editorial fact needs its reason, in both languages."
    ]
    formset = inline_formset(
        priority, [row | {"note_en": "Editors' reading.", "note_ru": "Прочтение редакции."}]
    )
    assert formset.is_valid(), formset.errors
    saved = formset.save()
    assert [(c.record, c.field) for c in saved] == [(priority, "title")]


def test_it_refuses_a_field_the_record_does_not_have_in_the_inline(db):
    priority = factories.PriorityAreaFactory()
    row = {"field": "colour", "source": SourceFactory().pk, "note_en": ""}
    formset = inline_formset(priority, [row])
    assert not formset.is_valid()
    assert "colour" in formset.forms[0].errors["field"][0]


def test_it_shows_a_citations_history_in_the_admin(admin_client):
    citation = CitationFactory()
    response = admin_client.get(reverse("admin:core_citation_history", args=[citation.pk]))
    assert response.status_code == 200
