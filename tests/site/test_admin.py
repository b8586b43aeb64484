"""The admin: every model registered and usable, permissions, search, query counts,
offline media and the envelope limit on allocation lines.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding.models import Allocation, BudgetEnvelope, Organisation, Programme
from meetings.models import Meeting, Participant
from priorities.models import Country, PriorityArea, Strategy, Theme
from tests.support import factories
from tests.support.browser_form import admin_resubmission as resubmission

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("core", "priorities", "meetings", "funding")  # core: sources and citations
# Bookkeeping, not data anyone edits: core.freshness's stamp of committed writes.
NOT_IN_ADMIN = {"core.DataStamp"}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS),
    key=lambda model: model._meta.label,
)
by_label = pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def create(model, **kwargs):
    return getattr(factories, f"{model.__name__}Factory")(**kwargs)


def create_batch(model, size):
    return getattr(factories, f"{model.__name__}Factory").create_batch(size)


# --- Every model -------------------------------------------------------------------------------


def test_it_registers_every_model_of_the_project_apps():
    models = {
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")  # shown through their record's admin
        and model._meta.label not in NOT_IN_ADMIN
    }
    assert set(REGISTERED) == models
    # Source, Citation (core); Strategy, Country, Theme, PriorityArea; Meeting, Participant,
    # Commitment, StatusChange; Organisation, Instrument, BudgetEnvelope, Programme, Allocation.
    assert len(models) == 15


@by_label
def test_it_serves_the_changelist_add_and_change_pages(admin_client, model):
    obj = create(model)
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ):
        assert admin_client.get(url).status_code == 200, url


@by_label
def test_it_loads_no_script_or_stylesheet_from_another_host(admin_client, model):
    obj = create(model)
    html = admin_client.get(admin_url(model, "change", obj.pk)).content.decode()
    urls = re.findall(r'<script[^>]*\ssrc="([^"]*)"', html)
    urls += re.findall(r'<link[^>]*\shref="([^"]*)"', html)
    assert urls
    off_site = [url for url in urls if url.startswith(("http://", "https://", "//"))]
    assert off_site == []
    assert "googleapis" not in html
    assert "modeltranslation/js/tabbed_translation_fields" in html  # tabs still on...
    assert "/static/js/admin_tabs." in html  # ...with the local stand-in for jQuery UI tabs
    inline_code = re.findall(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", html, re.DOTALL)
    assert [code for code in inline_code if code.strip()] == []  # a strict CSP can stay strict


def test_it_ships_the_tabs_stand_in_as_a_static_file():
    path = finders.find("js/admin_tabs.js")
    assert path
    with open(path, encoding="utf-8") as script:
        assert "$.fn.tabs = function" in script.read()


# --- Search ------------------------------------------------------------------------------------

SEARCHES = [
    (Meeting, {"city_ru": "Бишкек"}, "бишкек"),
    (Meeting, {"city_ru": "Бишкек"}, "БИШКЕК"),
    (Country, {"name_ru": "Кыргызстан"}, "кыргыз"),
    (Organisation, {"acronym_ru": "ОБСЕ"}, "обсе"),
    (PriorityArea, {"title_ru": "Водные ресурсы"}, "ВОДНЫЕ"),
    (Allocation, {"description_ru": "Пограничная служба"}, "пограничная"),
    (Participant, {"person_ru": "Жээнбеков"}, "жээнбеков"),
]


@pytest.mark.parametrize(
    ("model", "values", "term"), SEARCHES, ids=lambda value: getattr(value, "__name__", None)
)
def test_it_finds_a_record_by_its_russian_text_in_any_case(admin_client, model, values, term):
    create(model)
    wanted = create(model, **values)
    response = admin_client.get(admin_url(model, "changelist"), {"q": term})
    assert list(response.context["cl"].result_list) == [wanted]


def test_it_finds_a_record_by_a_related_records_code_and_english_name(admin_client):
    create(Meeting)
    wanted = create(Meeting, host_country=create(Country, code="QK", name_en="Qaztopia"))
    url = admin_url(Meeting, "changelist")
    for term in ("qk", "QAZTOP"):
        response = admin_client.get(url, {"q": term})
        assert list(response.context["cl"].result_list) == [wanted], term


def test_it_autocompletes_an_envelope_by_its_russian_title(admin_client):
    create(BudgetEnvelope, title_ru="Бюджет ЕС")
    wanted = create(BudgetEnvelope, title_ru="Бюджет Бишкека")
    params = {
        "app_label": "funding",
        "model_name": "allocation",
        "field_name": "envelope",
        "term": "бишкек",
    }
    response = admin_client.get(reverse("admin:autocomplete"), params)
    assert [row["id"] for row in response.json()["results"]] == [str(wanted.pk)]


# --- Permissions -------------------------------------------------------------------------------


def test_it_redirects_an_anonymous_visitor_to_the_login(client):
    url = admin_url(Meeting, "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"


def test_it_forbids_a_changelist_to_staff_without_permissions(staff_client):
    assert staff_client.get(admin_url(Meeting, "changelist")).status_code == 403


def test_it_shows_but_does_not_add_with_only_the_view_permission(staff_client):
    staff_client.user.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    meeting = create(Meeting)
    assert staff_client.get(admin_url(Meeting, "changelist")).status_code == 200
    assert staff_client.get(admin_url(Meeting, "change", meeting.pk)).status_code == 200
    assert staff_client.get(admin_url(Meeting, "add")).status_code == 403
    response = staff_client.post(admin_url(Meeting, "add"), {"number": 1})
    assert response.status_code == 403


# --- Wrong methods -----------------------------------------------------------------------------


def test_it_rejects_a_cross_site_delete_on_a_changelist(django_user_model):
    """A DELETE without a CSRF token is refused before the admin sees it."""
    user = django_user_model.objects.create_superuser("root", password="x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    meeting = create(Meeting)
    assert client.delete(admin_url(Meeting, "changelist")).status_code == 403
    assert client.put(admin_url(Meeting, "add")).status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_it_treats_other_methods_like_get_on_admin_pages(admin_client):
    """Past CSRF, the admin's views only act on POST: PUT and DELETE render the page."""
    meeting = create(Meeting)
    assert admin_client.delete(admin_url(Meeting, "changelist")).status_code == 200
    assert admin_client.delete(admin_url(Meeting, "change", meeting.pk)).status_code == 200
    assert admin_client.put(admin_url(Meeting, "add"), {"number": 7}).status_code == 200
    assert list(Meeting.objects.all()) == [meeting]


