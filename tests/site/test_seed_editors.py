"""`make run` reloads the seed on every start: it must never undo what editors did."""

import io

import pytest
from django.core.management import call_command

from eucastrategy.seeding.loader import strategy_seed_load
from meetings.models import Meeting, Participant
from priorities.models import PriorityArea, Theme

pytestmark = pytest.mark.django_db


def run_seed(*args):
    out = io.StringIO()
    call_command("load_strategy", *args, stdout=out)
    return out.getvalue()


def test_it_keeps_an_edited_field_and_says_so(seeded):
    Meeting.objects.filter(number=6).update(agenda_en="Agenda as the editor wrote it")
    output = run_seed()
    assert Meeting.objects.get(number=6).agenda_en == "Agenda as the editor wrote it"
    assert "nothing changed" in output
    assert "kept: 1 editor change(s) in ministerial meetings" in output


def test_it_keeps_text_editors_added_to_fields_the_document_leaves_blank(seeded):
    Meeting.objects.filter(number=6).update(outcome_en="Joint communiqué adopted")
    run_seed()
    assert Meeting.objects.get(number=6).outcome_en == "Joint communiqué adopted"


def test_it_keeps_agenda_themes_an_editor_added_or_removed(seeded):
    bishkek = Meeting.objects.get(number=6)
    removed = bishkek.themes.order_by("slug").first()
    bishkek.themes.remove(removed)
    tashkent = Meeting.objects.get(number=5)
    tashkent.themes.add(Theme.objects.get(slug="energy"))
    run_seed()
    assert removed not in bishkek.themes.all()
    assert list(tashkent.themes.values_list("slug", flat=True)) == ["energy"]


def test_it_does_not_duplicate_a_participant_an_editor_renamed(seeded):
    Participant.objects.filter(person_en="E. Idrissov").update(person_en="Erlan Idrissov")
    output = run_seed()
    assert Participant.objects.count() == 2
    assert Participant.objects.filter(person_en="Erlan Idrissov").exists()
    assert "kept: 1 editor change(s) in participants" in output


def test_it_fills_a_seeded_field_an_editor_emptied(seeded):
    PriorityArea.objects.filter(slug="regional-water-use").update(title_ru="")
    report = strategy_seed_load()
    assert PriorityArea.objects.get(slug="regional-water-use").title_ru
    assert report.updated == {"priority areas": 1}
    assert not report.kept


def test_it_restores_the_document_when_asked(seeded):
    Meeting.objects.filter(number=6).update(agenda_en="Edited")
    bishkek = Meeting.objects.get(number=6)
    themes_before = set(bishkek.themes.values_list("slug", flat=True))
    bishkek.themes.clear()
    bishkek.themes.add(Theme.objects.get(slug="migration"))
    output = run_seed("--restore")
    bishkek.refresh_from_db()
    assert bishkek.agenda_en.startswith("Security in the region")
    assert set(bishkek.themes.values_list("slug", flat=True)) == themes_before
    assert "Seed data loaded." in output
    assert "nothing changed" in run_seed()


def test_it_recreates_a_deleted_seeded_record(seeded):
    PriorityArea.objects.filter(slug="regional-water-use").delete()
    output = run_seed()
    assert PriorityArea.objects.filter(slug="regional-water-use").exists()
    assert "created: 1 priority areas" in output


def test_it_restores_links_in_one_history_entry_with_a_new_version(db):
    call_command("load_strategy", verbosity=0)
    meeting = Meeting.objects.get(slug="2012-bishkek")
    themes = list(meeting.themes.all())
    meeting.themes.set(themes[:1])
    rows, version = meeting.history.count(), Meeting.objects.get(pk=meeting.pk).version

    call_command("load_strategy", "--restore", verbosity=0)

    meeting = Meeting.objects.get(pk=meeting.pk)
    assert set(meeting.themes.all()) == set(themes)
    assert meeting.version == version + 1
    assert meeting.history.count() == rows + 1
    assert meeting.history.order_by("-history_id").first().history_change_reason == "load_strategy"
