"""A reader follows a commitment from the list to its sources; an editor records what
happened since, with its evidence, and the commitment's status follows."""

import re

from playwright.sync_api import expect

from core.models import Source
from meetings.models import Commitment, Status
from tests.support.pages import reverse_in

COMMITMENT = "eu-security-assistance"


def test_it_filters_the_commitments_and_follows_a_footnote_to_the_source_text(
    page, url, seeded, screenshots_dir
):
    page.goto(url(reverse_in("en", "commitments:list")))
    main = page.get_by_role("main")
    main.get_by_label("Current status").select_option("announced")
    main.get_by_role("button", name=re.compile("^(Filter|Apply|Show)")).first.click()
    expect(page).to_have_url(re.compile(r"status=announced"))
    rows = main.locator("tbody tr")
    expect(rows).to_have_count(Commitment.objects.count())  # every seeded one is announced

    page.goto(url(reverse_in("en", "commitments:detail", slug=COMMITMENT)))
    expect(main.locator(".badge.status-announced").first).to_have_text("Announced")
    timeline = page.get_by_role("region", name="Status timeline")
    expect(timeline).to_contain_text("организованной преступностью")  # the quoted evidence
    mark = main.locator("sup.cite a").first
    target = mark.get_attribute("href")
    mark.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    note = page.locator(target)
    expect(note).to_be_in_viewport()
    note.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("source text")
    expect(main).to_contain_text("Подготовленная по инициативе Германии")  # the full text
    page.screenshot(path=screenshots_dir / "commitment-source-text.png", full_page=True)


def test_it_records_a_status_change_with_its_evidence(page, url, signed_in, screenshots_dir):
    detail = url(reverse_in("en", "commitments:detail", slug=COMMITMENT))
    page.goto(detail)
    main = page.get_by_role("main")
    main.get_by_role("link", name="Add a status change").click()
    main.get_by_label("Status").select_option(Status.IN_PROGRESS)
    main.get_by_label(re.compile(r"^Note \(English\)")).fill("Border programmes began.")
    main.get_by_role("button", name="Save").click()
    # No evidence, no Russian note: refused, and what the editor typed is still there.
    expect(main).to_contain_text("Every status change needs evidence")
    expect(main.get_by_label(re.compile(r"^Note \(English\)"))).to_have_value(
        "Border programmes began."
    )
    main.get_by_label(re.compile(r"^Note \(Russian\)")).fill("Начались пограничные программы.")
    main.get_by_label("Evidence:", exact=True).select_option(
        str(Source.objects.get(slug="source-text").pk)
    )
    main.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(re.escape(detail) + r"#change-\d+$"))  # the new entry
    expect(main.locator(".badge.status-in-progress").first).to_have_text("In progress")
    commitment = Commitment.objects.with_status().get(slug=COMMITMENT)
    assert commitment.current_status == Status.IN_PROGRESS
    page.screenshot(path=screenshots_dir / "commitment-status-added.png", full_page=True)
