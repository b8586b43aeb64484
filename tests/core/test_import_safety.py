"""Admin import is safe and bounded (issue 9, item 2): the confirm step reaches only the
upload this user made in this preview, bad input is a 4xx and never a 500, a double
confirmation imports once, size and row limits hold before any parsing, uploads do not
stay on disk, and the encoding is detected honestly or chosen.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import codecs
import os
import tempfile
import time
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from core.importing import admin as import_admin
from core.importing import forms as import_forms
from core.importing import uploads
from core.importing.resources import ImportResource
from funding.models import Allocation, Organisation, Programme
from tests.support import factories
from tests.support.importing import (
    admin_url,
    confirm,
    csv_bytes,
    private_temp_dir_fixture,  # noqa: F401 (autouse fixture)
    row_errors,
    stored_confirmation,
    upload,
)

pytestmark = pytest.mark.django_db

ORGANISATIONS = [["slug", "name_en", "kind"], ["osce-test", "OSCE", "international"]]


def pending_uploads():
    return sorted(os.listdir(uploads.upload_dir()))


def preview(client, model, content, *, encoding="", url=None, **data):
    file = SimpleUploadedFile("import.csv", content, content_type="text/csv")
    data = {"import_file": file, "format": "0", "encoding": encoding} | data
    return client.post(url or admin_url(model, "import"), data)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def other_admin(django_user_model):
    user = django_user_model.objects.create_superuser("other", "other@example.org", "x")
    client = Client()
    client.force_login(user)
    return client


# --- The confirm step reaches only this user's upload of this preview ----------------------


def test_it_refuses_to_name_any_other_file_and_leaves_it_alone(admin_client):
    secret = os.path.join(tempfile.gettempdir(), "secret.csv")
    content = csv_bytes(ORGANISATIONS)
    with open(secret, "wb") as file:
        file.write(content)
    os.makedirs(uploads.upload_dir(), exist_ok=True)
    os.link(secret, os.path.join(uploads.upload_dir(), "x" * 43))  # even a name it could make
    url = admin_url(Organisation, "process_import")
    attempts = [
        {"import_file_name": "secret.csv", "original_file_name": "x.csv", "format": "0"},
        {"import_file_name": "../secret.csv", "original_file_name": "x.csv", "format": "0"},
        {"import_token": "secret.csv"},
        {"import_token": "../secret.csv"},
        {"import_token": "x" * 43},
    ]
    for data in attempts:
        response = admin_client.post(url, data)
        assert response.status_code == 400, data
        assert messages_of(response), data
    with open(secret, "rb") as file:
        assert file.read() == content
    assert pending_uploads() == ["x" * 43]
    assert not Organisation.objects.exists()
    assert not LogEntry.objects.exists()


def test_it_refuses_another_users_token_and_keeps_the_upload_for_its_owner(
    admin_client, other_admin
):
    page = upload(admin_client, Organisation, csv_bytes(ORGANISATIONS))
    data = dict(page.context["confirm_form"].initial)
    assert list(data) == ["import_token"]
    assert len(pending_uploads()) == 1

    response = other_admin.post(admin_url(Organisation, "process_import"), data)

    assert response.status_code == 400
    assert messages_of(response) == [str(import_forms.BAD_TOKEN)]
    assert not Organisation.objects.exists()
    assert len(pending_uploads()) == 1
    assert admin_client.post(admin_url(Organisation, "process_import"), data).status_code == 302
    assert Organisation.objects.get().slug == "osce-test"


def test_it_refuses_a_token_for_another_list(admin_client):
    page = upload(admin_client, Organisation, csv_bytes(ORGANISATIONS))
    data = dict(page.context["confirm_form"].initial)
    response = admin_client.post(admin_url(Programme, "process_import"), data)
    assert response.status_code == 400
    assert messages_of(response) == [str(import_forms.BAD_TOKEN)]
    assert not Programme.objects.exists() and not Organisation.objects.exists()


def test_it_refuses_missing_garbled_and_expired_tokens_and_needs_post(
    admin_client, admin_user, client, monkeypatch
):
    url = admin_url(Organisation, "process_import")
    valid = stored_confirmation(admin_user, Organisation, csv_bytes(ORGANISATIONS))["import_token"]
    payload = signing.loads(valid, salt=uploads.SALT)
    cases = {
        "missing": ({}, import_forms.NO_TOKEN),
        "empty": ({"import_token": ""}, import_forms.NO_TOKEN),
        "garbled": ({"import_token": valid[:-3] + "abc"}, import_forms.BAD_TOKEN),
        "garbage": ({"import_token": "../../etc/passwd"}, import_forms.BAD_TOKEN),
        "nul": ({"import_token": "x\x00../../etc/passwd"}, None),
        "too long": ({"import_token": "a" * 5000}, None),
        "other salt": ({"import_token": signing.dumps(payload)}, import_forms.BAD_TOKEN),
        "format 7": ({"format": "7", "import_file_name": "a"}, import_forms.NO_TOKEN),
        "format abc": ({"format": "abc", "import_file_name": "a"}, import_forms.NO_TOKEN),
    }
    for name, (data, message) in cases.items():
        response = admin_client.post(url, data)
        assert response.status_code == 400, name
        if message is None:
            assert len(messages_of(response)) == 1, name
        else:
            assert messages_of(response) == [str(message)], name
    assert admin_client.get(url).status_code == 405
    anonymous = client.post(url, {"import_token": valid})
    assert anonymous.status_code == 302 and "/login/" in anonymous.url

    later = time.time() + uploads.max_age() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = admin_client.post(url, {"import_token": valid})
    assert response.status_code == 400
    assert messages_of(response) == [str(import_forms.EXPIRED_TOKEN)]
    assert not Organisation.objects.exists()


def test_it_makes_storage_names_only_of_its_own_tokens(tmp_path):
    for name in ("../secret.csv", "/etc/passwd", "secret.csv", "x" * 42, "x" * 43 + "/.."):
        with pytest.raises(uploads.UploadGone):
            uploads.ImportStorage(name=name)
    storage = uploads.ImportStorage()
    storage.save(b"data")
    assert uploads.NAME.fullmatch(storage.name)
    assert storage.path().parent == tmp_path / uploads.FOLDER
    assert oct(storage.path().stat().st_mode & 0o777) == oct(0o600)
    assert oct(uploads.upload_dir().stat().st_mode & 0o777) == oct(0o700)


# --- A double confirmation imports once -----------------------------------------------------


def test_it_imports_once_when_confirm_is_clicked_twice(admin_client):
    page = upload(admin_client, Organisation, csv_bytes(ORGANISATIONS))
    data = dict(page.context["confirm_form"].initial)
    url = admin_url(Organisation, "process_import")
    assert admin_client.post(url, data).status_code == 302

    again = admin_client.post(url, data)

    assert again.status_code == 409
    assert messages_of(again)[-1] == str(import_admin.GONE)
    assert Organisation.objects.count() == 1
    assert LogEntry.objects.count() == 1


def test_it_lets_only_one_of_two_simultaneous_confirmations_take_the_file():
    storage = uploads.ImportStorage()
    storage.save(b"slug\r\nx\r\n")
    first = uploads.ImportStorage(name=storage.name)
    second = uploads.ImportStorage(name=storage.name)
    assert first.claim() == b"slug\r\nx\r\n"
    with pytest.raises(uploads.UploadGone):
        second.claim()
    first.remove()
    assert pending_uploads() == []


# --- Bad preview input: a 4xx with the reason -----------------------------------------------


@pytest.mark.parametrize(
    "data",
    [{"format": "7"}, {"format": "abc"}, {"format": ""}, {"resource": "7"}, {"encoding": "koi8"}],
    ids=["format-7", "format-abc", "no-format", "resource-7", "encoding-koi8"],
)
def test_it_refuses_bad_choices_on_the_upload_form(admin_client, data):
    response = preview(admin_client, Organisation, csv_bytes(ORGANISATIONS), **data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert "confirm_form" not in response.context
    assert pending_uploads() == []


def test_it_refuses_a_missing_or_empty_file(admin_client):
    for data in ({"format": "0"}, {}):
        response = admin_client.post(admin_url(Organisation, "import"), data)
        assert response.status_code == 400
        assert response.context["form"].errors["import_file"] == ["This field is required."]
    for content, error in [
        (b"", "The submitted file is empty."),
        (b"\r\n \r\n", "The file is empty."),
        (b"slug,name_en,kind\r\n", "The file has no rows below its header row."),
    ]:
        response = preview(admin_client, Organisation, content)
        assert response.status_code == 400
        assert response.context["form"].errors["import_file"] == [error]
    assert pending_uploads() == []


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        codecs.BOM_UTF8 + b"slug\x00\x01\x02binary",
        codecs.BOM_UTF16_LE + b"\x00\xd8",  # half a surrogate pair
        codecs.BOM_UTF16_LE + "slug\x00name".encode("utf-16-le"),
    ],
    ids=["png", "utf8-bom-binary", "utf16-broken", "utf16-nul"],
)
def test_it_refuses_binary_files_on_the_form(admin_client, content):
    response = preview(admin_client, Organisation, content)
    assert response.status_code == 400
    (error,) = response.context["form"].errors["import_file"]
    assert "not a CSV file" in error or "not valid UTF-16" in error
    assert pending_uploads() == []


def test_it_refuses_bytes_that_are_not_the_chosen_encoding(admin_client):
    response = preview(
        admin_client, Organisation, "slug\r\né\r\n".encode("cp1252"), encoding="utf-8"
    )
    assert response.status_code == 400
    assert response.context["form"].errors["import_file"] == [
        "The file is not valid UTF-8 text (byte 7). "
        "Choose its encoding below, or save it as “CSV UTF-8”."
    ]


# --- Limits, before any parsing ---------------------------------------------------------------


def test_it_refuses_a_file_over_the_size_limit_before_reading_it(
    admin_client, settings, monkeypatch
):
    settings.IMPORT_MAX_BYTES = 100
    monkeypatch.setattr(import_admin, "decode_upload", pytest.fail)
    response = preview(admin_client, Organisation, b"slug,name_en,kind\r\n" + b"x,y,eu\r\n" * 20)
    assert response.status_code == 400
    assert response.context["form"].errors["import_file"] == [
        "The file is 179\xa0bytes; at most 100\xa0bytes can be imported at a time. "
        "Split it into smaller files."
    ]
    assert pending_uploads() == []


def test_it_refuses_too_many_rows_before_looking_at_any_record(admin_client, settings, monkeypatch):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["slug", "name_en", "kind"]] + [[f"o{n}", f"O {n}", "eu"] for n in range(4)]
    with monkeypatch.context() as patch:
        patch.setattr(ImportResource, "import_data", pytest.fail)
        response = preview(admin_client, Organisation, csv_bytes(rows))
    assert response.status_code == 400
    assert response.context["form"].errors["import_file"] == [
        "The file has more than 3 rows. Import at most 3 rows at a time: "
        "split the file into smaller ones."
    ]
    assert pending_uploads() == []
    rows_at_limit = csv_bytes(rows[:4] + [["", "", ""]] * 5)  # blank lines do not count
    assert upload(admin_client, Organisation, rows_at_limit).context.get("confirm_form")


def test_it_shows_the_first_rows_and_imports_them_all(admin_client, settings):
    settings.IMPORT_PREVIEW_ROWS = 2
    rows = [["slug", "name_en", "kind"]] + [[f"o{n}", f"Partner {n}", "eu"] for n in range(5)]
    page = upload(admin_client, Organisation, csv_bytes(rows))
    html = page.content.decode()
    assert "Partner 1" in html and "Partner 2" not in html
    assert 'id="import-shown-rows"' in html
    assert page.context["result"].totals["new"] == 5
    confirm(admin_client, Organisation, page)
    assert Organisation.objects.count() == 5


def test_it_previews_with_a_few_queries_per_row(admin_client, django_assert_max_num_queries):
    factories.CountryFactory(code="QK")
    rows = [["slug", "name_en", "kind", "initiator"]]
    rows += [[f"o{n}", f"Partner {n}", "eu", "qk"] for n in range(50)]
    with django_assert_max_num_queries(50 * 5 + 20):  # was 8 a row
        page = upload(admin_client, Organisation, csv_bytes(rows))
    assert page.context["result"].totals["new"] == 50


def test_it_finds_a_files_records_in_one_query_and_refuses_a_new_key_twice(
    admin_client, django_assert_max_num_queries
):
    for n in range(30):
        factories.OrganisationFactory(slug=f"o{n}", name_en=f"Old {n}")
    rows = [["slug", "name_en"]] + [[f"o{n}", f"New {n}"] for n in range(30)]
    with django_assert_max_num_queries(30 * 5 + 20):  # was one more a row
        page = upload(admin_client, Organisation, csv_bytes(rows))
    assert page.context["result"].totals["update"] == 30
    twice = [["slug", "name_en", "kind"], ["newcomer", "New", "eu"], ["newcomer", "Again", "eu"]]
    assert row_errors(upload(admin_client, Organisation, csv_bytes(twice))) == {
        2: ["Partner organisation with this Slug already exists."]
    }


def test_it_refuses_a_slug_that_is_a_path_of_its_own(admin_client):
    """/partners/new/ is the form for a new partner: no record may take it as its slug."""
    rows = [["slug", "name_en", "kind"], ["new", "New", "eu"]]
    assert row_errors(upload(admin_client, Organisation, csv_bytes(rows))) == {
        1: ["“new” is reserved; choose another."]
    }
    assert not Organisation.objects.filter(slug="new").exists()


def test_it_quotes_back_only_a_short_part_of_unknown_headers(admin_client):
    header = ["root:x:0:0:root:/root:/bin/bash" * 3] + [f"col{n}" for n in range(20)]
    page = upload(admin_client, Organisation, csv_bytes([header, ["a"] * 21]))
    (message,) = row_errors(page)[0]
    assert message.startswith("Unknown columns: root:x:0:0:root:/root:/bin/bashroot:x:0…, col0,")
    assert "col8, …. The columns are: slug" in message
    assert "col9" not in message


# --- Uploads do not stay on disk --------------------------------------------------------------


def test_it_stores_only_files_it_offers_to_import(admin_client):
    bad = upload(admin_client, Organisation, csv_bytes([["slug", "kind"], ["x", "nonsense"]]))
    assert bad.status_code == 200 and "confirm_form" not in bad.context
    assert pending_uploads() == []
    good = upload(admin_client, Organisation, csv_bytes(ORGANISATIONS))
    assert good.context["confirm_form"]
    assert len(pending_uploads()) == 1


def test_it_removes_the_upload_after_confirm(admin_client):
    page = upload(admin_client, Organisation, csv_bytes(ORGANISATIONS))
    assert len(pending_uploads()) == 1
    confirm(admin_client, Organisation, page)
    assert pending_uploads() == []


def test_it_removes_the_upload_on_cancel_and_imports_nothing(admin_client):
    page = upload(admin_client, Organisation, csv_bytes(ORGANISATIONS))
    assert 'name="cancel"' in page.content.decode()
    data = dict(page.context["confirm_form"].initial) | {"cancel": "Cancel the import"}
    response = admin_client.post(admin_url(Organisation, "process_import"), data)
    assert response.status_code == 302
    assert response.url == admin_url(Organisation, "changelist")
    assert pending_uploads() == []
    assert not Organisation.objects.exists()
    data.pop("cancel")
    assert admin_client.post(admin_url(Organisation, "process_import"), data).status_code == 409


def test_it_removes_the_upload_when_the_confirmation_fails(admin_client):
    envelope = factories.BudgetEnvelopeFactory(slug="budget", amount=Decimal("1000.00"))
    page = upload(admin_client, Allocation, csv_bytes([["envelope", "amount"], ["budget", "900"]]))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("200.00"))  # meanwhile
    assert len(pending_uploads()) == 1
    response = confirm(admin_client, Allocation, page)
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert pending_uploads() == []
    assert envelope.allocations.count() == 1


def test_it_removes_stale_uploads_on_each_upload_and_by_command(admin_client):
    folder = uploads.upload_dir()
    stale, fresh = folder / ("s" * 43), folder / ("f" * 43)
    for path in (stale, fresh):
        path.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))

    upload(admin_client, Organisation, csv_bytes(ORGANISATIONS))

    remaining = pending_uploads()
    assert stale.name not in remaining and fresh.name in remaining
    assert len(remaining) == 2
    for path in folder.iterdir():
        os.utime(path, (two_days_ago, two_days_ago))
    call_command("clean_import_uploads", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert pending_uploads() == []


def test_it_leaves_what_is_not_an_upload_in_the_folder_alone(admin_client):
    folder = uploads.upload_dir()
    two_days_ago = time.time() - 2 * 24 * 3600
    (folder / "subfolder").mkdir()
    (folder / "notes.txt").write_bytes(b"someone else's")
    for path in (folder / "subfolder", folder / "notes.txt"):
        os.utime(path, (two_days_ago, two_days_ago))

    page = upload(admin_client, Organisation, csv_bytes(ORGANISATIONS))

    assert page.status_code == 200 and page.context["confirm_form"]
    assert (folder / "subfolder").is_dir() and (folder / "notes.txt").exists()


def test_it_refuses_a_cancel_after_the_file_was_imported(admin_client):
    page = upload(admin_client, Organisation, csv_bytes(ORGANISATIONS))
    data = dict(page.context["confirm_form"].initial)
    assert admin_client.post(admin_url(Organisation, "process_import"), data).status_code == 302
    cancel = admin_client.post(
        admin_url(Organisation, "process_import"), data | {"cancel": "Cancel the import"}
    )
    assert cancel.status_code == 409
    assert "already imported or cancelled" in cancel.content.decode()
    assert Organisation.objects.exists()


# --- Encodings --------------------------------------------------------------------------------

LATIN1 = [["slug", "name_en", "kind"], ["sg", "Société Générale", "financial"]]


def test_it_warns_about_a_latin1_file_and_reads_it_as_windows_1252_when_chosen(admin_client):
    content = csv_bytes(LATIN1, encoding="cp1252")

    page = preview(admin_client, Organisation, content)

    assert page.status_code == 200
    assert "confirm_form" not in page.context  # nothing to confirm before a choice
    html = page.content.decode()
    assert 'id="import-encoding-doubtful"' in html
    assert "Sociйtй Gйnйrale" in html and "Société Générale" in html  # the two readings
    assert page.context["form"]["encoding"].value() == "windows-1252"
    assert pending_uploads() == []

    chosen = preview(admin_client, Organisation, content, encoding="windows-1252")

    assert "The file was read as Windows-1252." in chosen.content.decode()
    response = confirm(admin_client, Organisation, chosen)
    assert response.status_code == 302
    assert Organisation.objects.get(slug="sg").name_en == "Société Générale"


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("cp1251", "Windows-1251"), ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8"), ("utf-16", "UTF-16")],
)
def test_it_says_which_encoding_it_read_and_confirms_with_it(admin_client, encoding, name):
    rows = [["slug", "name_en", "name_ru", "kind"], ["osce", "OSCE", "ОБСЕ Société", "eu"]]
    if encoding == "cp1251":
        rows[1][2] = "Организация по безопасности и сотрудничеству в Европе"
    page = preview(admin_client, Organisation, csv_bytes(rows, encoding=encoding))
    html = page.content.decode()
    assert f"read as {name}" in html
    assert ("This file is not UTF-8" in html) == (encoding == "cp1251")
    confirm(admin_client, Organisation, page)
    assert Organisation.objects.get().name_ru == rows[1][2]


def test_it_confirms_in_the_encoding_the_admin_insisted_on(admin_client):
    content = csv_bytes(LATIN1, encoding="cp1252")
    page = preview(admin_client, Organisation, content, encoding="windows-1251")
    html = page.content.decode()
    assert "The file was read as Windows-1251." in html
    assert 'id="import-encoding-doubtful"' not in html
    confirm(admin_client, Organisation, page)
    assert Organisation.objects.get().name_en == "Sociйtй Gйnйrale"  # as previewed


# --- The page's language ----------------------------------------------------------------------


def test_it_refuses_in_russian_on_the_russian_admin(admin_client):
    with translation.override("ru"):
        import_url = admin_url(Organisation, "import")
        confirm_url = admin_url(Organisation, "process_import")
        no_token = str(import_forms.NO_TOKEN)
    assert import_url.startswith("/ru/admin/")

    response = preview(
        admin_client, Organisation, csv_bytes(ORGANISATIONS), url=import_url, format="abc"
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="ru"' in html
    assert "Выберите корректный вариант. abc нет среди допустимых значений." in html
    refused = admin_client.post(confirm_url, {})
    assert refused.status_code == 400
    assert '<html lang="ru"' in refused.content.decode()
    assert messages_of(refused) == [no_token]
