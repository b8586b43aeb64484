"""Helpers and the upload folder fixture shared by the test_import_* modules."""

import csv
import io
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.importing.uploads import ImportStorage, Upload, sign
from funding.models import Allocation, Organisation, Programme
from funding.resources import AllocationResource, OrganisationResource, ProgrammeResource
from meetings.models import Meeting
from meetings.resources import MeetingResource

RESOURCES = {
    Organisation: OrganisationResource,
    Programme: ProgrammeResource,
    Allocation: AllocationResource,
    Meeting: MeetingResource,
}


@pytest.fixture(name="_private_temp_dir", autouse=True)
def private_temp_dir_fixture(monkeypatch, tmp_path):
    """The import keeps an upload in a folder in the temp folder between preview and
    confirm (core/importing/uploads.py)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def admin_url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def csv_bytes(rows, *, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(client, model, content, name="import.csv"):
    """The admin's first step: upload, dry run, preview."""
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(admin_url(model, "import"), {"import_file": file, "format": "0"})


def confirm(client, model, preview):
    """The admin's second step: the confirm form as the preview rendered it."""
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is not None, row_errors(preview)
    data = dict(preview.context["confirm_form"].initial)
    return client.post(admin_url(model, "process_import"), data)


def stored_confirmation(user, model, content, name="import.csv", codec="utf-8"):
    """The confirm step's data for ``content`` stored as a preview would store it for
    ``user``: what a hand-made request could post had the preview not refused the file."""
    storage = ImportStorage()
    storage.save(content)
    upload = Upload(name=storage.name, codec=codec, resource=0, original_name=name)
    return {"import_token": sign(upload, user=user, model=model)}


def import_file(client, model, content):
    response = confirm(client, model, upload(client, model, content))
    assert response.status_code == 302, row_errors(response)
    assert response.url == admin_url(model, "changelist")
    return response


def row_errors(response):
    """{row number: sorted messages} of a preview or a failed confirm step (0: the file)."""
    result = response.context["result"]
    errors = {}
    for row in result.invalid_rows:
        for messages in row.field_specific_errors.values():
            errors.setdefault(row.number, []).extend(str(message) for message in messages)
        errors.setdefault(row.number, []).extend(map(str, row.non_field_specific_errors))
    for number, row_error_list in result.row_errors():
        errors.setdefault(number, []).extend(str(error.error) for error in row_error_list)
    for error in result.base_errors:
        errors.setdefault(0, []).append(str(error.error))
    return {number: sorted(messages) for number, messages in errors.items()}


def history_of(model):
    return model.history.order_by("history_id")


def export(client, model):
    resource = RESOURCES[model]
    prefix = resource.__name__.lower()
    data = {"format": "0", "resource": "0"}
    data |= {f"{prefix}_{name}": "on" for name in resource._meta.fields}
    response = client.post(admin_url(model, "export"), data)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response


def exported_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))