def test_it_allows_only_post_to_log_out(admin_client):
    assert admin_client.get(reverse("admin:logout")).status_code == 405


# --- Query counts ------------------------------------------------------------------------------


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(admin_url(model, "changelist")).status_code == 200
    return len(queries)


@by_label
def test_it_keeps_changelist_queries_constant_as_rows_grow(
    admin_client, django_assert_max_num_queries, model
):
    create_batch(model, 3)
    if model is BudgetEnvelope:
        for envelope in BudgetEnvelope.objects.all():
            factories.AllocationFactory(envelope=envelope)
    changelist_queries(admin_client, model)  # warm-up
    few = changelist_queries(admin_client, model)
    create_batch(model, 27)
    with django_assert_max_num_queries(few):
        admin_client.get(admin_url(model, "changelist"))
    assert model._default_manager.count() >= 30


# --- Meetings: status --------------------------------------------------------------------------


@pytest.fixture
def held_and_upcoming():
    next_year = timezone.localdate().year + 1
    return create(Meeting, year=2015), create(Meeting, year=next_year)


def test_it_shows_whether_a_meeting_was_held(admin_client, held_and_upcoming):
    response = admin_client.get(admin_url(Meeting, "changelist"))
    rows = re.findall(r'<td class="field-status_column">([^<]*)</td>', response.content.decode())
    assert rows == ["Upcoming", "Held"]  # newest first


@pytest.mark.parametrize(("status", "index"), [("held", 0), ("upcoming", 1)])
def test_it_filters_meetings_by_status(admin_client, held_and_upcoming, status, index):
    response = admin_client.get(admin_url(Meeting, "changelist"), {"status": status})
    assert list(response.context["cl"].result_list) == [held_and_upcoming[index]]


# --- Envelopes: allocated and remaining --------------------------------------------------------


def test_it_shows_allocated_and_remaining_amounts_of_an_envelope(admin_client):
    envelope = create(BudgetEnvelope, amount=Decimal("10000.00"))
    for amount in ("3000.00", "1999.50"):
        create(Allocation, envelope=envelope, amount=Decimal(amount))
    html = admin_client.get(admin_url(BudgetEnvelope, "changelist")).content.decode()
    assert '<td class="field-allocated">4,999.50</td>' in html
    assert '<td class="field-remaining">5,000.50</td>' in html
    html = admin_client.get(admin_url(BudgetEnvelope, "change", envelope.pk)).content.decode()
    assert "4,999.50" in html and "5,000.50" in html


# --- Allocations: the envelope's limit ---------------------------------------------------------


