"""The registry: what the apps tell the toolkit, so that ``core`` names none of them."""

import pytest
from django.template import Context, Template
from simple_history.models import registered_models

from core import registry
from core.languages import localized_fields
from funding.models import Allocation
from priorities.models import PriorityArea, Theme
from tests.support import factories


def test_it_lists_the_sections_of_the_changes_in_the_order_readers_know():
    assert [key for key, _label in registry.history_sections()] == [
        "priorities",
        "themes",
        "meetings",
        "commitments",  # made at the meetings, so right after them (meetings app, position 35)
        "partners",
        "funding",
        "programmes",
        "sources",  # what the records above rest on (core.source_pages, position 70)
        "other",
    ]


def test_it_tracks_every_model_with_a_history_once_in_a_known_section():
    with_history = {
        model._meta.label_lower
        for model in registered_models.values()
        if not model._meta.auto_created  # many-to-many tables: their rows go with the record
    }
    tracked = [entry.label for entry in registry.tracked_models()]
    assert sorted(tracked) == sorted(with_history)
    sections = {key for key, _label in registry.history_sections()}
    assert all(entry.section in sections for entry in registry.tracked_models())


def test_it_adds_other_apps_sections_to_a_page_in_their_order():
    templates = [section.template for section in registry.page_sections(PriorityArea())]
    assert templates == [
        "meetings/_priority_meetings.html",
        "meetings/_commitment_section.html",  # position 15: after the meetings, before funding
        "funding/_priority_programmes.html",
        "funding/_priority_funding.html",
    ]
    assert registry.page_sections(factories.StrategyFactory.build()) == []


@pytest.mark.django_db
def test_it_renders_the_sections_with_a_blank_line_between_them():
    theme = factories.ThemeFactory(name_en="Water")
    page = Template("{% load portal %}[{% record_sections object %}]").render(
        Context({"object": theme})
    )
    assert page.startswith('[<section aria-labelledby="meetings-heading">')
    assert "No meeting agenda records this theme yet." in page
    assert '</section>\n\n<section aria-labelledby="commitments-heading">' in page
    assert "No commitment on this theme is recorded yet." in page
    assert page.endswith("</section>]")
    assert [s.template for s in registry.page_sections(Theme())] == [
        "meetings/_theme_meetings.html",
        "meetings/_commitment_section.html",
    ]


def test_it_refuses_an_unknown_tracked_label():
    with pytest.raises(KeyError):
        registry.tracked_label("nowhere.nothing")


def test_it_lists_each_translated_field_once_per_language():
    fields = localized_fields(Allocation, ("amount", "description"))
    assert fields == ["amount", "description_en", "description_ru"]
    assert localized_fields(Allocation, Allocation.EDITABLE_FIELDS)[-2:] == [
        "description_en",
        "description_ru",
    ]


def test_it_registers_a_section_once_however_often_an_app_registers():
    from meetings import registration

    registration.register()  # as a second ready() would (override_settings(INSTALLED_APPS))
    assert len(registry.page_sections(Theme())) == 2  # its meetings, its commitments
    assert len(registry.page_sections(PriorityArea())) == 4  # and 2 of funding


def test_it_names_the_reasons_of_history_rows_written_without_a_person():
    assert str(registry.change_reason_label("load_strategy")) == "seed data loader"  # the site's
    assert str(registry.change_reason_label("import")) == "import"  # core's own
    assert registry.change_reason_label("nobody-said-this") is None
