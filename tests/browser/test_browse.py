"""A visitor browses: overview → a priority area → a meeting → Russian and back."""

import re

from playwright.sync_api import expect

from tests.support.pages import reverse_in

STYLESHEET_APPLIED = """() => [...document.styleSheets].some(
    (sheet) => sheet.href && sheet.href.includes('/static/css/portal.') && sheet.cssRules.length > 0
)"""


def test_it_browses_from_the_overview_to_a_meeting_and_switches_language(page, url, seeded):
    page.goto(url("/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The hashed stylesheet is served (WhiteNoise) and applied.
    assert page.evaluate(STYLESHEET_APPLIED)

    # The key figure "priority areas" leads to the list; Kazakhstan's energy priority is on it.
    page.locator(".figures").get_by_role("link", name=re.compile("priority areas")).click()
    expect(page).to_have_url(url(reverse_in("en", "priorities:list")))
    page.get_by_role("link", name="Strengthening energy and transport links").click()
    expect(page).to_have_url(
        url(reverse_in("en", "priorities:detail", slug="kz-energy-and-transport-links"))
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Strengthening energy and transport links"
    )
    expect(page.get_by_role("main")).to_contain_text("Kazakhstan")

    # The main navigation leads to the meetings; Bishkek 2012 is the sixth.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    expect(page).to_have_url(url(reverse_in("en", "meetings:list")))
    page.get_by_role("table").get_by_role("link", name="Bishkek").click()
    bishkek_en = url(reverse_in("en", "meetings:detail", slug="2012-bishkek"))
    expect(page).to_have_url(bishkek_en)
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting 6: Bishkek, 2012")

    # The language switcher keeps the page: the same meeting, in Russian.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
    bishkek_ru = url(reverse_in("ru", "meetings:detail", slug="2012-bishkek"))
    assert bishkek_ru.endswith("/ru/meetings/2012-bishkek/")
    expect(page).to_have_url(bishkek_ru)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Бишкек")
    expect(page.get_by_role("main")).to_contain_text("Кыргызстан")
    expect(page.get_by_role("navigation", name="Основная")).to_be_visible()

    # And back to English.
    page.get_by_role("navigation", name="Язык").get_by_role("link", name="English").click()
    expect(page).to_have_url(bishkek_en)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting 6: Bishkek, 2012")
