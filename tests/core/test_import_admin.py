"""Bulk import and export in the admin: the links and pages, CSV only in one transaction,
and who may import or export.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from core.importing.files import ExcelCSV
from core.importing.resources import ImportResource
from funding.models import Organisation
from tests.support import factories
from tests.support.importing import (
    RESOURCES,
    admin_url,
    csv_bytes,
    export,
    exported_rows,
    history_of,
    import_file,
    private_temp_dir_fixture,  # noqa: F401 (autouse fixture)
)

pytestmark = pytest.mark.django_db


by_model = pytest.mark.parametrize("model", list(RESOURCES), ids=lambda model: model.__name__)


# --- Wiring ------------------------------------------------------------------------------------


@by_model
def test_it_shows_import_and_export_on_the_changelist_and_serves_both_pages(admin_client, model):
    html = admin_client.get(admin_url(model, "changelist")).content.decode()
    assert f"href='{admin_url(model, 'import')}' class=\"import_link\"" in html
    assert f'href="{admin_url(model, "export")}?" class="export_link"' in html
    page = admin_client.get(admin_url(model, "import"))
    assert page.status_code == 200
    assert page.context["fields_list"][0][1] == list(RESOURCES[model]._meta.fields)
    assert admin_client.get(admin_url(model, "export")).status_code == 200


def test_it_offers_only_csv_and_imports_in_one_transaction():
    assert settings.IMPORT_EXPORT_USE_TRANSACTIONS is True
    for name in ("IMPORT_EXPORT_FORMATS", "IMPORT_FORMATS", "EXPORT_FORMATS"):
        assert getattr(settings, name) == [ExcelCSV], name
    for resource in RESOURCES.values():
        assert issubclass(resource, ImportResource)
        assert resource().get_use_transactions() is True
        assert resource._meta.clean_model_instances is True


# --- Permissions -------------------------------------------------------------------------------


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


@by_model
def test_it_forbids_import_and_export_to_staff_without_permissions(staff_client, model):
    assert staff_client.get(admin_url(model, "import")).status_code == 403
    assert staff_client.get(admin_url(model, "export")).status_code == 403
    assert staff_client.post(admin_url(model, "process_import"), {}).status_code == 403


def test_it_lets_a_viewer_export_but_not_import(staff_client):
    grant(staff_client.user, "view_organisation")
    factories.OrganisationFactory(slug="osce")
    html = staff_client.get(admin_url(Organisation, "changelist")).content.decode()
    assert 'class="export_link"' in html
    assert 'class="import_link"' not in html
    assert [row["slug"] for row in exported_rows(export(staff_client, Organisation))] == ["osce"]
    assert staff_client.get(admin_url(Organisation, "import")).status_code == 403
    content = csv_bytes([["slug", "name_en", "kind"], ["newcomer", "New", "eu"]])
    file = SimpleUploadedFile("x.csv", content)
    response = staff_client.post(
        admin_url(Organisation, "import"), {"import_file": file, "format": "0"}
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(slug="newcomer").exists()


def test_it_needs_both_add_and_change_to_import(staff_client):
    grant(staff_client.user, "view_organisation", "change_organisation")
    assert staff_client.get(admin_url(Organisation, "import")).status_code == 403
    grant(staff_client.user, "add_organisation")
    assert staff_client.get(admin_url(Organisation, "import")).status_code == 200
    import_file(
        staff_client, Organisation, csv_bytes([["slug", "name_en", "kind"], ["n", "N", "eu"]])
    )
    record = history_of(Organisation).get()
    assert (record.history_user, record.history_change_reason) == (staff_client.user, "import")
