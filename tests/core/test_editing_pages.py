"""The edit pages as a browser sees them: what is in the HTML, and what it costs to build.

Forms are posted from the rendered HTML (tests/support/browser_form.py), as a browser would.
"""

import re

import pytest
from django.urls import reverse

from meetings.models import Participant
from tests.support import factories
from tests.support.browser_form import posted_data

pytestmark = pytest.mark.django_db


def meeting_with_participants(count):
    meeting = factories.MeetingFactory()
    for ordinal in range(1, count + 1):
        factories.ParticipantFactory(meeting=meeting, ordinal=ordinal)
    return meeting


def edit_url(meeting):
    return reverse("meetings:update", kwargs={"slug": meeting.slug})


def test_it_builds_the_meeting_page_in_the_same_queries_for_2_or_12_participants(
    editor_client, django_assert_max_num_queries
):
    small, large = meeting_with_participants(2), meeting_with_participants(12)
    with django_assert_max_num_queries(12):
        assert editor_client.get(edit_url(small)).status_code == 200
    with django_assert_max_num_queries(12):
        assert editor_client.get(edit_url(large)).status_code == 200


def test_it_saves_the_meeting_page_as_a_browser_posts_it(editor_client):
    meeting = meeting_with_participants(2)
    html = editor_client.get(edit_url(meeting)).content.decode()
    data = posted_data(html, "loaded_version") | {"outcome_en": ["Agreed to meet again."]}
    response = editor_client.post(edit_url(meeting), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.outcome_en == "Agreed to meet again."


def test_it_says_so_when_a_participant_was_removed_meanwhile(editor_client):
    meeting = meeting_with_participants(2)
    html = editor_client.get(edit_url(meeting)).content.decode()
    data = posted_data(html, "loaded_version") | {"outcome_en": ["Agreed."]}
    Participant.objects.filter(meeting=meeting, ordinal=2).delete()
    response = editor_client.post(edit_url(meeting), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This participant was removed by someone else" in page
    assert "Agreed." in page  # the editor's input is still there


def test_it_groups_checkbox_lists_under_a_legend(editor_client):
    factories.ThemeFactory(name_en="Water management")
    html = editor_client.get(reverse("programmes:create")).content.decode()
    assert re.search(r'<fieldset class="form-row choices">\s*<legend>Countries</legend>', html)
    html = editor_client.get(reverse("meetings:create")).content.decode()
    assert "<legend>Agenda themes</legend>" in html


def test_it_gives_each_conflict_report_its_own_heading_id(editor_client):
    meeting = meeting_with_participants(1)
    participant = meeting.participants.get()
    data = posted_data(editor_client.get(edit_url(meeting)).content.decode(), "loaded_version")
    meeting.outcome_en, meeting.version = "Someone else's notes", 2
    meeting.save()
    participant.role_en, participant.version = "Someone else's role", 2
    participant.save()
    html = editor_client.post(edit_url(meeting), data).content.decode()
    ids = re.findall(r'id="([^"]*conflict-heading)"', html)
    assert len(ids) == 2
    assert len(set(ids)) == 2
