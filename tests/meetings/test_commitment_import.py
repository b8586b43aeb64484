"""Admin bulk import of commitments and of their status changes: good files with the
preview and confirm steps, and every row the site and the admin would refuse (no party, no
evidence, an unknown source or status, a date in the future) refused with its reason.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import Source
from meetings.models import Commitment, Status, StatusChange
from meetings.models.commitment import NO_PARTY
from meetings.resources import CommitmentResource, StatusChangeResource
from tests.support import factories
from tests.support.importing import (
    admin_url,
    confirm,
    csv_bytes,
    history_of,
    import_file,
    private_temp_dir_fixture,  # noqa: F401 (autouse fixture)
    row_errors,
    stored_confirmation,
    upload,
)

pytestmark = pytest.mark.django_db

NO_EVIDENCE = "Every status change needs evidence: choose the source that shows it."
COMMITMENT_COLUMNS = [
    "slug", "text_en", "text_ru", "strategy", "meeting", "date", "countries", "organisations",
    "involves", "priorities", "themes",
]  # fmt: skip
CHANGE_COLUMNS = ["commitment", "date", "status", "note_en", "note_ru", "source", "locator"]


def make_source(slug):
    return Source.objects.create(
        slug=slug, title_en=f"Source {slug}", kind=Source.Kind.OFFICIAL, language="ru"
    )


def make_commitment(slug, **values):
    commitment = Commitment.objects.create(
        slug=slug, text_en=f"Commitment {slug}", strategy=factories.StrategyFactory(), **values
    )
    commitment.countries.add(factories.CountryFactory())
    return commitment


@pytest.fixture
def linked():
    """What a commitment file names: a strategy, a meeting, countries, partners, a priority
    area and themes, by their keys."""
    factories.StrategyFactory(slug="strategy-2019")
    factories.MeetingFactory(slug="2024-astana", year=2024)
    factories.CountryFactory(code="QK")
    factories.CountryFactory(code="QZ")
    factories.OrganisationFactory(slug="eu")
    factories.OrganisationFactory(slug="undp")
    factories.PriorityAreaFactory(slug="kz-water")
    factories.ThemeFactory(slug="water")
    factories.ThemeFactory(slug="energy")


# --- Commitments -------------------------------------------------------------------------------


def test_it_imports_commitments_with_their_links_after_a_preview(admin_client, admin_user, linked):
    rows = [
        COMMITMENT_COLUMNS,
        ["water-pledge", "Joint water plan", "Общий водный план", "strategy-2019", "",
         "15.01.2019", "qk; QZ", "eu", "undp", "kz-water", "water,energy"],
        ["astana-pledge", "Transport links", "", "", "2024-astana", "2024-06-01", "",
         "eu", "", "", ""],
    ]  # fmt: skip
    preview = upload(admin_client, Commitment, csv_bytes(rows))
    assert [row.import_type for row in preview.context["result"].rows] == ["new", "new"]
    assert not Commitment.objects.exists()  # a preview saves nothing

    assert confirm(admin_client, Commitment, preview).status_code == 302

    water = Commitment.objects.get(slug="water-pledge")
    assert (water.text_en, water.text_ru, water.strategy.slug) == (
        "Joint water plan",
        "Общий водный план",
        "strategy-2019",
    )
    assert water.date == datetime.date(2019, 1, 15)
    assert sorted(water.countries.values_list("code", flat=True)) == ["QK", "QZ"]
    assert [o.slug for o in water.organisations.all()] == ["eu"]
    assert [o.slug for o in water.involves.all()] == ["undp"]
    assert [p.slug for p in water.priorities.all()] == ["kz-water"]
    assert sorted(water.themes.values_list("slug", flat=True)) == ["energy", "water"]
    astana = Commitment.objects.with_status().get(slug="astana-pledge")
    assert astana.meeting.slug == "2024-astana" and astana.strategy is None
    assert astana.current_status is None  # no status yet: its changes come in their own file
    records = list(history_of(Commitment))
    assert [record.slug for record in records] == ["water-pledge", "astana-pledge"]
    assert {(r.history_user, r.history_change_reason) for r in records} == {(admin_user, "import")}
    assert records[0].countries.count() == 2  # one history row, many-to-many values included


def test_it_refuses_a_commitment_without_a_party(admin_client, linked):
    saved = make_commitment("saved")
    rows = [
        ["slug", "text_en", "strategy", "countries", "organisations"],
        ["no-party", "Nobody promised", "strategy-2019", "", ""],
        ["saved", "Still promised", "strategy-2019", "", ""],  # takes its parties away
        ["fine", "Promised", "strategy-2019", "", "eu"],
    ]
    preview = upload(admin_client, Commitment, csv_bytes(rows))
    assert "confirm_form" not in preview.context
    assert row_errors(preview) == {1: [str(NO_PARTY)], 2: [str(NO_PARTY)]}
    assert list(Commitment.objects.values_list("slug", flat=True)) == ["saved"]
    assert saved.countries.count() == 1


def test_it_keeps_the_saved_parties_of_a_column_the_file_leaves_out(admin_client, linked):
    saved = make_commitment("saved")
    import_file(admin_client, Commitment, csv_bytes([["slug", "text_en"], ["saved", "Renamed"]]))
    saved.refresh_from_db()
    assert (saved.text_en, saved.version, saved.countries.count()) == ("Renamed", 2, 1)


def test_it_names_unknown_keys_and_the_models_rules(admin_client, linked):
    rows = [
        ["slug", "text_en", "strategy", "meeting", "countries", "organisations"],
        ["a", "A", "no-strategy", "", "qk", "nobody"],
        ["b", "B", "strategy-2019", "2024-astana", "qk", ""],
        ["c", "C", "", "", "zz", ""],
    ]
    preview = upload(admin_client, Commitment, csv_bytes(rows))
    both = "Say where the commitment was made: in the strategy or at a meeting, not both."
    assert row_errors(preview) == {
        1: [
            "There is no partner organisation with slug “nobody”.",
            "There is no strategy with slug “no-strategy”.",
        ],
        2: [both],
        3: [both, "There is no country with ISO 3166-1 alpha-2 code “ZZ”."],
    }
    assert not Commitment.objects.exists()


# --- Status changes ----------------------------------------------------------------------------


@pytest.fixture
def evidence():
    make_commitment("water-pledge", date=datetime.date(2019, 1, 15))
    return make_source("official-report")


def change(**values):
    row = {
        "commitment": "water-pledge",
        "date": "2024-03-01",
        "status": "in-progress",
        "note_en": "Work began.",
        "note_ru": "Работа началась.",
        "source": "official-report",
        "locator": "p. 3",
    } | values
    return [row[name] for name in CHANGE_COLUMNS]


def test_it_imports_status_changes_and_the_latest_is_the_current_status(
    admin_client, admin_user, evidence
):
    rows = [
        CHANGE_COLUMNS,
        change(date="01.03.2024", status="In progress"),
        change(date="2024-09-01", status="achieved", locator=""),
        change(date="2024-05-01", status="Застопорилось"),  # a Russian label
    ]
    preview = upload(admin_client, StatusChange, csv_bytes(rows, delimiter=";", encoding="cp1251"))
    assert not StatusChange.objects.exists()
    assert confirm(admin_client, StatusChange, preview).status_code == 302

    changes = StatusChange.objects.filter(commitment__slug="water-pledge").order_by("date")
    assert [(c.date.isoformat(), c.status) for c in changes] == [
        ("2024-03-01", Status.IN_PROGRESS),
        ("2024-05-01", Status.STALLED),
        ("2024-09-01", Status.ACHIEVED),
    ]
    assert {c.source.slug for c in changes} == {"official-report"}
    assert changes[0].note_ru == "Работа началась."
    commitment = Commitment.objects.with_status().get(slug="water-pledge")
    assert (commitment.current_status, commitment.status_date) == (
        Status.ACHIEVED,
        datetime.date(2024, 9, 1),
    )
    records = history_of(StatusChange)
    assert {(r.history_user, r.history_change_reason) for r in records} == {(admin_user, "import")}


def test_it_refuses_a_status_change_without_evidence_and_saves_nothing(
    admin_client, admin_user, evidence
):
    rows = [CHANGE_COLUMNS, change(), change(date="2024-04-01", source="")]
    content = csv_bytes(rows)
    preview = upload(admin_client, StatusChange, content)
    assert "confirm_form" not in preview.context
    assert row_errors(preview) == {2: [NO_EVIDENCE]}
    assert NO_EVIDENCE in preview.content.decode()

    # Confirmed anyway (a hand-made request): refused again, nothing saved.
    data = stored_confirmation(admin_user, StatusChange, content)
    response = admin_client.post(admin_url(StatusChange, "process_import"), data)
    assert response.status_code == 200
    assert row_errors(response) == {2: [NO_EVIDENCE]}
    assert "Nothing was imported" in response.content.decode()
    assert not StatusChange.objects.exists()

    without_column = [[c for c in CHANGE_COLUMNS if c != "source"], [*change()[:-2], "p. 3"]]
    preview = upload(admin_client, StatusChange, csv_bytes(without_column))
    assert row_errors(preview) == {1: [NO_EVIDENCE]}
    assert not StatusChange.objects.exists()


def test_it_refuses_unknown_sources_commitments_and_statuses(admin_client, evidence):
    rows = [
        CHANGE_COLUMNS,
        change(source="no-such-report"),
        change(commitment="no-such-pledge"),
        change(status="finished"),
        change(status=""),
    ]
    preview = upload(admin_client, StatusChange, csv_bytes(rows))
    assert row_errors(preview) == {
        1: ["There is no source with slug “no-such-report”."],
        2: ["There is no commitment with slug “no-such-pledge”."],
        3: ["Value 'finished' is not a valid choice."],
        4: ["This field cannot be blank."],
    }
    assert not StatusChange.objects.exists()


def test_it_refuses_dates_in_the_future_before_the_commitment_or_unreadable(admin_client, evidence):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rows = [
        CHANGE_COLUMNS,
        change(date=tomorrow.isoformat()),
        change(date="2018-12-31"),
        change(date="next week"),
    ]
    preview = upload(admin_client, StatusChange, csv_bytes(rows))
    assert row_errors(preview) == {
        1: ["A status change cannot be dated in the future."],
        2: ["A status change cannot come before the commitment was made."],
        3: ["“next week” is not a date. Write it as 2012-11-26 or 26.11.2012."],
    }
    assert not StatusChange.objects.exists()


def test_it_needs_the_note_in_both_languages(admin_client, evidence):
    preview = upload(admin_client, StatusChange, csv_bytes([CHANGE_COLUMNS, change(note_ru="")]))
    (messages,) = row_errors(preview).values()
    assert "Write the note in English and in Russian." in messages
    assert not StatusChange.objects.exists()


def test_it_updates_a_change_by_id_and_refuses_an_unknown_id(admin_client, evidence):
    saved = StatusChange.objects.create(
        commitment=Commitment.objects.get(),
        date=datetime.date(2024, 1, 1),
        status=Status.ANNOUNCED,
        note_en="Announced.",
        note_ru="Объявлено.",
        source=evidence,
    )
    rows = [["id", "status", "locator"], [str(saved.pk), "stalled", "§ 4"]]
    import_file(admin_client, StatusChange, csv_bytes(rows))
    saved.refresh_from_db()
    assert (saved.status, saved.locator, saved.version) == (Status.STALLED, "§ 4", 2)
    assert saved.source == evidence  # a column the file leaves out keeps its value

    preview = upload(admin_client, StatusChange, csv_bytes([["id", "status"], ["999999", "x"]]))
    assert row_errors(preview)[1][0] == (
        "There is no status change with id 999999. Leave the id empty to add a new change."
    )
    preview = upload(admin_client, StatusChange, csv_bytes([["id", "source"], [saved.pk, ""]]))
    assert row_errors(preview) == {1: [NO_EVIDENCE]}  # nor can an update take it away
    saved.refresh_from_db()
    assert saved.source == evidence


# --- Files ---------------------------------------------------------------------------------------


def test_it_refuses_bytes_that_are_not_the_chosen_encoding(admin_client, evidence):
    content = csv_bytes([CHANGE_COLUMNS, change(note_ru="Работа")], encoding="cp1251")
    response = admin_client.post(
        admin_url(StatusChange, "import"),
        {"import_file": _file(content), "format": "0", "encoding": "utf-8"},
    )
    assert response.status_code == 400
    (error,) = response.context["form"].errors["import_file"]
    assert error.startswith("The file is not valid UTF-8 text")
    assert not StatusChange.objects.exists()


def test_it_names_the_columns_and_offers_both_lists_in_admin(admin_client):
    for model, resource in ((Commitment, CommitmentResource), (StatusChange, StatusChangeResource)):
        page = admin_client.get(admin_url(model, "import"))
        assert page.status_code == 200
        assert page.context["fields_list"][0][1] == list(resource._meta.fields)
    unknown = upload(admin_client, Commitment, csv_bytes([["slug", "status"], ["a", "achieved"]]))
    assert row_errors(unknown)[0][0].startswith("Unknown columns: status.")


def test_it_exports_what_it_imports(admin_client, evidence):
    data = {"format": "0", "resource": "0"}
    prefix = StatusChangeResource.__name__.lower()
    data |= {f"{prefix}_{name}": "on" for name in StatusChangeResource._meta.fields}
    import_file(admin_client, StatusChange, csv_bytes([CHANGE_COLUMNS, change()]))
    exported = admin_client.post(admin_url(StatusChange, "export"), data)
    assert exported.status_code == 200
    text = exported.content.decode("utf-8-sig")
    assert "water-pledge" in text and "official-report" in text
    preview = upload(admin_client, StatusChange, exported.content)
    assert [row.import_type for row in preview.context["result"].rows] == ["skip"]


def _file(content):
    return SimpleUploadedFile("changes.csv", content, content_type="text/csv")
