"""An edit conflict in a real browser: the question about a field both editors changed sits
beside that field, passes axe in both languages, works without JavaScript, and “Save
again” keeps both editors' changes (issue 9, item 6)."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from priorities.models import PriorityArea
from tests.support.browser_form import posted_data
from tests.support.pages import reverse_in

PRIORITY = "kz-energy-and-transport-links"


def other_editor_saves(path, **changes):
    """Another editor (a Django test client) saves the page the browser has open."""
    user = get_user_model().objects.create_user(
        "ana", first_name="Ana", last_name="Petrova", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(user)
    data = posted_data(client.get(path).content.decode(), "loaded_version")
    assert client.post(path, data | changes).status_code == 302


@pytest.mark.parametrize("language", ["en", "ru"])
def test_it_asks_beside_the_field_and_saves_the_chosen_value(
    page, url, signed_in, screenshots_dir, language, axe
):
    path = reverse_in(language, "priorities:update", slug=PRIORITY)
    page.goto(url(path))
    other_editor_saves(path, title_en=["Energy links"], approved_year=["2012"])
    main = page.get_by_role("main")
    main.locator("#id_title_en").fill("Energy and transport")
    main.locator("#id_title_ru").fill("Энергетика и транспорт")
    main.locator("button[type=submit]").click()

    question = main.locator("#id_title_en_merge")
    expect(question).to_contain_text("Ana Petrova")
    expect(question).to_contain_text("Energy links")
    expect(main.locator("#id_title_en")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_title_en_merge\b")
    )
    expect(question.get_by_role("group")).to_have_count(1)  # the choice has its legend
    expect(main.locator("#id_approved_year")).to_have_value("2012")  # their change, shown
    blocking = axe.blocking_violations(page)
    assert not blocking, axe.describe(blocking)
    page.screenshot(path=screenshots_dir / f"edit-merge-{language}.png", full_page=True)

    question.locator('input[value="theirs"]').check()
    main.locator("button[type=submit]").click()

    expect(page).not_to_have_url(re.compile("/edit/$"))
    area = PriorityArea.objects.get(slug=PRIORITY)
    assert (area.title_en, area.title_ru) == ("Energy links", "Энергетика и транспорт")
    assert area.approved_year == 2012


def test_it_keeps_both_changes_without_javascript(
    new_context, browser_context_args, live_server, url, signed_in
):
    context = new_context(**{**browser_context_args, "java_script_enabled": False})
    client = Client()
    client.force_login(signed_in)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url + "/"}])
    page = context.new_page()
    path = reverse_in("en", "priorities:update", slug=PRIORITY)
    page.goto(url(path))
    other_editor_saves(path, title_en=["Energy links"])
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"^Description \(English\)")).fill("Pipelines and roads.")
    main.get_by_role("button", name="Save").click()

    expect(main.get_by_role("alert").first).to_contain_text("Someone else saved this record")
    expect(main.get_by_label(re.compile(r"^Title \(English\)"))).to_have_value("Energy links")
    main.get_by_role("button", name="Save").click()

    expect(page).not_to_have_url(re.compile("/edit/$"))
    area = PriorityArea.objects.get(slug=PRIORITY)
    assert (area.title_en, area.description_en) == ("Energy links", "Pipelines and roads.")


def test_it_asks_in_the_admin_beside_a_translated_field(page, url, signed_in):
    area = PriorityArea.objects.get(slug=PRIORITY)
    path = reverse_in("en", "admin:priorities_priorityarea_change", object_id=area.pk)
    page.goto(url(path))
    other_editor_saves(path, title_en=["Energy links"], approved_year=["2012"])
    page.locator("#id_title_en").fill("Energy and transport")
    page.locator("input[name=_save]").click()

    question = page.locator("#id_title_en_merge")
    expect(question).to_contain_text("Ana Petrova changed this to “Energy links”")
    # The admin's language tabs leave the choices their own names.
    question.get_by_role("radio", name="Take theirs (shown above)").check()
    expect(question.get_by_role("radio", name="Keep yours (in the field)")).not_to_be_checked()
    page.locator("input[name=_save]").click()

    expect(page).not_to_have_url(re.compile("/change/$"))
    area.refresh_from_db()
    assert (area.title_en, area.approved_year) == ("Energy links", 2012)
