"""axe-core finds no serious or critical accessibility violation on any page, in either
language: the public pages, the 404 page, the login page and the editors' forms.

axe-core is the npm package package.json pins, loaded from node_modules/ (`make install`
runs `npm ci`); a test checks that the browser runs exactly that version.
"""

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import expect

from tests.support.pages import reverse_in

PRIORITY = "kz-energy-and-transport-links"
MEETING = "2012-bishkek"
COMMITMENT = "eu-economic-assistance"


@dataclass(frozen=True)
class Target:
    """A page to check: a URL name and its arguments, or a literal path."""

    url_name: str = ""
    kwargs: dict = field(default_factory=dict)
    path: str = ""  # without the language prefix, for pages no URL name reaches
    status: int = 200
    editor: bool = False  # open it signed in as the editor

    def location(self, language, records):
        if self.path:
            return ("" if language == "en" else f"/{language}") + self.path
        # A value naming a seeded record that has no stable key (an allocation's id).
        kwargs = {k: records[v[1:]].pk if v.startswith("@") else v for k, v in self.kwargs.items()}
        return reverse_in(language, self.url_name, **kwargs)


# Every page checked, in both languages. A new page is one more line: a name for the test id
# and its Target (the URL name and arguments, `editor=True` for the editors' forms).
TARGETS = {
    "overview": Target("home"),
    # Lists.
    "priorities": Target("priorities:list"),
    "themes": Target("themes:list"),
    "meetings": Target("meetings:list"),
    "partners": Target("partners:list"),
    "funding": Target("funding:list"),
    "programmes": Target("programmes:list"),
    "countries": Target("countries:list"),
    "matrix": Target("matrix:list"),
    "matrix-commitments": Target(path="/matrix/?show=commitments"),
    "commitments": Target("commitments:list"),
    "sources": Target("sources:list"),
    "quality": Target("quality"),
    # Open data (issue 13).
    "data": Target("data:index"),
    "api": Target("api:index"),
    # One record of each kind.
    "priority": Target("priorities:detail", {"slug": PRIORITY}),
    "theme": Target("themes:detail", {"slug": "energy"}),
    "meeting": Target("meetings:detail", {"slug": MEETING}),
    "partner": Target("partners:detail", {"slug": "ebrd"}),
    "allocation": Target("funding:detail", {"pk": "@allocation"}),
    "programme": Target("programmes:detail", {"slug": "energy-links"}),
    "country": Target("countries:detail", {"code": "kz"}),
    "commitment": Target("commitments:detail", {"slug": COMMITMENT}),
    "source-text": Target("sources:detail", {"slug": "source-text"}),
    "matrix-cell": Target("matrix:detail", {"priority": PRIORITY, "meeting": MEETING}),
    # History, sign-in, errors.
    "meeting-history": Target("meetings:history", {"slug": MEETING}),
    "commitment-history": Target("commitments:history", {"slug": COMMITMENT}),
    "changes": Target("changes"),
    "login": Target("login"),
    "not-found": Target(path="/no-such-page/", status=404),
    # The editors' forms.
    "priority-new": Target("priorities:create", editor=True),
    "priority-edit": Target("priorities:update", {"slug": PRIORITY}, editor=True),
    "theme-new": Target("themes:create", editor=True),
    "theme-edit": Target("themes:update", {"slug": "energy"}, editor=True),
    "meeting-new": Target("meetings:create", editor=True),
    "meeting-edit": Target("meetings:update", {"slug": MEETING}, editor=True),
    "partner-new": Target("partners:create", editor=True),
    "partner-edit": Target("partners:update", {"slug": "ebrd"}, editor=True),
    "allocation-new": Target("funding:create", editor=True),
    "allocation-edit": Target("funding:update", {"pk": "@allocation"}, editor=True),
    "programme-new": Target("programmes:create", editor=True),
    "programme-edit": Target("programmes:update", {"slug": "energy-links"}, editor=True),
    "commitment-new": Target("commitments:create", editor=True),
    "commitment-edit": Target("commitments:update", {"slug": COMMITMENT}, editor=True),
    "commitment-status": Target("commitments:status", {"slug": COMMITMENT}, editor=True),
}


@pytest.fixture
def a11y_records(funding_records, editor):
    """The seed, a programme and an allocation line, and an edit with a history diff."""
    from meetings.models import Meeting

    meeting = Meeting.objects.get(slug=MEETING)
    meeting.outcome_en = "Ministers agreed to meet again in 2013."
    meeting._history_user = editor
    meeting.save()
    return funding_records


@pytest.mark.parametrize("name", list(TARGETS))
@pytest.mark.parametrize("language", ["en", "ru"])
def test_it_has_no_serious_accessibility_violations(
    request, page, url, browser_errors, axe, a11y_records, language, name
):
    target = TARGETS[name]
    if target.editor:
        request.getfixturevalue("signed_in")
    address = url(target.location(language, a11y_records))
    if target.status != 200:
        browser_errors.allow(address, target.status)  # the page itself answers an error

    response = page.goto(address)

    assert response.status == target.status, f"{address} answered {response.status}"
    assert page.url == address, f"{address} redirected to {page.url}"
    expect(page.locator("html")).to_have_attribute("lang", language)
    blocking = axe.blocking_violations(page)
    assert not blocking, (
        f"axe {axe.version(page)} on {address} ({language}):\n{axe.describe(blocking)}"
    )


def test_it_runs_the_axe_core_version_package_json_pins(page, axe, axe_pinned_version):
    assert re.fullmatch(r"\d+\.\d+\.\d+", axe_pinned_version), (
        f"package.json should pin axe-core to an exact version, not {axe_pinned_version!r}"
    )
    assert axe.version(page) == axe_pinned_version, (
        "node_modules/axe-core is not the version package.json pins: run `make install`"
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_it_names_each_timeline_link_by_what_it_shows_first(page, url, seeded, language):
    """WCAG 2.5.3 (label in name): no aria-label; the meeting's number follows, unseen."""
    page.goto(url(reverse_in(language, "home")))
    links = page.locator("a.timeline-item")
    expect(links).to_have_count(6)
    for link in links.all():
        shown = link.evaluate(
            """a => { const text = a.querySelector("text").cloneNode(true);
                      text.querySelectorAll(".timeline-number").forEach(t => t.remove());
                      return text.textContent.replace(/\\s+/g, " ").trim(); }"""
        )
        assert shown and link.get_attribute("aria-label") is None
        expect(link).to_have_accessible_name(re.compile(rf"^{re.escape(shown)}, \S+"))
