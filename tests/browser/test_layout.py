"""Layout on a phone and on a desktop, with screenshots to look at, and the site's icon."""

import pytest
from playwright.sync_api import expect

from tests.support.pages import reverse_in

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
MAIN_NAV = {"en": "Main", "ru": "Основная"}  # its label: "Main", "Основная навигация"
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"
SCREENSHOT_PAGES = {
    "overview": ("home", {}),
    "meeting": ("meetings:detail", {"slug": "2012-bishkek"}),
    "funding": ("funding:list", {}),
}


def in_viewport(locator, width):
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not rendered"
    return box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


def test_it_fits_the_overview_in_a_360_pixel_wide_phone_screen(
    new_context, browser_context_args, browser_errors, url, seeded, screenshots_dir
):
    context = new_context(**{**browser_context_args, **PHONE})
    browser_errors.watch_context(context)
    page = context.new_page()
    page.goto(url(reverse_in("en", "home")))

    page.screenshot(path=screenshots_dir / "overview-360.png")  # the first screen, 360×740
    scroll_width = page.evaluate(SCROLL_WIDTH)
    assert scroll_width <= 360, f"the overview scrolls sideways: {scroll_width}px wide"
    nav = page.get_by_role("navigation", name="Main")
    h1 = page.get_by_role("heading", level=1)
    expect(nav).to_be_visible()
    expect(h1).to_be_visible()
    assert in_viewport(nav, 360), nav.bounding_box()
    assert in_viewport(h1, 360), h1.bounding_box()


@pytest.mark.parametrize("options", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_renders_the_key_pages_for_screenshots(
    new_context,
    browser_context_args,
    browser_errors,
    url,
    funding_records,  # the seed and an allocation line, so that the funding chart has a bar
    screenshots_dir,
    options,
):
    width = options["viewport"]["width"]
    context = new_context(**{**browser_context_args, **options})
    browser_errors.watch_context(context)
    page = context.new_page()
    for language in ("en", "ru"):
        for name, (url_name, kwargs) in SCREENSHOT_PAGES.items():
            page.goto(url(reverse_in(language, url_name, **kwargs)))
            suffix = "" if language == "en" else f"-{language}"
            page.screenshot(
                path=screenshots_dir / f"{name}{suffix}-{width}-full.png", full_page=True
            )
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            expect(page.get_by_role("navigation", name=MAIN_NAV[language])).to_be_visible()
            expect(page.get_by_role("contentinfo")).to_be_attached()
            scroll_width = page.evaluate(SCROLL_WIDTH)
            assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width}px wide"


def test_it_declares_a_favicon_that_loads(page, url, seeded):
    """Without an icon, browsers ask for /favicon.ico and log its 404 as a console error."""
    page.goto(url(reverse_in("en", "home")))
    icon = page.locator("head link[rel~='icon']").first
    expect(icon).to_be_attached()
    href = icon.evaluate("link => link.href")  # absolute
    response = page.request.get(href)
    assert response.status == 200, f"{href} answered {response.status}"
    assert response.headers["content-type"].startswith("image/"), response.headers
