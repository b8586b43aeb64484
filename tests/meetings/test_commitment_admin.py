"""The admin of commitments and their status changes: who may add them, the party rule, a
first status with its evidence, edits, history, and the current status in the list.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Source
from meetings.models import Commitment, Status, StatusChange
from meetings.models.commitment import NO_PARTY
from tests.support import factories
from tests.support.browser_form import posted_data

pytestmark = pytest.mark.django_db

NO_EVIDENCE = "Every status change needs evidence: choose the source that shows it."


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def make_source(slug="press-release"):
    return Source.objects.create(
        slug=slug, title_en=f"Source {slug}", kind=Source.Kind.PRESS_RELEASE, language="en"
    )


def make_commitment(slug="water-pledge", *, countries=(), organisations=(), **values):
    values.setdefault("strategy", None if "meeting" in values else factories.StrategyFactory())
    commitment = Commitment.objects.create(
        slug=slug, text_en=f"Commitment {slug}", text_ru=f"Обязательство {slug}", **values
    )
    commitment.countries.add(*countries)
    commitment.organisations.add(*organisations)
    return commitment


def add_status(commitment, source, *, date, status=Status.IN_PROGRESS):
    return StatusChange.objects.create(
        commitment=commitment,
        date=date,
        status=status,
        note_en="Work began.",
        note_ru="Работа началась.",
        source=source,
    )


CITATIONS = "core-citation-content_type-object_id"


def inline(*rows, initial=0):
    data = {
        "status_changes-TOTAL_FORMS": len(rows),
        "status_changes-INITIAL_FORMS": initial,
        "status_changes-MIN_NUM_FORMS": 1,
        "status_changes-MAX_NUM_FORMS": 1000,
        # The citations inline (core.source_pages.admin.CitationInline), left empty.
        f"{CITATIONS}-TOTAL_FORMS": 0,
        f"{CITATIONS}-INITIAL_FORMS": 0,
    }
    for index, row in enumerate(rows):
        data |= {f"status_changes-{index}-{name}": value for name, value in row.items()}
    return data


def status_row(source, **values):
    return {
        "date": "2024-03-01",
        "status": Status.ANNOUNCED,
        "note_en": "Announced at the summit.",
        "note_ru": "Объявлено на саммите.",
        "source": source.pk if source else "",
        "locator": "p. 3",
    } | values


@pytest.fixture
def parties():
    return factories.CountryFactory(code="QK"), factories.OrganisationFactory(slug="eu")


@pytest.fixture
def new_commitment(parties):
    """POST data for a new commitment made in the strategy, with one party and its first
    status and evidence."""
    country, _ = parties
    source = make_source()
    return {
        "slug": "border-pledge",
        "text_en": "The EU will fund border posts.",
        "text_ru": "ЕС профинансирует пограничные посты.",
        "strategy": factories.StrategyFactory().pk,
        "date": "2024-01-15",
        "countries": [country.pk],
    } | inline(status_row(source))


def form_errors(response):
    return response.context["adminform"].form.errors


def inline_errors(response):
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "status_changes"
    ]
    return [dict(form.errors) for form in formset.forms], list(formset.non_form_errors())


# --- Adding, and who may ---------------------------------------------------------------------


def test_it_sends_an_anonymous_visitor_to_the_login(client, new_commitment):
    url = admin_url(Commitment, "add")
    response = client.post(url, new_commitment)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"
    assert not Commitment.objects.exists()


def test_it_forbids_staff_without_permission(staff_client, new_commitment):
    assert staff_client.get(admin_url(Commitment, "add")).status_code == 403
    assert staff_client.post(admin_url(Commitment, "add"), new_commitment).status_code == 403
    assert staff_client.get(admin_url(StatusChange, "add")).status_code == 403
    assert not Commitment.objects.exists()
    assert not StatusChange.objects.exists()


def test_it_adds_a_commitment_with_its_first_status_and_evidence(
    editor_client, editor, new_commitment, parties
):
    page = editor_client.get(admin_url(Commitment, "add")).content.decode()
    assert 'name="status_changes-0-source"' in page  # the first status is asked for at once
    assert 'name="status_changes-MIN_NUM_FORMS" value="1"' in page

    response = editor_client.post(admin_url(Commitment, "add"), new_commitment)

    assert response.status_code == 302
    commitment = Commitment.objects.with_status().get(slug="border-pledge")
    assert list(commitment.countries.all()) == [parties[0]]
    assert commitment.current_status == Status.ANNOUNCED
    assert commitment.status_date == datetime.date(2024, 3, 1)
    change = commitment.status_changes.get()
    assert (change.source.slug, change.locator, change.note_ru) == (
        "press-release",
        "p. 3",
        "Объявлено на саммите.",
    )
    (record,) = commitment.history.all()
    assert (record.history_type, record.history_user) == ("+", editor)
    assert [row.country_id for row in record.countries.all()] == [parties[0].pk]
    assert change.history.get().history_user == editor


def test_it_refuses_a_commitment_without_a_party_as_a_form_error(editor_client, new_commitment):
    data = new_commitment | {"countries": [], "organisations": []}
    response = editor_client.post(admin_url(Commitment, "add"), data)
    assert response.status_code == 200
    assert form_errors(response)["__all__"] == [str(NO_PARTY)]
    assert str(NO_PARTY) in response.content.decode()
    assert not Commitment.objects.exists()
    assert not StatusChange.objects.exists()


def test_it_takes_an_organisation_alone_as_the_party(editor_client, new_commitment, parties):
    data = new_commitment | {"countries": [], "organisations": [parties[1].pk]}
    assert editor_client.post(admin_url(Commitment, "add"), data).status_code == 302
    assert list(Commitment.objects.get().organisations.all()) == [parties[1]]


def test_it_refuses_a_status_change_without_evidence_with_the_clear_message(
    editor_client, new_commitment
):
    data = new_commitment | inline(status_row(None))
    response = editor_client.post(admin_url(Commitment, "add"), data)
    assert response.status_code == 200
    rows, _ = inline_errors(response)
    assert rows == [{"source": [NO_EVIDENCE]}]
    assert NO_EVIDENCE in response.content.decode()
    assert not Commitment.objects.exists()


def test_it_refuses_a_new_commitment_without_any_status(editor_client, new_commitment):
    response = editor_client.post(admin_url(Commitment, "add"), new_commitment | inline())
    assert response.status_code == 200
    assert inline_errors(response) == ([], ["Please submit at least 1 form."])

    blank = dict.fromkeys(status_row(None), "")
    response = editor_client.post(admin_url(Commitment, "add"), new_commitment | inline(blank))
    assert response.status_code == 200
    (row,), _ = inline_errors(response)
    assert row["source"] == [NO_EVIDENCE]
    assert row["date"] == row["status"] == ["This field is required."]
    assert not Commitment.objects.exists()


def test_it_says_once_that_a_commitment_is_made_in_one_place(editor_client, new_commitment):
    meeting = factories.MeetingFactory(year=2024)
    response = editor_client.post(
        admin_url(Commitment, "add"), new_commitment | {"meeting": meeting.pk}
    )
    assert response.status_code == 200
    assert form_errors(response)["__all__"] == [
        "Say where the commitment was made: in the strategy or at a meeting, not both."
    ]
    assert not Commitment.objects.exists()


def test_it_refuses_a_first_status_from_before_the_commitment_or_in_the_future(
    editor_client, new_commitment
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    source = Source.objects.get()
    for date, message in [
        ("2023-12-31", "A status change cannot come before the commitment was made."),
        (tomorrow.isoformat(), "A status change cannot be dated in the future."),
    ]:
        data = new_commitment | inline(status_row(source, date=date))
        response = editor_client.post(admin_url(Commitment, "add"), data)
        assert response.status_code == 200
        assert inline_errors(response)[0] == [{"date": [message]}]
    assert not Commitment.objects.exists()


def test_it_needs_a_note_in_both_languages(editor_client, new_commitment):
    data = new_commitment | inline(status_row(Source.objects.get(), note_ru=""))
    response = editor_client.post(admin_url(Commitment, "add"), data)
    assert response.status_code == 200
    assert inline_errors(response)[0] == [{"note_ru": ["This field is required."]}]
    assert not Commitment.objects.exists()


# --- Changing, and the current status ----------------------------------------------------------


def test_it_changes_a_commitment_and_adds_a_later_status(editor_client, editor, parties):
    source = make_source()
    commitment = make_commitment(countries=[parties[0]])
    add_status(commitment, source, date=datetime.date(2024, 1, 1))
    url = admin_url(Commitment, "change", commitment.pk)
    data = posted_data(editor_client.get(url).content.decode(), "loaded_version")
    data |= {"text_en": ["Changed."], "organisations": [str(parties[1].pk)]}
    data |= {
        f"status_changes-1-{name}": [str(value)]
        for name, value in status_row(source, date="2024-06-01", status="achieved").items()
    }
    data["status_changes-TOTAL_FORMS"] = ["2"]

    response = editor_client.post(url, data)

    assert response.status_code == 302
    commitment = Commitment.objects.with_status().get(pk=commitment.pk)
    assert (commitment.text_en, commitment.version) == ("Changed.", 2)
    assert list(commitment.organisations.all()) == [parties[1]]
    assert commitment.current_status == Status.ACHIEVED
    latest = commitment.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user, latest.text_en) == ("~", editor, "Changed.")


def test_it_refuses_to_remove_the_last_party_on_change(editor_client, parties):
    commitment = make_commitment(countries=[parties[0]])
    url = admin_url(Commitment, "change", commitment.pk)
    data = posted_data(editor_client.get(url).content.decode(), "loaded_version")
    data.pop("countries", None)
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert form_errors(response)["__all__"] == [str(NO_PARTY)]
    assert list(commitment.countries.all()) == [parties[0]]


def test_it_refuses_a_stale_edit_without_a_500(editor_client, parties):
    commitment = make_commitment(countries=[parties[0]])
    url = admin_url(Commitment, "change", commitment.pk)
    data = posted_data(editor_client.get(url).content.decode(), "loaded_version")
    Commitment.objects.filter(pk=commitment.pk).update(version=2, text_en="Theirs.")
    response = editor_client.post(url, data | {"text_en": ["Mine."]})
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert Commitment.objects.get(pk=commitment.pk).text_en == "Theirs."


def test_it_lists_the_current_status_where_made_and_parties(admin_client, parties):
    source = make_source()
    meeting = factories.MeetingFactory(year=2024, city_en="Astana")
    done = make_commitment("done", meeting=meeting, countries=[parties[0]])
    add_status(done, source, date=datetime.date(2024, 5, 1), status=Status.ACHIEVED)
    add_status(done, source, date=datetime.date(2024, 2, 1), status=Status.ANNOUNCED)
    waiting = make_commitment("waiting", organisations=[parties[1]])

    html = admin_client.get(admin_url(Commitment, "changelist")).content.decode()

    assert '<td class="field-status_column">Achieved</td>' in html  # the latest by date
    assert '<td class="field-status_column">No status yet</td>' in html
    assert '<td class="field-made_in_column">Astana, 2024</td>' in html
    assert '<td class="field-parties">QK</td>' in html
    url = admin_url(Commitment, "changelist")
    by_status = admin_client.get(url, {"current_status": "achieved"})
    assert list(by_status.context["cl"].result_list) == [done]
    no_status = admin_client.get(url, {"current_status": "none"})
    assert list(no_status.context["cl"].result_list) == [waiting]
    found = admin_client.get(url, {"q": "обязательство waiting"})
    assert list(found.context["cl"].result_list) == [waiting]


def test_it_lists_commitments_in_a_constant_number_of_queries(admin_client, parties):
    source = make_source()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(admin_url(Commitment, "changelist")).status_code == 200
        return len(captured)

    for number in range(3):
        commitment = make_commitment(f"c{number}", countries=[parties[0]])
        add_status(commitment, source, date=datetime.date(2024, 1, 1))
    queries()  # warm-up
    few = queries()
    for number in range(3, 20):
        commitment = make_commitment(f"c{number}", organisations=[parties[1]])
        add_status(commitment, source, date=datetime.date(2024, 1, 1))
    assert queries() <= few


# --- History -----------------------------------------------------------------------------------


def test_it_shows_the_history_and_reverts_a_text(editor_client, parties):
    commitment = make_commitment(countries=[parties[0]])
    first = commitment.history.order_by("-history_id").first()  # as made
    url = admin_url(Commitment, "change", commitment.pk)
    data = posted_data(editor_client.get(url).content.decode(), "loaded_version")
    assert editor_client.post(url, data | {"text_en": ["Changed."]}).status_code == 302

    history = editor_client.get(admin_url(Commitment, "history", commitment.pk))
    assert history.status_code == 200
    rows = list(history.context["page_obj"].object_list)
    assert [row.history_type for row in rows[:1]] == ["~"]  # newest first: the edit
    assert rows[0].history_user.username == "editor"

    revert = admin_url(Commitment, "simple_history", commitment.pk, first.pk)
    page = editor_client.get(revert).content.decode()
    response = editor_client.post(revert, posted_data(page, "loaded_version"))
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.text_en, commitment.version) == ("Commitment water-pledge", 3)
    assert list(commitment.countries.all()) == [parties[0]]


# --- A status change on its own ----------------------------------------------------------------


def test_it_adds_a_status_change_on_its_own_only_with_evidence(editor_client, parties):
    commitment = make_commitment(countries=[parties[0]])
    source = make_source()
    row = status_row(source, date="2024-02-01") | {"commitment": commitment.pk}
    url = admin_url(StatusChange, "add")

    refused = editor_client.post(url, row | {"source": ""})
    assert refused.status_code == 200
    assert form_errors(refused)["source"] == [NO_EVIDENCE]
    assert not StatusChange.objects.exists()

    assert editor_client.post(url, row).status_code == 302
    change = StatusChange.objects.get()
    assert (change.commitment, change.source, change.status) == (commitment, source, "announced")
    listed = editor_client.get(admin_url(StatusChange, "changelist"), {"status": "announced"})
    assert list(listed.context["cl"].result_list) == [change]


def test_it_serves_the_russian_admin_pages(admin_client, parties):
    commitment = make_commitment(countries=[parties[0]])
    add_status(commitment, make_source(), date=datetime.date(2024, 1, 1))
    for url in (
        "/ru/admin/meetings/commitment/",
        "/ru/admin/meetings/commitment/add/",
        f"/ru/admin/meetings/commitment/{commitment.pk}/change/",
        "/ru/admin/meetings/statuschange/",
        "/ru/admin/meetings/commitment/import/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="ru"' in response.content.decode(), url
