"""One field list per model: the site's form, the CSV import and the admin read it."""

import pytest

from funding.admin import AllocationInline, ProgrammeAllocationInline
from funding.forms import AllocationForm, OrganisationForm, ProgrammeForm
from funding.models import Allocation, Organisation, Programme
from funding.resources import AllocationResource, OrganisationResource, ProgrammeResource


@pytest.mark.parametrize(
    ("form", "resource", "model"),
    [
        (OrganisationForm, OrganisationResource, Organisation),
        (ProgrammeForm, ProgrammeResource, Programme),
        (AllocationForm, AllocationResource, Allocation),
    ],
)
def test_it_gives_the_form_and_the_import_the_models_field_list(form, resource, model):
    columns = [name for name in resource._meta.fields if name != "id"]  # the import's key
    assert list(form.Meta.fields) == columns
    assert [name.removesuffix("_en") for name in columns if not name.endswith("_ru")] == list(
        model.EDITABLE_FIELDS
    )


def test_it_gives_the_admin_inlines_the_allocation_fields_but_their_parent():
    assert AllocationInline.fields == tuple(
        name for name in Allocation.EDITABLE_FIELDS if name != "envelope"
    )
    assert ProgrammeAllocationInline.fields == tuple(
        name for name in Allocation.EDITABLE_FIELDS if name != "programme"
    )
    assert set(AllocationInline.autocomplete_fields) <= set(Allocation.LINKS)
