"""The error watch every browser test relies on does catch what it promises to catch."""

from tests.support.browser import BrowserErrors
from tests.support.pages import reverse_in


def test_it_catches_missing_resources_script_errors_and_unexpected_error_pages(
    new_context, browser_context_args, url, seeded
):
    # A context of its own: these errors are the point here, not a reason to fail.
    context = new_context(**browser_context_args)
    errors = BrowserErrors()
    errors.watch_context(context)
    page = context.new_page()

    context.route("**/static/css/*.css", lambda route: route.fulfill(status=404, body=""))
    page.goto(url(reverse_in("en", "home")))
    page.evaluate("setTimeout(() => { throw new Error('boom'); })")
    page.wait_for_event("pageerror")
    assert any(e.startswith("HTTP 404: stylesheet ") for e in errors.errors), errors.errors
    assert "page error: boom" in errors.errors
    context.unroute("**/static/css/*.css")

    missing = url("/no-such-page/")
    errors.errors.clear()
    assert page.goto(missing).status == 404
    assert any("404" in e and missing in e for e in errors.errors), errors.errors

    errors.errors.clear()
    errors.allow(missing, 404)  # what the accessibility test of the 404 page does
    assert page.goto(missing).status == 404
    assert errors.errors == []
