"""Admin: inline rows keep their version in the page, revert needs the change permission,
and a deleted record can be brought back from its history.

Forms are posted as a browser would post them, from the rendered HTML.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from eucastrategy.roles import editor_group_ensure
from funding.models import BudgetEnvelope
from priorities.models import Country, PriorityArea, Theme
from tests.support import factories
from tests.support.browser_form import posted_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(editor_group_ensure())
    client.force_login(user)
    return client


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def revert_url(obj, history_row):
    opts = obj._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_simple_history"
    return reverse(name, args=[obj.pk, history_row.pk])


def test_it_saves_a_meeting_with_participants_as_a_browser_posts_it(admin_client):
    participant = factories.ParticipantFactory(person_en="E. Idrissov")
    meeting = participant.meeting
    html = admin_client.get(change_url(meeting)).content.decode()
    assert 'name="participants-0-loaded_version"' in html
    data = posted_data(html, "loaded_version") | {"outcome_en": ["Agreed."]}
    response = admin_client.post(change_url(meeting), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.outcome_en, meeting.version) == ("Agreed.", 2)


def test_it_saves_an_envelope_with_allocation_lines_as_a_browser_posts_it(admin_client):
    line = factories.AllocationFactory(amount=Decimal("1000"))
    envelope = line.envelope
    data = posted_data(admin_client.get(change_url(envelope)).content.decode(), "loaded_version")
    data |= {"allocations-0-amount": ["1500.00"]}
    assert admin_client.post(change_url(envelope), data).status_code == 302
    line.refresh_from_db()
    assert (line.amount, line.version) == (Decimal("1500.00"), 2)


def test_it_refuses_a_stale_inline_row(admin_client):
    participant = factories.ParticipantFactory(role_en="Minister")
    url = change_url(participant.meeting)
    data = posted_data(admin_client.get(url).content.decode(), "loaded_version")
    participant.role_en = "Foreign Minister"
    participant.version += 1
    participant.save()
    data |= {"participants-0-role_en": ["Deputy Minister"]}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    participant.refresh_from_db()
    assert participant.role_en == "Foreign Minister"


@pytest.mark.parametrize("model", [BudgetEnvelope, Country])
def test_it_refuses_a_revert_to_an_editor_who_may_only_view(editor_client, model):
    obj = (
        factories.BudgetEnvelopeFactory if model is BudgetEnvelope else factories.CountryFactory
    )()
    row = obj.history.get()
    assert editor_client.get(change_url(obj)).status_code == 200  # may view
    assert editor_client.get(revert_url(obj, row)).status_code == 403
    assert editor_client.post(revert_url(obj, row), {"loaded_version": 1}).status_code == 403
    refreshed = model.objects.get(pk=obj.pk)
    assert refreshed.version == 1


def test_it_reverts_in_one_history_row_with_the_themes_as_they_were(admin_client):
    water, energy = factories.ThemeFactory(), factories.ThemeFactory()
    priority = factories.PriorityAreaFactory()
    priority.themes.set([water])
    first = priority.history.order_by("-history_id").first()
    data = posted_data(admin_client.get(change_url(priority)).content.decode(), "loaded_version")
    data |= {"themes": [str(energy.pk)], "title_en": ["Changed"]}
    assert admin_client.post(change_url(priority), data).status_code == 302
    rows_before = priority.history.count()

    page = admin_client.get(revert_url(priority, first)).content.decode()
    response = admin_client.post(revert_url(priority, first), posted_data(page, "loaded_version"))

    assert response.status_code == 302
    priority.refresh_from_db()
    assert list(priority.themes.all()) == [water]
    assert priority.title_en != "Changed"
    assert priority.history.count() == rows_before + 1
    latest = priority.history.order_by("-history_id").first()
    assert [row.theme_id for row in latest.themes.all()] == [water.pk]


def test_it_brings_a_deleted_record_back_from_its_history(admin_client):
    theme = factories.ThemeFactory(name_en="Migration")
    pk = theme.pk
    row = theme.history.get()
    assert (
        admin_client.post(reverse("themes:delete", kwargs={"slug": theme.slug})).status_code == 302
    )
    assert not Theme.objects.filter(pk=pk).exists()

    page = admin_client.get(revert_url(theme, row))
    assert page.status_code == 200
    response = admin_client.post(
        revert_url(theme, row), posted_data(page.content.decode(), "loaded_version")
    )

    assert response.status_code == 302
    restored = Theme.objects.get(pk=pk)
    assert restored.name_en == "Migration"
    assert restored.history.order_by("-history_id").first().history_user.is_superuser


def test_it_answers_a_revert_that_lost_a_race_with_a_message_not_a_500(admin_client):
    theme = factories.ThemeFactory(name_en="Water")
    row = theme.history.get()
    data = posted_data(admin_client.get(revert_url(theme, row)).content.decode(), "loaded_version")
    Theme.objects.filter(pk=theme.pk).update(version=5)  # saved meanwhile, e.g. by an import
    response = admin_client.post(revert_url(theme, row), data, follow=True)
    assert response.status_code == 200
    assert PriorityArea.objects.count() == 0
    assert Theme.objects.get(pk=theme.pk).version == 5


def test_it_records_links_cleared_by_a_bulk_delete_in_admin(admin_client, admin_user):
    themes = [factories.ThemeFactory(), factories.ThemeFactory()]
    meeting = factories.MeetingFactory()
    meeting.themes.set(themes)
    response = admin_client.post(
        reverse("admin:priorities_theme_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [theme.pk for theme in themes],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Theme.objects.exists()
    latest = meeting.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (admin_user, "unlinked")
    assert list(latest.themes.all()) == []
    assert Theme.history.filter(history_type="-").count() == 2
