"""“Save again” after an edit conflict merges instead of reverting (issue 9, item 6).

Two editors open the same record; the first saves; the second's save is refused and the
form comes back. Saving again must apply only what the second editor changed: the fields
they did not touch keep the first editor's values, and a field both changed asks, beside
it, which value to keep. Each “save again” here posts the page as a browser would
(``posted_data``), so whatever the page renders is what gets saved.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import pytest
from django.test import Client
from django.urls import reverse

from eucastrategy.roles import editor_group_ensure
from meetings.models import Meeting, Participant
from tests.support import factories
from tests.support.browser_form import posted_data

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else saved this record after you opened it"
CHOOSE = "You both changed this field: choose which value to keep."


@pytest.fixture(name="other_client")
def other_client_fixture():
    """A second editor, with a full name that the merge note shows."""
    user = factories.UserFactory(
        username="ana", first_name="Ana", last_name="Petrova", is_staff=True
    )
    user.groups.add(editor_group_ensure())
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(name="area")
def area_fixture():
    area = factories.PriorityAreaFactory(
        title_en="Water", description_en="Rivers.", approved_year=2009
    )
    area.themes.set([factories.ThemeFactory(name_en="Energy")])
    return area


def page(response, field="loaded_version"):
    """What a browser would post from the rendered page."""
    return posted_data(response.content.decode(), field)


def site_url(area):
    return reverse("priorities:update", kwargs={"slug": area.slug})


def admin_url(area):
    return reverse("admin:priorities_priorityarea_change", args=[area.pk])


def theme_ids(area):
    return set(area.themes.values_list("pk", flat=True))


# --- Different fields: both changes survive --------------------------------------------------


def test_it_keeps_the_other_editors_fields_when_saving_again(editor_client, other_client, area):
    transport = factories.ThemeFactory(name_en="Transport")
    url = site_url(area)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    theirs |= {"description_en": ["Rivers and lakes."], "themes": [*theirs["themes"], transport.pk]}
    assert other_client.post(url, theirs).status_code == 302

    refused = editor_client.post(url, mine | {"title_en": ["Water management"]})

    assert refused.status_code == 200
    assert CONFLICT in refused.content.decode()
    assert 'name="title_en__merge"' not in refused.content.decode()  # nothing to choose
    again = page(refused)
    assert again["description_en"] == ["Rivers and lakes."]  # the form now shows their change
    assert editor_client.post(url, again).status_code == 302
    area.refresh_from_db()
    assert area.title_en == "Water management"
    assert area.description_en == "Rivers and lakes."
    assert transport.pk in theme_ids(area)
    assert area.version == 3
    assert area.history.filter(version__gt=1).count() == 2  # one entry a save


def test_it_keeps_the_other_editors_text_when_i_changed_the_themes(
    editor_client, other_client, area
):
    transport = factories.ThemeFactory(name_en="Transport")
    url = site_url(area)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    assert other_client.post(url, theirs | {"title_en": ["Water and energy"]}).status_code == 302

    refused = editor_client.post(url, mine | {"themes": [transport.pk]})

    assert refused.status_code == 200
    assert editor_client.post(url, page(refused)).status_code == 302
    area.refresh_from_db()
    assert (area.title_en, theme_ids(area), area.version) == ("Water and energy", {transport.pk}, 3)


def test_it_takes_a_value_both_editors_changed_alike_without_asking(
    editor_client, other_client, area
):
    url = site_url(area)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    other_client.post(url, theirs | {"title_en": ["Waters"], "description_en": ["Lakes."]})

    refused = editor_client.post(url, mine | {"description_en": ["Lakes."], "title_ru": ["Вода"]})

    assert 'name="description_en__merge"' not in refused.content.decode()
    assert editor_client.post(url, page(refused)).status_code == 302
    area.refresh_from_db()
    assert (area.title_en, area.description_en, area.title_ru) == ("Waters", "Lakes.", "Вода")


# --- The same field: a field-level merge -----------------------------------------------------


@pytest.mark.parametrize(("choice", "kept"), [("mine", "Water management"), ("theirs", "Waters")])
def test_it_asks_which_value_to_keep_when_both_changed_a_field(
    editor_client, other_client, area, choice, kept, django_assert_max_num_queries
):
    url = site_url(area)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    other_client.post(url, theirs | {"title_en": ["Waters"], "approved_year": ["2011"]})

    # 25, and since a priority area has parts (its whole: ``parent`` on the form) 6 more: the
    # choices of that select (1), and the conditional unique constraints on the ordinal that
    # the form now validates: one EXISTS query, and a SAVEPOINT and RELEASE around each of the
    # two conditions checked (4; Django's Q.check() inside a transaction, as a test runs).
    with django_assert_max_num_queries(25 + 6):
        refused = editor_client.post(
            url, mine | {"title_en": ["Water management"], "title_ru": ["Вода"]}
        )

    html = refused.content.decode()
    assert "Ana Petrova changed this to “Waters”; yours is “Water management”." in html
    assert 'name="title_en__merge" value="mine"' in html
    assert 'name="title_en__merge" value="theirs"' in html
    again = page(refused)
    assert again["title_en"] == ["Water management"]  # the field keeps the editor's input
    assert again["approved_year"] == ["2011"]

    unanswered = editor_client.post(url, again)  # no choice made: nothing is saved
    assert unanswered.status_code == 200
    assert CHOOSE in unanswered.content.decode()
    area.refresh_from_db()
    assert (area.title_en, area.version) == ("Waters", 2)

    answered = page(unanswered) | {"title_en__merge": [choice]}
    assert editor_client.post(url, answered).status_code == 302
    area.refresh_from_db()
    assert (area.title_en, area.title_ru, area.approved_year) == (kept, "Вода", 2011)
    assert area.version == 3
    assert area.history.filter(version=3).count() == 1


def test_it_asks_about_the_themes_when_both_changed_them(editor_client, other_client, area):
    transport, water = (
        factories.ThemeFactory(name_en="Transport"),
        factories.ThemeFactory(name_en="Water"),
    )
    url = site_url(area)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    other_client.post(url, theirs | {"themes": [transport.pk]})

    refused = editor_client.post(url, mine | {"themes": [water.pk], "title_ru": ["Вода"]})

    assert "Ana Petrova changed this to “Transport”; yours is “Water”." in (
        refused.content.decode()
    )
    answered = page(refused) | {"themes__merge": ["theirs"]}
    assert editor_client.post(url, answered).status_code == 302
    area.refresh_from_db()
    assert (theme_ids(area), area.title_ru) == ({transport.pk}, "Вода")


def test_it_merges_again_when_a_third_editor_saves_before_save_again(
    editor_client, other_client, admin_client, area
):
    url = site_url(area)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    other_client.post(url, theirs | {"title_en": ["Waters"]})
    refused = editor_client.post(
        url, mine | {"title_en": ["Water management"], "title_ru": ["Вода"]}
    )
    third = page(admin_client.get(url)) | {"description_en": ["Rivers, lakes and glaciers."]}
    assert admin_client.post(url, third).status_code == 302

    refused_again = editor_client.post(url, page(refused) | {"title_en__merge": ["theirs"]})

    assert refused_again.status_code == 200
    assert CONFLICT in refused_again.content.decode()
    assert editor_client.post(url, page(refused_again)).status_code == 302
    area.refresh_from_db()
    assert area.title_en == "Waters"  # the choice made before the third save still holds
    assert area.description_en == "Rivers, lakes and glaciers."
    assert area.title_ru == "Вода"
    assert area.version == 4


def test_it_asks_about_every_difference_when_the_history_lacks_the_opened_version(
    editor_client, other_client, area
):
    url = site_url(area)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    other_client.post(url, theirs | {"description_en": ["Lakes."]})
    area.history.filter(version=1).delete()  # e.g. a record from before the history

    refused = editor_client.post(url, mine | {"title_en": ["Water management"]})

    html = refused.content.decode()
    assert 'name="description_en__merge"' in html  # cannot tell who changed it: ask
    assert 'name="title_en__merge"' in html
    answered = page(refused) | {"description_en__merge": ["theirs"], "title_en__merge": ["mine"]}
    assert editor_client.post(url, answered).status_code == 302
    area.refresh_from_db()
    assert (area.title_en, area.description_en) == ("Water management", "Lakes.")


@pytest.mark.parametrize(
    "bad", [{"title_en__merge": ["both"]}, {"title_en__merge_base": ["abc"]}, {"x__merge": ["1"]}]
)
def test_it_treats_a_bad_merge_answer_as_no_answer(editor_client, other_client, area, bad):
    url = site_url(area)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    other_client.post(url, theirs | {"title_en": ["Waters"]})
    refused = editor_client.post(url, mine | {"title_en": ["Water management"]})

    response = editor_client.post(url, page(refused) | bad)

    assert response.status_code == 200
    assert CHOOSE in response.content.decode()
    area.refresh_from_db()
    assert (area.title_en, area.version) == ("Waters", 2)


def test_it_shows_the_merge_in_russian(editor_client, other_client, area):
    url = reverse("priorities:update", kwargs={"slug": area.slug}).replace("/", "/ru/", 1)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    other_client.post(url, theirs | {"title_en": ["Waters"]})
    refused = editor_client.post(url, mine | {"title_en": ["Water management"]})
    assert refused.status_code == 200
    assert '<html lang="ru"' in refused.content.decode()
    assert 'name="title_en__merge" value="theirs"' in refused.content.decode()


def test_it_can_take_their_value_in_place_of_my_invalid_input(editor_client, other_client, area):
    url = site_url(area)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    other_client.post(url, theirs | {"approved_year": ["2011"]})

    refused = editor_client.post(url, mine | {"approved_year": ["20x1"], "title_ru": ["Вода"]})

    html = refused.content.decode()
    assert "Ana Petrova changed this to “2011”; yours is “20x1”." in html
    answered = page(refused) | {"approved_year__merge": ["theirs"]}
    assert editor_client.post(url, answered).status_code == 302
    area.refresh_from_db()
    assert (area.approved_year, area.title_ru, area.version) == (2011, "Вода", 3)


# --- Admin change forms ----------------------------------------------------------------------


def test_it_keeps_both_changes_in_the_admin_change_form(editor_client, other_client, area):
    transport = factories.ThemeFactory(name_en="Transport")
    url = admin_url(area)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    assert other_client.post(url, theirs | {"themes": [transport.pk]}).status_code == 302

    refused = editor_client.post(url, mine | {"description_en": ["Rivers and lakes."]})

    assert refused.status_code == 200
    assert CONFLICT in refused.content.decode()
    assert editor_client.post(url, page(refused)).status_code == 302
    area.refresh_from_db()
    assert (area.description_en, theme_ids(area)) == ("Rivers and lakes.", {transport.pk})
    assert area.version == 3
    assert area.history.filter(version=3).count() == 1


def test_it_asks_in_the_admin_change_form_when_both_changed_a_field(
    editor_client, other_client, area
):
    url = admin_url(area)
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    other_client.post(url, theirs | {"title_en": ["Waters"], "description_en": ["Lakes."]})

    refused = editor_client.post(url, mine | {"title_en": ["Water management"]})

    html = refused.content.decode()
    assert "Ana Petrova changed this to “Waters”; yours is “Water management”." in html
    unanswered = editor_client.post(url, page(refused))
    assert unanswered.status_code == 200
    assert CHOOSE in unanswered.content.decode()
    answered = page(unanswered) | {"title_en__merge": ["mine"]}
    assert editor_client.post(url, answered).status_code == 302
    area.refresh_from_db()
    assert (area.title_en, area.description_en, area.version) == ("Water management", "Lakes.", 3)


# --- The meeting form and its participants ---------------------------------------------------


def test_it_merges_the_meeting_and_its_participant_rows(editor_client, other_client):
    participant = factories.ParticipantFactory(role_en="Minister", person_ru="Идрисов")
    meeting = participant.meeting
    url = reverse("meetings:update", kwargs={"slug": meeting.slug})
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    theirs |= {"agenda_en": ["Water."], "participants-0-role_en": ["Foreign Minister"]}
    assert other_client.post(url, theirs).status_code == 302

    mine |= {"outcome_en": ["Agreed."], "participants-0-person_ru": ["Е. Идрисов"]}
    refused = editor_client.post(url, mine)

    assert refused.status_code == 200
    assert editor_client.post(url, page(refused)).status_code == 302
    meeting = Meeting.objects.get(pk=meeting.pk)
    participant = Participant.objects.get(pk=participant.pk)
    assert (meeting.agenda_en, meeting.outcome_en, meeting.version) == ("Water.", "Agreed.", 3)
    assert (participant.role_en, participant.person_ru) == ("Foreign Minister", "Е. Идрисов")
    assert participant.version == 3


def test_it_asks_about_a_participant_field_both_changed(editor_client, other_client):
    participant = factories.ParticipantFactory(role_en="Minister")
    url = reverse("meetings:update", kwargs={"slug": participant.meeting.slug})
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    other_client.post(url, theirs | {"participants-0-role_en": ["Foreign Minister"]})

    refused = editor_client.post(url, mine | {"participants-0-role_en": ["Deputy Minister"]})

    assert 'name="participants-0-role_en__merge" value="theirs"' in refused.content.decode()
    answered = page(refused) | {"participants-0-role_en__merge": ["theirs"]}
    assert editor_client.post(url, answered).status_code == 302
    assert Participant.objects.get(pk=participant.pk).role_en == "Foreign Minister"


def test_it_merges_a_participant_row_in_the_admin_meeting_form(editor_client, other_client):
    participant = factories.ParticipantFactory(role_en="Minister", person_ru="Идрисов")
    url = reverse("admin:meetings_meeting_change", args=[participant.meeting.pk])
    opened = editor_client.get(url)
    row = opened.context["inline_admin_formsets"][0].formset.forms[0].prefix
    mine, theirs = page(opened), page(other_client.get(url))
    theirs |= {f"{row}-role_en": ["Foreign Minister"]}
    assert other_client.post(url, theirs).status_code == 302

    refused = editor_client.post(url, mine | {f"{row}-person_ru": ["Е. Идрисов"]})

    assert refused.status_code == 200
    assert CONFLICT in refused.content.decode()
    assert editor_client.post(url, page(refused)).status_code == 302
    participant = Participant.objects.get(pk=participant.pk)
    assert (participant.role_en, participant.person_ru) == ("Foreign Minister", "Е. Идрисов")
    assert participant.version == 3


STALE_DELETE = "Someone else changed a row that you marked for deletion"


def test_it_does_not_delete_a_participant_row_changed_meanwhile(editor_client, other_client):
    participant = factories.ParticipantFactory(role_en="Minister")
    url = reverse("meetings:update", kwargs={"slug": participant.meeting.slug})
    mine, theirs = page(editor_client.get(url)), page(other_client.get(url))
    assert other_client.post(url, theirs | {"participants-0-role_en": ["Foreign Minister"]})

    refused = editor_client.post(url, mine | {"participants-0-DELETE": ["on"]})

    assert refused.status_code == 200
    assert STALE_DELETE in refused.content.decode()
    again = page(refused)
    assert "participants-0-DELETE" not in again  # shown unticked, as it is now
    assert again["participants-0-role_en"] == ["Foreign Minister"]
    assert Participant.objects.get(pk=participant.pk).role_en == "Foreign Minister"
    # Ticked again, knowingly: deleted.
    assert editor_client.post(url, again | {"participants-0-DELETE": ["on"]}).status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()


def test_it_does_not_delete_an_admin_inline_row_changed_meanwhile(editor_client, other_client):
    participant = factories.ParticipantFactory(role_en="Minister")
    url = reverse("admin:meetings_meeting_change", args=[participant.meeting.pk])
    opened = editor_client.get(url)
    row = opened.context["inline_admin_formsets"][0].formset.forms[0].prefix
    mine, theirs = page(opened), page(other_client.get(url))
    assert other_client.post(url, theirs | {f"{row}-role_en": ["Foreign Minister"]})

    refused = editor_client.post(url, mine | {f"{row}-DELETE": ["on"]})

    assert refused.status_code == 200
    assert STALE_DELETE in refused.content.decode()
    assert Participant.objects.get(pk=participant.pk).role_en == "Foreign Minister"
