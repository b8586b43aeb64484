"""An editor signs in, corrects a meeting, and finds the change in its history."""

import re

from playwright.sync_api import expect

from meetings.models import Meeting
from tests.support.factories import EDITOR_USERNAME, USER_PASSWORD
from tests.support.pages import reverse_in

NEW_OUTCOME = "Ministers agreed to review the Strategy's implementation in 2013."


def test_it_signs_in_edits_a_meeting_and_shows_the_change_in_its_history(
    page, url, seeded, editor, screenshots_dir
):
    page.goto(url(reverse_in("en", "login")))
    main = page.get_by_role("main")
    main.get_by_label("Username").fill(EDITOR_USERNAME)
    main.get_by_label("Password").fill(USER_PASSWORD)
    main.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(url(reverse_in("en", "home")))
    expect(page.get_by_role("banner")).to_contain_text("Signed in as Aida Nurlanova")

    detail = url(reverse_in("en", "meetings:detail", slug="2012-bishkek"))
    page.goto(detail)
    outcome = page.get_by_role("region", name="Outcome")
    expect(outcome).not_to_contain_text(NEW_OUTCOME)
    main.get_by_role("link", name="Edit", exact=True).click()
    expect(page).to_have_url(url(reverse_in("en", "meetings:update", slug="2012-bishkek")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Bishkek, 2012")

    field = main.get_by_label(re.compile(r"^Outcome notes \(English\)"))
    expect(field).to_have_attribute("lang", "en")
    field.fill(NEW_OUTCOME)
    page.screenshot(path=screenshots_dir / "meeting-edit-form.png", full_page=True)
    main.get_by_role("button", name="Save").click()

    expect(page).to_have_url(detail)
    expect(page.get_by_role("status").filter(has_text="Saved")).to_have_text(
        "Saved “Bishkek, 2012”."
    )
    expect(outcome).to_contain_text(NEW_OUTCOME)
    meeting = Meeting.objects.get(slug="2012-bishkek")
    assert meeting.outcome_en == NEW_OUTCOME
    assert meeting.version > 1  # the save raised the version number

    main.get_by_role("link", name="History", exact=True).click()
    expect(page).to_have_url(url(reverse_in("en", "meetings:history", slug="2012-bishkek")))
    latest = page.locator(".history-entry").first
    expect(latest).to_contain_text("By Aida Nurlanova")
    change = latest.get_by_role("row", name=re.compile("^Outcome notes \\(English\\)"))
    expect(change.locator(".history-new")).to_have_text(NEW_OUTCOME)