@pytest.fixture
def envelope():
    envelope = create(BudgetEnvelope, amount=Decimal("1000.00"))
    create(Allocation, envelope=envelope, amount=Decimal("600.00"))
    return envelope


def allocation_post(envelope, amount):
    return {"envelope": envelope.pk, "amount": amount, "kind": Allocation.Kind.COMMITTED}


def test_it_shows_the_envelope_error_and_adds_nothing(admin_client, envelope):
    response = admin_client.post(admin_url(Allocation, "add"), allocation_post(envelope, "400.01"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["amount"] == [
        "This would take the envelope over its 1,000.00 EUR by 0.01 EUR."
    ]
    assert Allocation.objects.count() == 1


def test_it_adds_an_allocation_within_the_envelope(admin_client, envelope):
    response = admin_client.post(admin_url(Allocation, "add"), allocation_post(envelope, "399.95"))
    assert response.status_code == 302
    line = Allocation.objects.get(envelope=envelope, kind=Allocation.Kind.COMMITTED)
    assert line.amount == Decimal("399.95")


def add_lines(data, prefix, *lines):
    start = data[f"{prefix}-TOTAL_FORMS"]
    for index, line in enumerate(lines, start):
        data |= {f"{prefix}-{index}-{name}": value for name, value in line.items()}
    data[f"{prefix}-TOTAL_FORMS"] = start + len(lines)
    return data


def line(amount, **values):
    return {"amount": amount, "kind": Allocation.Kind.PLANNED, **values}


def inline_errors(response):
    inlines = response.context["inline_admin_formsets"]
    return [str(error) for inline in inlines for error in inline.formset.non_form_errors()]


def test_it_stops_new_envelope_lines_that_only_together_go_over(admin_client, envelope):
    url = admin_url(BudgetEnvelope, "change", envelope.pk)
    data = add_lines(resubmission(admin_client.get(url)), "allocations", line("300"), line("300"))
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert inline_errors(response) == [
        f"These allocation lines would take “{envelope}” to 1,200.00 EUR, "
        "200.00 EUR over its 1,000.00 EUR."
    ]
    assert envelope.allocations.count() == 1


def test_it_saves_several_envelope_lines_that_fit_together(admin_client, envelope):
    url = admin_url(BudgetEnvelope, "change", envelope.pk)
    data = add_lines(resubmission(admin_client.get(url)), "allocations", line("150"), line("250"))
    response = admin_client.post(url, data)
    assert response.status_code == 302
    amounts = sorted(envelope.allocations.values_list("amount", flat=True))
    assert amounts == [Decimal("150.00"), Decimal("250.00"), Decimal("600.00")]


def test_it_replaces_a_line_with_two_that_fit_in_one_save(admin_client, envelope):
    url = admin_url(BudgetEnvelope, "change", envelope.pk)
    data = resubmission(admin_client.get(url)) | {"allocations-0-DELETE": "on"}
    data = add_lines(data, "allocations", line("500"), line("500"))
    assert admin_client.post(url, data).status_code == 302


def test_it_checks_lines_against_the_amount_posted_for_a_new_envelope(admin_client):
    url = admin_url(BudgetEnvelope, "add")
    data = resubmission(admin_client.get(url)) | {
        "strategy": create(Strategy).pk,
        "slug": "new-envelope",
        "title_en": "New envelope",
        "amount": "100.00",
    }
    data = add_lines(data, "allocations", line("60"), line("60"))
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "120.00 EUR, 20.00 EUR over its 100.00 EUR" in inline_errors(response)[0]
    assert not BudgetEnvelope.objects.filter(slug="new-envelope").exists()


def test_it_stops_programme_lines_that_together_take_an_envelope_over(admin_client, envelope):
    programme = create(Programme)
    url = admin_url(Programme, "change", programme.pk)
    data = add_lines(
        resubmission(admin_client.get(url)),
        "allocations",
        line("250", envelope=envelope.pk),
        line("250", envelope=envelope.pk),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "1,100.00 EUR, 100.00 EUR over" in inline_errors(response)[0]
    assert not programme.allocations.exists()


# --- Slugs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Strategy, Theme, Meeting, Organisation, BudgetEnvelope])
def test_it_prefills_a_slug_on_add_and_freezes_it_on_change(admin_client, model):
    add = admin_client.get(admin_url(model, "add"))
    assert "slug" in add.context["adminform"].form.fields
    assert add.context["adminform"].prepopulated_fields
    obj = create(model)
    change = admin_client.get(admin_url(model, "change", obj.pk))
    assert "slug" not in change.context["adminform"].form.fields
    assert obj.slug in change.content.decode()
